"use client";
// Edit and deploy a broker's hook: a script in the code editor (or a webhook URL), the topics it
// runs on, its timeout and failure policy. Checked with the API's deploy schema first; a script
// that does not compile comes back with line and column, shown at that line.
import { useState, type FormEvent } from "react";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { CodeEditor, type CodeProblem } from "@/components/ui/code-editor.tsx";
import { Options, SelectField, TextAreaField, TextField } from "@/components/ui/field.tsx";
import { ApiRequestError, sendJson } from "@/lib/swr/fetcher.ts";
import { hookKey, type HookVersion } from "@/lib/swr/use-hook.ts";
import { hookMetricsKey } from "@/lib/swr/use-hook-metrics.ts";
import { hookVersionsKey } from "@/lib/swr/use-hook-versions.ts";
import { fieldErrors, lineError, type FieldErrors } from "@/lib/validations/field-errors.ts";
import { parseDraft, sourceProblems, type SourceProblem } from "./hook-draft.ts";
import { RemoveHook } from "./remove-hook.tsx";
import type { HookDraftState } from "./use-hook-draft.ts";

const kinds = [
  { value: "script", label: "Script (JavaScript, run in a sandbox)" },
  { value: "webhook", label: "Webhook (the broker POSTs each batch)" },
];

const policies = [
  { value: "drop", label: "Drop the batch" },
  { value: "deliver", label: "Deliver it unchanged" },
];

interface HookEditorFormProps {
  namespace: string;
  name: string;
  live: HookVersion | null;
  editor: HookDraftState;
}

export function HookEditorForm({ namespace, name, live, editor }: HookEditorFormProps) {
  const { draft, change, unsaved, discard } = editor;
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<{ deployed: number } | { problem: string }>();
  const [pending, setPending] = useState(false);

  async function deploy(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseDraft(draft);
    setOutcome(undefined);
    showProblems(parsed.success ? [] : parsed.error.issues);
    if (!parsed.success) return;
    setPending(true);
    try {
      const key = hookKey(namespace, name);
      const version = await sendJson<HookVersion>("PUT", key, parsed.data);
      await Promise.all([mutate(key, version, { revalidate: false }), mutate(hookVersionsKey(namespace, name)), mutate(hookMetricsKey(namespace, name))]);
      setOutcome({ deployed: version.version });
    } catch (error) {
      if (error instanceof ApiRequestError && error.fields.length) showProblems(error.fields);
      else setOutcome({ problem: error instanceof Error ? error.message : String(error) });
    } finally {
      setPending(false);
    }
  }

  /** The source's problems go to the editor, which shows them while the source is unchanged; the rest to their fields. */
  function showProblems(problems: ReadonlyArray<{ path: string | ReadonlyArray<PropertyKey>; message: string }>) {
    editor.reportSourceProblems(draft.source, sourceProblems(problems, "source"));
    setErrors(fieldErrors(problems));
  }

  const problems = editor.sourceProblems;
  return (
    <section aria-labelledby="hook-editor" className="space-y-4">
      <div className="space-y-1">
        <h2 id="hook-editor" className="text-lg font-semibold">
          Editor
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {live ? `v${live.version} is live. Deploying makes a new version and puts it live at once.` : "This broker has no hook yet: messages pass through unchanged. Start from this script."}
        </p>
      </div>
      <form onSubmit={deploy} className="space-y-4" noValidate>
        <SelectField label="Kind" className="max-w-sm" value={draft.kind} onChange={(event) => change({ kind: event.target.value as typeof draft.kind })}>
          <Options options={kinds} />
        </SelectField>
        {draft.kind === "script" ? (
          <div className="space-y-1">
            <p className="text-sm font-medium text-slate-800 dark:text-slate-200" aria-hidden>
              Hook source
            </p>
            <CodeEditor label="Hook source" language="javascript" value={draft.source} onChange={(source) => change({ source })} diagnostics={problems.filter(atLine)} minHeight="20rem" />
            <p className="text-xs text-slate-600 dark:text-slate-400">Tab indents; to leave the editor by keyboard, press Esc, then Tab.</p>
            {problems.length > 0 && (
              <ul className="text-xs font-medium text-red-700 dark:text-red-400">
                {problems.map((problem) => (
                  <li key={`${problem.line}:${problem.column}:${problem.message}`}>{problem.line ? `Line ${problem.line}${problem.column ? `, column ${problem.column}` : ""}: ${problem.message}` : problem.message}</li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <TextField label="Webhook URL" type="url" value={draft.url} onChange={(event) => change({ url: event.target.value })} error={errors.url} hint="Requests are signed with the broker's key; lib/hook-runtime/README.md describes the contract." />
        )}
        <div className="grid gap-4 lg:grid-cols-3">
          <TextAreaField label="Topics" rows={3} value={draft.topics} onChange={(event) => change({ topics: event.target.value })} error={lineError(errors, "topics")} hint="One filter per line (+ and # allowed). Other topics skip the hook." />
          <TextField
            label="Timeout (ms)"
            type="number"
            min={10}
            max={30_000}
            step={1}
            value={draft.timeoutMs}
            onChange={(event) => change({ timeoutMs: event.target.value })}
            error={errors.timeoutMs}
            hint="Per batch, 10 to 30,000 ms."
          />
          <SelectField
            label="Failure policy"
            value={draft.onError}
            onChange={(event) => change({ onError: event.target.value as typeof draft.onError })}
            hint="What happens to a batch when the hook times out, throws or returns something invalid."
          >
            <Options options={policies} />
          </SelectField>
        </div>
        {outcome && ("deployed" in outcome ? <Alert>{`Deployed v${outcome.deployed}: it is live.`}</Alert> : <Alert tone="error">{outcome.problem}</Alert>)}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? "Deploying…" : "Deploy"}
          </Button>
          {unsaved && (
            <>
              <Button variant="secondary" onClick={discard}>
                Discard changes
              </Button>
              <span className="text-sm text-slate-600 dark:text-slate-400">{live ? `Changed since v${live.version}, not deployed.` : "Not deployed."}</span>
            </>
          )}
          {live && (
            <div className="ml-auto">
              <RemoveHook namespace={namespace} name={name} />
            </div>
          )}
        </div>
      </form>
    </section>
  );
}

const atLine = (problem: SourceProblem): problem is CodeProblem => problem.line !== undefined;
