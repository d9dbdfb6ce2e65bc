"use client";
// The audit log page's body: the filters from the URL, a page of entries newest first, and links
// to older pages (the API pages back from an entry's id).
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { buttonClass } from "@/components/ui/button.tsx";
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { useAuditPage } from "@/lib/swr/use-audit.ts";
import { AuditFilters } from "./audit-filters.tsx";
import { AuditTable } from "./audit-table.tsx";
import { auditHref, filterFromUrl, isFiltered } from "./audit-url.ts";

export function AuditLog() {
  const params = useSearchParams();
  const filter = filterFromUrl(params);
  const { data, error, isLoading, mutate } = useAuditPage(filter);
  const last = data?.entries.at(-1);
  return (
    <>
      {/* Keyed by the URL: a link that changes the filters shows them in the fields too. */}
      <AuditFilters key={params.toString()} filter={filter} />
      {isLoading ? (
        <Loading label="Loading the audit log…" />
      ) : error ? (
        <LoadError error={error} retry={() => mutate()} />
      ) : !data?.entries.length ? (
        <Empty title={isFiltered(filter) ? "No entries match these filters" : "No entries"}>{filter.before && "There are no older entries."}</Empty>
      ) : (
        <AuditTable entries={data.entries} filter={filter} />
      )}
      <nav aria-label="Audit log pages" className="mt-4 flex gap-2">
        {filter.before && (
          <Link href={auditHref({ ...filter, before: undefined })} className={buttonClass("secondary")}>
            Newest entries
          </Link>
        )}
        {data?.hasOlder && last && (
          <Link href={auditHref({ ...filter, before: String(last.id) })} className={buttonClass("secondary")}>
            Older entries
          </Link>
        )}
      </nav>
    </>
  );
}
