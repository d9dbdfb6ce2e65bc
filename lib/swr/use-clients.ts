// A page of a broker's clients (GET /v1/namespaces/:ns/brokers/:b/clients), as the clients page's
// URL filters it, refreshed every 2 s unless paused.
import useSWR from "swr";
import type { ClientList, ClientState } from "../validations/clients.ts";
import { fetchJson } from "./fetcher.ts";
import { brokerKey } from "./use-broker.ts";

export const CLIENTS_REFRESH_MS = 2000;
export const clientPageSize = 100;

export interface ClientFilter {
  /** Client IDs starting with this. */
  query?: string;
  state?: ClientState;
  /** The nextCursor of the page before. */
  cursor?: string;
}

export const clientsKey = (namespace: string, name: string) => `${brokerKey(namespace, name)}/clients`;

export function useClients(namespace: string, name: string, filter: ClientFilter, paused: boolean) {
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  query.set("limit", String(clientPageSize));
  return useSWR(`${clientsKey(namespace, name)}?${query}`, (path: string) => fetchJson<ClientList>(path), { refreshInterval: paused ? 0 : CLIENTS_REFRESH_MS, keepPreviousData: true });
}
