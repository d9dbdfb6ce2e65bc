// The root of every page: theme before first paint, fonts and colours for both themes.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = { title: { default: "Sluice", template: "%s · Sluice" } };

// Runs before the page paints, so a dark theme never flashes light: the saved choice, else the system's.
const themeScript = `try{const t=localStorage.getItem("theme");if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch{}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The script changes the class before React hydrates; the warning about it would be noise.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
