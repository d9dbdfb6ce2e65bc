"use client";
// Any two versions of a hook side by side: their settings, and their source (or URL) with the
// differences marked. Starts on the two newest; the reader picks others.
import { useState } from "react";
import { CodeDiff } from "@/components/ui/code-diff.tsx";
import { Options, SelectField } from "@/components/ui/field.tsx";
import type { HookVersion } from "@/lib/swr/use-hook.ts";

export function HookVersionDiff({ versions }: { versions: HookVersion[] }) {
  // Unpicked sides follow the newest versions as new ones are deployed.
  const [picked, setPicked] = useState<{ left?: number; right?: number }>({});
  if (versions.length < 2) return <p className="text-sm text-slate-600 dark:text-slate-400">Deploy a second version to compare two.</p>;
  const byNumber = (version: number | undefined) => versions.find((v) => v.version === version);
  const left = byNumber(picked.left) ?? versions[1];
  const right = byNumber(picked.right) ?? versions[0];
  const options = versions.map((v) => ({ value: String(v.version), label: `v${v.version}` }));
  return (
    <div className="space-y-3">
      <h3 className="text-sm font-semibold">Compare versions</h3>
      <div className="flex flex-wrap gap-4">
        <SelectField label="Compare version" value={String(left.version)} onChange={(event) => setPicked({ ...picked, left: Number(event.target.value) })}>
          <Options options={options} />
        </SelectField>
        <SelectField label="With version" value={String(right.version)} onChange={(event) => setPicked({ ...picked, right: Number(event.target.value) })}>
          <Options options={options} />
        </SelectField>
      </div>
      <div className="grid gap-3 text-xs text-slate-600 md:grid-cols-2 dark:text-slate-400">
        <p>{settings(left)}</p>
        <p>{settings(right)}</p>
      </div>
      <CodeDiff left={{ label: `v${left.version} source`, text: content(left) }} right={{ label: `v${right.version} source`, text: content(right) }} />
    </div>
  );
}

function settings(v: HookVersion): string {
  return `v${v.version}: ${v.kind}, topics ${v.topics.join(" ")}, timeout ${v.timeoutMs.toLocaleString()} ms, on failure ${v.onError === "drop" ? "drop" : "deliver unchanged"}`;
}

const content = (v: HookVersion) => (v.kind === "script" ? (v.source ?? "") : `webhook ${v.url ?? ""}\n`);
