// The console's one table look: a header row of column names and body rows, with a link style for
// the cell that leads to the row's own page. Every list page builds on these.
import Link from "next/link";
import type { ReactNode, TdHTMLAttributes } from "react";

export interface TableSort {
  /** The index of the column the rows are sorted by. */
  column: number;
  direction: "ascending" | "descending";
}

export function Table({ columns, children, caption, sort }: { columns: ReactNode[]; children: ReactNode; caption?: string; sort?: TableSort }) {
  return (
    // relative: screen-reader-only text in cells is positioned absolutely, and must scroll with the table.
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" aria-sort={sort?.column === i ? sort.direction : undefined} className="py-2 pr-4 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Row({ children }: { children: ReactNode }) {
  return <tr className="border-b border-slate-100 dark:border-slate-900">{children}</tr>;
}

export function Cell({ className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`py-2 pr-4 align-top ${className}`} {...props} />;
}

export function RowLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
      {children}
    </Link>
  );
}
