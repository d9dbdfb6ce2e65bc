// A broker's revoked credentials (GET /v1/namespaces/:ns/brokers/:b/revocations).
import useSWR from "swr";
import type { Revocation } from "../validations/credentials.ts";
import { fetchJson } from "./fetcher.ts";
import { brokerKey } from "./use-broker.ts";

export const revocationsKey = (namespace: string, name: string) => `${brokerKey(namespace, name)}/revocations`;

export function useRevocations(namespace: string, name: string) {
  return useSWR(revocationsKey(namespace, name), (path: string) => fetchJson<{ revocations: Revocation[] }>(path).then((body) => body.revocations));
}
