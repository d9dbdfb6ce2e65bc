// Stands in for a section that a later release builds, so its link leads somewhere honest.
import type { ReactNode } from "react";

export function ComingLater({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="max-w-xl space-y-3">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p>{children}</p>
      <p className="text-sm text-slate-600 dark:text-slate-400">This page is coming in a later release. Until then, the API and the <code>sluice</code> command line do it.</p>
    </section>
  );
}
