// Runs one analytics query (POST /v1/analytics/query): a read-only SELECT over the data points
// hooks write. A mutation, not a cached read: a query runs when the user asks, and its result or
// error stays until the next run.
import useSWRMutation from "swr/mutation";
import type { z } from "zod";
import type { AnalyticsQuery, analyticsResult } from "../validations/analytics.ts";
import { sendJson } from "./fetcher.ts";

export type AnalyticsResult = z.infer<typeof analyticsResult>;

export function useAnalyticsQuery() {
  return useSWRMutation("/analytics/query", (path: string, { arg }: { arg: AnalyticsQuery }) => sendJson<AnalyticsResult>("POST", path, arg), { throwOnError: false });
}
