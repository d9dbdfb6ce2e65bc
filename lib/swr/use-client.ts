// One client of a broker in detail (GET /v1/namespaces/:ns/brokers/:b/clients/:id), refreshed
// every 2 s unless paused.
import useSWR from "swr";
import type { ClientDetail } from "../validations/clients.ts";
import { fetchJson } from "./fetcher.ts";
import { CLIENTS_REFRESH_MS, clientsKey } from "./use-clients.ts";

export const clientKey = (namespace: string, name: string, clientId: string) => `${clientsKey(namespace, name)}/${encodeURIComponent(clientId)}`;

export function useClient(namespace: string, name: string, clientId: string, paused: boolean) {
  return useSWR(clientKey(namespace, name, clientId), (path: string) => fetchJson<ClientDetail>(path), { refreshInterval: paused ? 0 : CLIENTS_REFRESH_MS });
}
