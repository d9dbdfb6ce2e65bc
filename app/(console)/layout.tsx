// Every console page: signed-in users only, with the sections their role may open, the theme
// switch, sign-out, and the banner that says when the Sluice server cannot be reached.
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button.tsx";
import { ApiBanner } from "@/components/layout/api-banner.tsx";
import { Nav } from "@/components/layout/nav.tsx";
import { ThemeToggle } from "@/components/layout/theme-toggle.tsx";
import { can } from "@/lib/auth/roles.ts";
import { sections } from "@/lib/console/navigation.ts";
import { requireUser } from "@/lib/console/session.ts";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const visible = sections.filter((s) => can(user.role, s.permission)).map(({ href, label, brokerPage }) => ({ href, label, brokerPage }));
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-slate-900">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 p-4 md:w-60 md:shrink-0 md:border-b-0 md:border-r dark:border-slate-800">
        <Link href="/" className="mb-4 block px-3 text-lg font-bold tracking-tight">
          Sluice
        </Link>
        <Nav sections={visible} />
      </aside>
      <div className="min-w-0 flex-1">
        <header className="flex flex-wrap items-center justify-end gap-3 border-b border-slate-200 px-6 py-3 dark:border-slate-800">
          <span className="text-sm">
            <span className="font-medium">{user.name}</span> <span className="text-slate-600 dark:text-slate-400">· {user.role}</span>
          </span>
          <ThemeToggle />
          <SignOutButton />
        </header>
        <ApiBanner />
        <main id="content" className="max-w-6xl p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
