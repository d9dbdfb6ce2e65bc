// The editor's state, shared by the editor form and the test bench (which runs what the editor
// holds): the draft, whether it differs from the live version, and the problems the API found in
// its source, shown only while the source is still the one they were found in.
import { useState } from "react";
import type { HookVersion } from "@/lib/swr/use-hook.ts";
import { draftFrom, sameDraft, type HookDraft, type SourceProblem } from "./hook-draft.ts";

export function useHookDraft(live: HookVersion | null) {
  const [editing, setEditing] = useState(() => ({ base: live, draft: draftFrom(live) }));
  const [found, setFound] = useState<{ source: string; problems: SourceProblem[] }>({ source: "", problems: [] });

  // The live version changed (a deploy or rollback, here or elsewhere): the editor follows it,
  // unless it holds changes not deployed yet. (Adjusting state while rendering, as React advises.)
  if (editing.base?.version !== live?.version) {
    const unsaved = !sameDraft(editing.draft, draftFrom(editing.base));
    setEditing({ base: live, draft: unsaved ? editing.draft : draftFrom(live) });
  }

  const { draft } = editing;
  return {
    draft,
    change: (values: Partial<HookDraft>) => setEditing((current) => ({ ...current, draft: { ...current.draft, ...values } })),
    unsaved: !sameDraft(draft, draftFrom(live)),
    discard: () => setEditing({ base: live, draft: draftFrom(live) }),
    sourceProblems: found.source === draft.source ? found.problems : [],
    reportSourceProblems: (source: string, problems: SourceProblem[]) => setFound({ source, problems }),
  };
}

export type HookDraftState = ReturnType<typeof useHookDraft>;
