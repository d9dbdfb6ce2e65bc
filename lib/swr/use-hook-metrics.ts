// Per-version hook metrics since the server started (GET /v1/namespaces/:ns/brokers/:b/hook/metrics),
// polled so the chart follows the traffic.
import useSWR from "swr";
import type { z } from "zod";
import type { hookMetrics } from "../validations/hooks.ts";
import { fetchJson } from "./fetcher.ts";
import { hookKey } from "./use-hook.ts";

export type HookMetrics = z.infer<typeof hookMetrics>;

const pollMs = 5_000;

export const hookMetricsKey = (namespace: string, name: string) => `${hookKey(namespace, name)}/metrics`;

export function useHookMetrics(namespace: string, name: string) {
  return useSWR(hookMetricsKey(namespace, name), (path: string) => fetchJson<HookMetrics>(path), { refreshInterval: pollMs });
}
