"use client";
// The analytics page: a SQL editor over the data points hooks write (the view telemetry), run
// with the button or Ctrl/Cmd+Enter, and the result as a chart and a table. The query is checked
// with the API's own rule (one SELECT) before it is sent; the database's refusals (syntax, the
// cost cap, what the view allows) come back as the API's message.
import { useState } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { CodeEditor } from "@/components/ui/code-editor.tsx";
import { Empty, Loading } from "@/components/ui/states.tsx";
import { ApiRequestError } from "@/lib/swr/fetcher.ts";
import { useAnalyticsQuery, type AnalyticsResult } from "@/lib/swr/use-analytics-query.ts";
import { analyticsQuery } from "@/lib/validations/analytics.ts";
import { numericColumns } from "./chart-columns.ts";
import { exampleQuery } from "./example-query.ts";
import { ResultChart } from "./result-chart.tsx";
import { ResultTable } from "./result-table.tsx";

export function AnalyticsWorkbench() {
  const [sql, setSql] = useState(exampleQuery);
  const [invalid, setInvalid] = useState<string>();
  const { trigger, data: result, error, isMutating, reset } = useAnalyticsQuery();

  const run = () => {
    const parsed = analyticsQuery.safeParse({ sql });
    if (!parsed.success) {
      reset();
      setInvalid(parsed.error.issues[0].message);
      return;
    }
    setInvalid(undefined);
    void trigger(parsed.data);
  };
  const problem = invalid ?? (error === undefined ? undefined : refusal(error));

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <CodeEditor label="SQL query" language="sql" value={sql} onChange={setSql} onSubmit={run} minHeight="12rem" />
        <p className="text-xs text-slate-600 dark:text-slate-400">
          One SELECT over the view <code>telemetry</code>: <code>timestamp</code>, <code>namespace</code>, <code>broker</code>, <code>label_1</code>…<code>label_20</code>, <code>metric_1</code>…
          <code>metric_20</code>. <code>now() - 604800</code> is a week ago. At most 1,000 rows.
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <Button onClick={run} disabled={isMutating} aria-keyshortcuts="Control+Enter Meta+Enter">
            {isMutating ? "Running…" : "Run query"}
          </Button>
          <Button variant="secondary" onClick={() => setSql(exampleQuery)}>
            Load the example
          </Button>
          <span className="text-xs text-slate-600 dark:text-slate-400">or Ctrl+Enter (⌘+Enter) in the editor</span>
        </div>
      </div>
      {problem ? (
        <Alert tone="error">
          <p className="font-medium">The query was refused</p>
          <p className="mt-1 font-mono">{problem}</p>
        </Alert>
      ) : isMutating && !result ? (
        <Loading label="Running the query…" />
      ) : (
        result && <QueryResult result={result} />
      )}
    </div>
  );
}

/** The API names the problem in the sql field's detail; other failures have only a message. */
function refusal(error: unknown): string {
  if (error instanceof ApiRequestError) return error.fields[0]?.message ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

function QueryResult({ result }: { result: AnalyticsResult }) {
  if (result.rows.length === 0) {
    return <Empty title="No rows">The query ran and matched nothing. Data points appear about a second after a hook writes them.</Empty>;
  }
  const numeric = numericColumns(result);
  return (
    <div className="space-y-8">
      <section aria-labelledby="chart" className="space-y-3">
        <h2 id="chart" className="text-lg font-semibold">
          Chart
        </h2>
        {/* A new set of columns starts again from the default axes. */}
        <ResultChart key={result.columns.join("\u0000")} result={result} numeric={numeric} />
      </section>
      <section aria-labelledby="rows" className="space-y-3">
        <h2 id="rows" className="text-lg font-semibold">
          Rows
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400" role="status">
          {result.rows.length.toLocaleString()} {result.rows.length === 1 ? "row" : "rows"}
          {result.truncated && ": only the first 1,000 are shown, more matched. Aggregate more, or add a LIMIT."}
        </p>
        <ResultTable result={result} numeric={numeric} />
      </section>
    </div>
  );
}
