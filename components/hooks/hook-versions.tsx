"use client";
// A hook's versions, newest first, with the live one marked; those who may deploy roll back to any
// other in one click. Below, any two compared side by side.
import { useState } from "react";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { Cell, Row, Table } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { hookKey, type HookVersion } from "@/lib/swr/use-hook.ts";
import { hookMetricsKey } from "@/lib/swr/use-hook-metrics.ts";
import { useHookVersions } from "@/lib/swr/use-hook-versions.ts";
import { HookVersionDiff } from "./hook-version-diff.tsx";

interface HookVersionsProps {
  namespace: string;
  name: string;
  liveVersion: number | undefined;
  canRollBack: boolean;
}

export function HookVersions({ namespace, name, liveVersion, canRollBack }: HookVersionsProps) {
  const { data: versions, error, isLoading, mutate: reload } = useHookVersions(namespace, name);
  const [outcome, setOutcome] = useState<{ live: number } | { problem: string }>();
  const [pending, setPending] = useState<number>();

  async function rollBack(version: number) {
    setOutcome(undefined);
    setPending(version);
    try {
      const key = hookKey(namespace, name);
      const live = await sendJson<HookVersion>("POST", `${key}/rollback`, { version });
      await Promise.all([mutate(key, live, { revalidate: false }), mutate(hookMetricsKey(namespace, name))]);
      setOutcome({ live: version });
    } catch (error) {
      setOutcome({ problem: error instanceof Error ? error.message : String(error) });
    } finally {
      setPending(undefined);
    }
  }

  return (
    <section aria-labelledby="hook-versions" className="space-y-4">
      <h2 id="hook-versions" className="text-lg font-semibold">
        Versions
      </h2>
      {isLoading ? (
        <Loading label="Loading versions…" />
      ) : error || !versions ? (
        <LoadError error={error} retry={() => reload()} />
      ) : versions.length === 0 ? (
        <Empty title="No versions yet">Each deploy makes a new version, kept so that you can compare and roll back.</Empty>
      ) : (
        <>
          {outcome && ("live" in outcome ? <Alert>{`Rolled back: v${outcome.live} is live again.`}</Alert> : <Alert tone="error">{outcome.problem}</Alert>)}
          <Table caption="Hook versions" columns={["Version", "Kind", "Topics", "Deployed by", "Deployed", ...(canRollBack ? [<span key="actions" className="sr-only">Actions</span>] : [])]}>
            {versions.map((v) => (
              <Row key={v.version}>
                <Cell className="whitespace-nowrap font-medium">
                  {`v${v.version}`}
                  {v.version === liveVersion && <span className="ml-2 rounded bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">live</span>}
                </Cell>
                <Cell>{v.kind}</Cell>
                <Cell>
                  {v.topics.map((topic) => (
                    <code key={topic} className="block whitespace-nowrap">
                      {topic}
                    </code>
                  ))}
                </Cell>
                <Cell>{v.createdBy}</Cell>
                <Cell className="whitespace-nowrap">
                  <Time iso={v.createdAt} />
                </Cell>
                {canRollBack && (
                  <Cell className="whitespace-nowrap text-right">
                    {v.version !== liveVersion && (
                      <Button variant="secondary" onClick={() => rollBack(v.version)} disabled={pending !== undefined}>
                        {pending === v.version ? "Rolling back…" : `Roll back to v${v.version}`}
                      </Button>
                    )}
                  </Cell>
                )}
              </Row>
            ))}
          </Table>
          <HookVersionDiff versions={versions} />
        </>
      )}
    </section>
  );
}
