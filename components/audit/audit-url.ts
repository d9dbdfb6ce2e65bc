// The audit page keeps its filters in the URL (/audit?actor=…&since=…), with the API's parameter
// names, so a filtered view can be shared and the back button steps through earlier views.
import type { ReadonlyURLSearchParams } from "next/navigation";
import type { AuditFilter } from "@/lib/swr/use-audit.ts";

const filterKeys = ["actor", "target", "since", "until", "before"] as const satisfies readonly (keyof AuditFilter)[];

export function filterFromUrl(params: ReadonlyURLSearchParams): AuditFilter {
  return Object.fromEntries(filterKeys.flatMap((key) => (params.get(key) ? [[key, params.get(key)]] : [])));
}

export function auditHref(filter: AuditFilter): string {
  const query = new URLSearchParams(filterKeys.flatMap((key) => (filter[key] ? [[key, filter[key]]] : [])));
  return query.size ? `/audit?${query}` : "/audit";
}

export function isFiltered(filter: AuditFilter): boolean {
  return filterKeys.some((key) => key !== "before" && filter[key]);
}
