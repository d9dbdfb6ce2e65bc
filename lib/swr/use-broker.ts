// One broker with its settings and endpoints (GET /v1/namespaces/:ns/brokers/:b).
import useSWR from "swr";
import type { z } from "zod";
import type { broker } from "../validations/brokers.ts";
import { fetchJson } from "./fetcher.ts";

export type Broker = z.infer<typeof broker>;

export const brokerKey = (namespace: string, name: string) => `/namespaces/${encodeURIComponent(namespace)}/brokers/${encodeURIComponent(name)}`;

export function useBroker(namespace: string, name: string) {
  return useSWR(brokerKey(namespace, name), (path: string) => fetchJson<Broker>(path));
}
