// Namespaces (GET /v1/namespaces).
import useSWR from "swr";
import type { z } from "zod";
import type { namespace } from "../validations/brokers.ts";
import { fetchJson } from "./fetcher.ts";

export type Namespace = z.infer<typeof namespace>;

export const namespacesKey = "/namespaces";

export function useNamespaces() {
  return useSWR(namespacesKey, (path: string) => fetchJson<{ namespaces: Namespace[] }>(path).then((body) => body.namespaces));
}
