// Every version of a broker's hook, newest first (GET /v1/namespaces/:ns/brokers/:b/hook/versions).
import useSWR from "swr";
import { fetchJson } from "./fetcher.ts";
import { hookKey, type HookVersion } from "./use-hook.ts";

export const hookVersionsKey = (namespace: string, name: string) => `${hookKey(namespace, name)}/versions`;

export function useHookVersions(namespace: string, name: string) {
  return useSWR(hookVersionsKey(namespace, name), (path: string) => fetchJson<{ versions: HookVersion[] }>(path).then((body) => body.versions));
}
