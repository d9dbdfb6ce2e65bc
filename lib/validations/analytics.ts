// Analytics queries: read-only SQL over the view `telemetry` (API, console and CLI share this).
// The check here gives clear messages and keeps the query whole when the server wraps it in
// `SELECT * FROM (<sql>) AS q LIMIT n`; what a query can reach is the database's business (the
// role it runs as, lib/store/repositories/analytics.ts).
import { z } from "@hono/zod-openapi";

export const maxQueryLength = 10_000;

/**
 * The query without a trailing `;`, or why it is not exactly one SELECT: scans comments, quoted
 * strings and identifiers, and dollar quotes as PostgreSQL does, so `;` and parentheses inside
 * them do not count.
 */
export function singleSelect(sql: string): { sql: string } | { error: string } {
  let depth = 0;
  let firstWord: string | undefined;
  let end: number | undefined; // where a `;` ended the statement
  for (let i = 0; i < sql.length; ) {
    const c = sql[i];
    const rest = sql.slice(i);
    if (/\s/.test(c)) {
      i++;
    } else if (rest.startsWith("--")) {
      const newline = sql.indexOf("\n", i);
      i = newline === -1 ? sql.length : newline + 1;
    } else if (rest.startsWith("/*")) {
      // Block comments nest in PostgreSQL.
      let nested = 0;
      do {
        const step = sql.startsWith("/*", i) ? 1 : sql.startsWith("*/", i) ? -1 : 0;
        nested += step;
        i += step === 0 ? 1 : 2;
      } while (nested > 0 && i < sql.length);
      if (nested > 0) return { error: "unterminated /* comment" };
    } else if (end !== undefined) {
      return { error: "only one statement is allowed" };
    } else if (c === "'" || c === '"') {
      // E'…' strings escape with backslashes; all quoted text doubles its quote.
      const backslashes = c === "'" && /(^|[^\w$])[eE]$/.test(sql.slice(0, i));
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (backslashes && sql[j] === "\\") j++;
        else if (sql[j] === c && sql[j + 1] === c) j++;
        else if (sql[j] === c) break;
      }
      if (j >= sql.length) return { error: `unterminated ${c === "'" ? "string" : "quoted identifier"}` };
      i = j + 1;
    } else if (c === "$" && /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.test(rest) && !/[\w$]$/.test(sql.slice(0, i))) {
      const tag = rest.match(/^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/)![0];
      const close = sql.indexOf(tag, i + tag.length);
      if (close === -1) return { error: `unterminated dollar-quoted string ${tag}` };
      i = close + tag.length;
    } else if (c === ";") {
      end = i;
      i++;
    } else if (c === "(" || c === ")") {
      depth += c === "(" ? 1 : -1;
      if (depth < 0) return { error: "unbalanced parentheses: a ) closes nothing" };
      i++;
    } else {
      const word = rest.match(/^[\w$\u0080-\uffff]+/)?.[0] ?? c;
      firstWord ??= word.toLowerCase();
      i += word.length;
    }
  }
  if (firstWord !== "select" && firstWord !== "with") return { error: "only a SELECT query (or WITH … SELECT) is allowed" };
  if (depth !== 0) return { error: "unbalanced parentheses: a ( is not closed" };
  return { sql: end === undefined ? sql : sql.slice(0, end) };
}

export const analyticsQuery = z
  .object({
    sql: z
      .string()
      .min(1)
      .max(maxQueryLength)
      .superRefine((sql, ctx) => {
        const checked = singleSelect(sql);
        if ("error" in checked) ctx.addIssue({ code: "custom", message: checked.error });
      }),
  })
  .strict()
  .openapi("AnalyticsQuery");

export const analyticsResult = z
  .object({
    columns: z.array(z.string()),
    /** Each row's values in column order, as JSON renders them (timestamps: ISO 8601 in UTC). */
    rows: z.array(z.array(z.unknown())),
    /** More rows matched than came back: at most 1,000 rows of at most 16 MiB in all. */
    truncated: z.boolean(),
  })
  .openapi("AnalyticsResult");

export type AnalyticsQuery = z.infer<typeof analyticsQuery>;
