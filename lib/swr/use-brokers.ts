// A namespace's brokers (GET /v1/namespaces/:ns/brokers).
import useSWR from "swr";
import { fetchJson } from "./fetcher.ts";
import type { Broker } from "./use-broker.ts";

export const brokersKey = (namespace: string) => `/namespaces/${encodeURIComponent(namespace)}/brokers`;

export function useBrokers(namespace: string) {
  return useSWR(brokersKey(namespace), (path: string) => fetchJson<{ brokers: Broker[] }>(path).then((body) => body.brokers));
}
