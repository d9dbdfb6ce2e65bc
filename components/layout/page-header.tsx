// A page's title, the trail back up to it, and the actions the reader's role allows.
import Link from "next/link";
import type { ReactNode } from "react";

export function PageHeader({ title, trail = [], actions }: { title: string; trail?: { href: string; label: string }[]; actions?: ReactNode }) {
  return (
    <div className="mb-6 space-y-1">
      {trail.length > 0 && (
        <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
          {trail.map((step) => (
            <span key={step.href}>
              <Link href={step.href} className="underline-offset-2 hover:underline">
                {step.label}
              </Link>
              {" / "}
            </span>
          ))}
        </nav>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{title}</h1>
        {actions && <div className="flex gap-2">{actions}</div>}
      </div>
    </div>
  );
}
