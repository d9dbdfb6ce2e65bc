// Audit entries: when, who, what, on what, and whether it was allowed. An actor or target leads
// to the log filtered by it.
import Link from "next/link";
import { Cell, Row, Table } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import type { AuditFilter } from "@/lib/swr/use-audit.ts";
import type { AuditEntry } from "@/lib/validations/audit.ts";
import { auditHref } from "./audit-url.ts";

const filterLink = "text-sky-700 underline-offset-2 hover:underline dark:text-sky-400";

export function AuditTable({ entries, filter }: { entries: AuditEntry[]; filter: AuditFilter }) {
  return (
    <Table columns={["Time", "Actor", "Action", "Target", "Outcome", "Details"]} caption="Audit log entries, newest first">
      {entries.map((entry) => (
        <Row key={entry.id}>
          <Cell className="whitespace-nowrap">
            <Time iso={entry.at} />
          </Cell>
          <Cell>
            <Link href={auditHref({ ...filter, actor: entry.actor, before: undefined })} className={filterLink} title="Only this actor's entries">
              {entry.actor}
            </Link>
          </Cell>
          <Cell>{entry.action}</Cell>
          <Cell>
            <Link href={auditHref({ ...filter, target: entry.target, before: undefined })} className={filterLink} title="Only entries about this target">
              {entry.target}
            </Link>
          </Cell>
          <Cell className={entry.outcome === "ok" ? "" : "font-medium text-red-700 dark:text-red-400"}>{entry.outcome}</Cell>
          <Cell className="max-w-xs">{entry.details === null || entry.details === undefined ? "" : <code className="break-all text-xs">{JSON.stringify(entry.details)}</code>}</Cell>
        </Row>
      ))}
    </Table>
  );
}
