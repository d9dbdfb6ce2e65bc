// The audit log: its filters and entries (API, console and CLI share them).
import { z } from "@hono/zod-openapi";

export const auditQuery = z.object({
  /** Entries at or after this time. */
  since: z.string().datetime({ offset: true }).optional(),
  /** Entries before this time. */
  until: z.string().datetime({ offset: true }).optional(),
  actor: z.string().optional(),
  target: z.string().optional(),
  /** Paging: entries older than this one (the id of the last entry of the page before). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const auditEntry = z
  .object({ id: z.number(), at: z.string().datetime(), actor: z.string(), action: z.string(), target: z.string(), outcome: z.string(), details: z.unknown() })
  .openapi("AuditEntry");

export type AuditEntry = z.infer<typeof auditEntry>;
