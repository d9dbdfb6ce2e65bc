"use client";
// A broker's hook page body. Those who may deploy get the editor, and the test bench runs what it
// holds; others see the live hook and the bench runs that. Everyone sees versions with their diff,
// metrics and the live log.
import { LoadError, Loading } from "@/components/ui/states.tsx";
import { useBroker } from "@/lib/swr/use-broker.ts";
import { useHook, type HookVersion } from "@/lib/swr/use-hook.ts";
import { HookEditorForm } from "./hook-editor-form.tsx";
import { HookLiveLogs } from "./hook-live-logs.tsx";
import { HookLiveView } from "./hook-live-view.tsx";
import { HookMetrics } from "./hook-metrics.tsx";
import { HookTestBench } from "./hook-test-bench.tsx";
import { HookVersions } from "./hook-versions.tsx";
import { useHookDraft } from "./use-hook-draft.ts";

interface HookWorkspaceProps {
  namespace: string;
  name: string;
  canEdit: boolean;
}

export function HookWorkspace({ namespace, name, canEdit }: HookWorkspaceProps) {
  const broker = useBroker(namespace, name);
  const hook = useHook(namespace, name);
  if (broker.isLoading || hook.isLoading) return <Loading label="Loading the hook…" />;
  // A missing broker is a 404 for its hook too: the broker's own error says which it is.
  if (broker.error) return <LoadError error={broker.error} retry={() => broker.mutate()} />;
  if (hook.error || hook.data === undefined) return <LoadError error={hook.error} retry={() => hook.mutate()} />;
  const live = hook.data;
  const where = { namespace, name };
  return (
    <div className="space-y-12">
      {canEdit ? <EditableHook {...where} live={live} /> : <HookLiveView live={live} />}
      {!canEdit && <HookTestBench {...where} live={live} />}
      <HookVersions {...where} liveVersion={live?.version} canRollBack={canEdit} />
      <HookMetrics {...where} />
      <HookLiveLogs {...where} />
    </div>
  );
}

/** The editor and the bench that runs its draft, sharing it. */
function EditableHook({ namespace, name, live }: { namespace: string; name: string; live: HookVersion | null }) {
  const editor = useHookDraft(live);
  return (
    <>
      <HookEditorForm namespace={namespace} name={name} live={live} editor={editor} />
      <HookTestBench namespace={namespace} name={name} live={live} editor={editor} />
    </>
  );
}
