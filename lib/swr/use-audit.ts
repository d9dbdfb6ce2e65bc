// A page of the audit log, newest first (GET /v1/audit), as the audit page's URL filters it.
import useSWR from "swr";
import type { AuditEntry } from "../validations/audit.ts";
import { fetchJson } from "./fetcher.ts";

export interface AuditFilter {
  actor?: string;
  target?: string;
  /** ISO 8601 times: entries at or after `since`, before `until`. */
  since?: string;
  until?: string;
  /** The id of the last entry of the newer page: entries older than it. */
  before?: string;
}

export const auditPageSize = 50;

export function useAuditPage(filter: AuditFilter) {
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  // One entry more than a page tells whether an older page exists.
  query.set("limit", String(auditPageSize + 1));
  return useSWR(`/audit?${query}`, (path: string) =>
    fetchJson<{ entries: AuditEntry[] }>(path).then(({ entries }) => ({ entries: entries.slice(0, auditPageSize), hasOlder: entries.length > auditPageSize })),
  );
}
