// A broker's live hook version (GET /v1/namespaces/:ns/brokers/:b/hook); null when it has none.
import useSWR from "swr";
import type { z } from "zod";
import type { hookVersion } from "../validations/hooks.ts";
import { ApiRequestError, fetchJson } from "./fetcher.ts";
import { brokerKey } from "./use-broker.ts";

export type HookVersion = z.infer<typeof hookVersion>;

export const hookKey = (namespace: string, name: string) => `${brokerKey(namespace, name)}/hook`;

/** The API answers 404 both for "no hook" and "no broker": callers check the broker with useBroker. */
export function useHook(namespace: string, name: string) {
  return useSWR(hookKey(namespace, name), (path: string) =>
    fetchJson<HookVersion>(path).catch((error: unknown) => {
      if (error instanceof ApiRequestError && error.status === 404) return null;
      throw error;
    }),
  );
}
