// One test run, as the bench shows it: each input message beside what came out of the hook with
// the decision (passed, modified, dropped; output without a mid is new), then the console lines
// and how long the call took. A failed call says so and what its failure policy would do.
import type { z } from "zod";
import { Alert } from "@/components/ui/alert.tsx";
import { Cell, Row, Table } from "@/components/ui/table.tsx";
import type { hookTestMessages, hookTestResult, HookTestDecision } from "@/lib/validations/hooks.ts";
import { duration } from "@/components/ui/units.ts";

export type TestInput = z.output<typeof hookTestMessages>;
export type TestResult = z.infer<typeof hookTestResult>;
type Shown = { topic: string; payload: string; payloadEncoding?: "base64"; contentType?: string; userProperties?: Array<[string, string]> };

export function TestRunResult({ input, result, onError }: { input: TestInput; result: TestResult; onError: "drop" | "deliver" }) {
  const created = result.output.filter((m) => m.mid === undefined);
  return (
    <div className="space-y-4">
      <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
        {`Ran in ${duration(result.durationMs)}: ${input.length} in, ${result.output.length} out.`}
      </p>
      {result.error ? (
        <Alert tone="error">
          {`The hook failed (${result.error.kind}): ${result.error.message}. Its failure policy would ${onError === "drop" ? "drop the batch" : "deliver the batch unchanged"}.`}
        </Alert>
      ) : (
        <Table caption="Messages in and out of the hook" columns={["As published", "Decision", "As delivered"]}>
          {input.map((message, i) => {
            const decision = result.decisions[i];
            const out = result.output.filter((m) => decision && m.mid === decision.mid);
            return (
              <Row key={i}>
                <Cell>
                  <MessageView message={message} />
                </Cell>
                <Cell>{decision && <DecisionBadge decision={decision.decision} />}</Cell>
                <Cell>{out.length ? out.map((m, j) => <MessageView key={j} message={m as Shown} />) : <span className="text-slate-500">—</span>}</Cell>
              </Row>
            );
          })}
          {created.map((message, i) => (
            <Row key={`new-${i}`}>
              <Cell>
                <span className="text-slate-500">—</span>
              </Cell>
              <Cell>
                <DecisionBadge decision="new" />
              </Cell>
              <Cell>
                <MessageView message={message as Shown} />
              </Cell>
            </Row>
          ))}
        </Table>
      )}
      <div className="space-y-1">
        <h3 className="text-sm font-semibold">Console output</h3>
        {result.logs.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">The hook wrote nothing to the console.</p>
        ) : (
          <ol aria-label="Console output of the test run" className="space-y-0.5 rounded-md bg-slate-100 p-3 font-mono text-xs dark:bg-slate-800">
            {result.logs.map((log, i) => (
              <li key={i} className={log.level === "error" ? "text-red-700 dark:text-red-400" : log.level === "warn" ? "text-amber-700 dark:text-amber-300" : ""}>
                <span className="mr-2 text-slate-500">{log.level}</span>
                <span className="whitespace-pre-wrap break-all">{log.message}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

const decisionStyles: Record<HookTestDecision | "new", string> = {
  passed: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  modified: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  dropped: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  new: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
};

function DecisionBadge({ decision }: { decision: HookTestDecision | "new" }) {
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${decisionStyles[decision]}`}>{decision}</span>;
}

function MessageView({ message }: { message: Shown }) {
  return (
    <div className="space-y-0.5">
      <code className="break-all text-xs font-semibold">{message.topic}</code>
      <pre className="whitespace-pre-wrap break-all text-xs">{message.payloadEncoding === "base64" ? `(bytes, base64) ${message.payload}` : message.payload}</pre>
      {Boolean(message.contentType || message.userProperties?.length) && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {[message.contentType, ...(message.userProperties ?? []).map(([key, value]) => `${key}=${value}`)].filter(Boolean).join(" · ")}
        </p>
      )}
    </div>
  );
}
