"use client";
// The test bench: sample messages edited as JSON, run through the hook with side effects off
// (POST …/hook/test). Those who may deploy run what the editor holds, deployed or not; others run
// the live version. Ctrl/Cmd+Enter in the messages runs them too.
import { useState } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { CodeEditor, type CodeProblem } from "@/components/ui/code-editor.tsx";
import { ApiRequestError, sendJson } from "@/lib/swr/fetcher.ts";
import { hookKey, type HookVersion } from "@/lib/swr/use-hook.ts";
import { hookTestMessages } from "@/lib/validations/hooks.ts";
import { parseDraft, sourceProblems } from "./hook-draft.ts";
import { parseMessagesJson, sampleMessages } from "./sample-messages.ts";
import { TestRunResult, type TestInput, type TestResult } from "./test-run-result.tsx";
import type { HookDraftState } from "./use-hook-draft.ts";

interface HookTestBenchProps {
  namespace: string;
  name: string;
  live: HookVersion | null;
  /** Given to those who may deploy: the bench runs the editor's draft. */
  editor?: HookDraftState;
}

export function HookTestBench({ namespace, name, live, editor }: HookTestBenchProps) {
  const [text, setText] = useState(sampleMessages);
  const [jsonProblem, setJsonProblem] = useState<{ text: string; problem: CodeProblem }>();
  const [problems, setProblems] = useState<string[]>([]);
  const [run, setRun] = useState<{ input: TestInput; result: TestResult; onError: "drop" | "deliver" }>();
  const [pending, setPending] = useState(false);

  async function runTest() {
    if (pending) return; // Ctrl+Enter while a run is out
    setProblems([]);
    setJsonProblem(undefined);
    const json = parseMessagesJson(text);
    if (!json.ok) {
      if (json.problem) setJsonProblem({ text, problem: json.problem });
      return setProblems([`The messages are not valid JSON: ${json.message}`]);
    }
    const messages = hookTestMessages.safeParse(json.value);
    if (!messages.success) return setProblems(messages.error.issues.map(messageIssue));
    const hook = editor && parseDraft(editor.draft);
    if (hook && !hook.success) return setProblems([`Fix the editor first: ${hook.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`]);
    setPending(true);
    try {
      const result = await sendJson<TestResult>("POST", `${hookKey(namespace, name)}/test`, { messages: messages.data, ...(hook && { hook: hook.data }) });
      setRun({ input: messages.data, result, onError: hook ? hook.data.onError : live!.onError });
    } catch (error) {
      const found = error instanceof ApiRequestError ? sourceProblems(error.fields, "hook.source") : [];
      if (editor && found.length) editor.reportSourceProblems(editor.draft.source, found);
      setProblems([found.length ? "The editor's script does not compile: its problems are shown under it." : error instanceof Error ? error.message : String(error)]);
    } finally {
      setPending(false);
    }
  }

  const runs = editor ? "the editor's hook, deployed or not" : live ? `the live version, v${live.version}` : undefined;
  return (
    <section aria-labelledby="hook-test-bench" className="space-y-4">
      <div className="space-y-1">
        <h2 id="hook-test-bench" className="text-lg font-semibold">
          Test bench
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">{runs ? `Runs ${runs} on these messages, with side effects off: publishes, data points and fetches are only noted, storage writes stay within the run.` : "There is no hook to run: this broker has none."}</p>
      </div>
      {runs && (
        <>
          <CodeEditor label="Sample messages (JSON)" language="javascript" value={text} onChange={setText} onSubmit={runTest} diagnostics={jsonProblem?.text === text ? [jsonProblem.problem] : []} minHeight="8rem" />
          <p className="text-xs text-slate-600 dark:text-slate-400">An array of messages: topic and payload (text), and optionally clientId, qos, retain, contentType, userProperties ([key, value] pairs). Ctrl+Enter (⌘+Enter) runs them; Esc, then Tab, leaves the editor.</p>
          {problems.length > 0 && (
            <Alert tone="error">
              <ul>
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </Alert>
          )}
          <Button onClick={runTest} disabled={pending}>
            {pending ? "Running…" : "Run"}
          </Button>
          {run && <TestRunResult {...run} />}
        </>
      )}
    </section>
  );
}

/** "messages.1.topic" as a person counts: "Message 2, topic: …". */
function messageIssue(issue: { path: PropertyKey[]; message: string }): string {
  const [index, ...field] = issue.path;
  return typeof index === "number" ? `Message ${index + 1}${field.length ? `, ${field.join(".")}` : ""}: ${issue.message}` : `The messages: ${issue.message}`;
}
