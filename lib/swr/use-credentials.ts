// A broker's issued credentials (GET /v1/namespaces/:ns/brokers/:b/credentials), never their tokens.
import useSWR from "swr";
import type { IssuedCredential } from "../validations/credentials.ts";
import { fetchJson } from "./fetcher.ts";
import { brokerKey } from "./use-broker.ts";

// "Last connected" and "last failure" change as devices connect (the server writes them behind
// within a couple of seconds): refreshed now and then, so a page left open follows them.
const refreshMs = 15_000;

export const credentialsKey = (namespace: string, name: string) => `${brokerKey(namespace, name)}/credentials`;

export function useCredentials(namespace: string, name: string) {
  return useSWR(credentialsKey(namespace, name), (path: string) => fetchJson<{ credentials: IssuedCredential[] }>(path).then((body) => body.credentials), { refreshInterval: refreshMs });
}
