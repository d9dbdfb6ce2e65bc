"use client";
// The live hook for those who may read it but not change it: its source (or URL) and settings.
import { CodeEditor } from "@/components/ui/code-editor.tsx";
import { Empty } from "@/components/ui/states.tsx";
import { Time } from "@/components/ui/time.tsx";
import type { HookVersion } from "@/lib/swr/use-hook.ts";

export function HookLiveView({ live }: { live: HookVersion | null }) {
  return (
    <section aria-labelledby="hook-live" className="space-y-4">
      <h2 id="hook-live" className="text-lg font-semibold">
        Live hook
      </h2>
      {!live ? (
        <Empty title="This broker has no hook">Messages pass through unchanged. Admins and developers write and deploy hooks.</Empty>
      ) : (
        <>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
            {[
              ["Version", <>{`v${live.version}, deployed by ${live.createdBy} `}<Time iso={live.createdAt} /></>],
              ["Kind", live.kind],
              ...(live.kind === "webhook" ? [["Webhook URL", <code key="url" className="break-all">{live.url}</code>]] : []),
              ["Topics", live.topics.join(" ")],
              ["Timeout", `${live.timeoutMs.toLocaleString()} ms`],
              ["Failure policy", live.onError === "drop" ? "Drop the batch" : "Deliver it unchanged"],
            ].map(([term, value]) => (
              <div key={String(term)} className="contents">
                <dt className="font-medium text-slate-700 dark:text-slate-300">{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {live.kind === "script" && <CodeEditor label="Hook source" language="javascript" value={live.source ?? ""} readOnly minHeight="12rem" />}
        </>
      )}
    </section>
  );
}
