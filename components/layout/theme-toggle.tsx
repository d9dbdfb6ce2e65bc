"use client";
// Switches between light and dark and remembers the choice (app/layout.tsx applies it before paint).
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button.tsx";

const isDark = () => document.documentElement.classList.contains("dark");
const subscribe = (changed: () => void) => {
  window.addEventListener("themechange", changed);
  return () => window.removeEventListener("themechange", changed);
};

export function ThemeToggle() {
  // Server-rendered as light; the real value arrives on hydration.
  const dark = useSyncExternalStore(subscribe, isDark, () => false);
  const toggle = () => {
    document.documentElement.classList.toggle("dark", !isDark());
    localStorage.setItem("theme", isDark() ? "dark" : "light");
    window.dispatchEvent(new Event("themechange"));
  };
  return (
    <Button variant="secondary" onClick={toggle} aria-pressed={dark}>
      Dark mode
    </Button>
  );
}
