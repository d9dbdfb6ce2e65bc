// The clients page keeps its search, state filter and page in the URL (…/clients?query=&state=&cursor=),
// with the API's parameter names, so a view can be shared and survives a reload; and the way to
// one client's page, whatever characters its ID holds.
import type { ReadonlyURLSearchParams } from "next/navigation";
import type { ClientFilter } from "@/lib/swr/use-clients.ts";
import { clientStates, type ClientState } from "@/lib/validations/clients.ts";

export const clientsPath = (namespace: string, name: string) => `/namespaces/${namespace}/brokers/${name}/clients`;
export const clientPath = (namespace: string, name: string, clientId: string) => `${clientsPath(namespace, name)}/${encodeURIComponent(clientId)}`;

/**
 * The client ID of a `[clientId]` segment. Next.js hands a page its dynamic segment as it was in
 * the URL, still percent-encoded (generateMetadata gets it decoded); one that is not valid
 * percent-encoding is taken as it is.
 */
export function clientIdFromSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function filterFromUrl(params: ReadonlyURLSearchParams): ClientFilter {
  const state = params.get("state");
  return {
    query: params.get("query") || undefined,
    state: clientStates.includes(state as ClientState) ? (state as ClientState) : undefined,
    cursor: params.get("cursor") || undefined,
  };
}

export function clientsHref(namespace: string, name: string, filter: ClientFilter): string {
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return query.size ? `${clientsPath(namespace, name)}?${query}` : clientsPath(namespace, name);
}
