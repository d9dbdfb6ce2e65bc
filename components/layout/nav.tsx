"use client";
// The section links, the current one marked (aria-current) so it reads as "current page" too. A
// part of a broker's page (its credentials, its hook) belongs to that section, not to Namespaces.
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Section } from "@/lib/console/navigation.ts";

export function Nav({ sections }: { sections: readonly Pick<Section, "href" | "label" | "brokerPage">[] }) {
  const pathname = usePathname();
  const brokerPage = pathname.match(/^\/namespaces\/[^/]+\/brokers\/[^/]+\/([^/]+)/)?.[1];
  const owner = sections.find((section) => section.brokerPage && section.brokerPage === brokerPage);
  const isCurrent = (href: string) => (owner ? href === owner.href : href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav aria-label="Sections">
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {sections.map(({ href, label }) => (
          <li key={href}>
            <Link
              href={href}
              aria-current={isCurrent(href) ? "page" : undefined}
              className="block rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-200 aria-[current=page]:bg-sky-100 aria-[current=page]:font-semibold aria-[current=page]:text-sky-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-sky-950 dark:aria-[current=page]:text-sky-100"
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
