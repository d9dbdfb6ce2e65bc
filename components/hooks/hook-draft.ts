// The hook as the editor holds it: form values, which become a deploy request (checked with the
// API's own schema) when it is deployed or run on the test bench.
import { lines, numberOrDefault } from "@/components/brokers/form-values.ts";
import type { HookVersion } from "@/lib/swr/use-hook.ts";
import { hookDeploy } from "@/lib/validations/hooks.ts";
import { starterScript } from "./starter-script.ts";

export interface HookDraft {
  kind: "script" | "webhook";
  source: string;
  url: string;
  /** Topic filters, one per line. */
  topics: string;
  timeoutMs: string;
  onError: "drop" | "deliver";
}

/** The schema's defaults, so a new hook starts from what the API would assume. */
const defaults = hookDeploy.parse({ kind: "script", source: starterScript });

/** The live version as a draft, or the starter script when there is none. */
export function draftFrom(live: HookVersion | null): HookDraft {
  const base = live ?? { ...defaults, source: starterScript, url: null };
  return { kind: base.kind, source: base.source ?? "", url: base.url ?? "", topics: base.topics.join("\n"), timeoutMs: String(base.timeoutMs), onError: base.onError };
}

/** Whether two drafts would deploy the same hook (blank lines and spaces around values aside). */
export function sameDraft(a: HookDraft, b: HookDraft): boolean {
  return JSON.stringify(meaning(a)) === JSON.stringify(meaning(b));
}

function meaning({ kind, source, url, topics, timeoutMs, onError }: HookDraft) {
  return [kind, kind === "script" ? source : url.trim(), lines(topics), timeoutMs.trim(), onError];
}

/** The deploy request the draft stands for, or the schema's issues with it. */
export function parseDraft(draft: HookDraft) {
  const common = { topics: lines(draft.topics), timeoutMs: numberOrDefault(draft.timeoutMs), onError: draft.onError };
  return hookDeploy.safeParse(draft.kind === "script" ? { kind: "script", source: draft.source, ...common } : { kind: "webhook", url: draft.url.trim(), ...common });
}

/** A problem with the source; syntax errors and the like know where. */
export interface SourceProblem {
  line?: number;
  column?: number;
  message: string;
}

/** The problems named by `path` ("source", "hook.source"), from zod's issues or the API's 422 details (with line and column). */
export function sourceProblems(problems: ReadonlyArray<{ path: string | ReadonlyArray<PropertyKey>; message: string }>, path: string): SourceProblem[] {
  return problems.flatMap((problem) => {
    if ((typeof problem.path === "string" ? problem.path : problem.path.join(".")) !== path) return [];
    const { line, column } = problem as { line?: unknown; column?: unknown };
    return [{ message: problem.message, ...(typeof line === "number" && { line }), ...(typeof column === "number" && { column }) }];
  });
}
