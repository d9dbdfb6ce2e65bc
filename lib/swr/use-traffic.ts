// Recent traffic for the overview, refreshed every 2 s unless paused: every broker summed with
// each broker's current counts (GET /v1/traffic), and one broker's series (…/brokers/:b/traffic).
import useSWR from "swr";
import type { BrokerTraffic, Traffic, TrafficRange } from "../validations/traffic.ts";
import { fetchJson } from "./fetcher.ts";

export const TRAFFIC_REFRESH_MS = 2000;

const options = (paused: boolean) => ({ refreshInterval: paused ? 0 : TRAFFIC_REFRESH_MS, keepPreviousData: true });

export function useTraffic(range: TrafficRange, paused: boolean) {
  return useSWR(`/traffic?range=${range}`, (path: string) => fetchJson<Traffic>(path), options(paused));
}

/** One broker ({namespace, name}), or nothing when `broker` is null. */
export function useBrokerTraffic(broker: { namespace: string; name: string } | null, range: TrafficRange, paused: boolean) {
  const path = broker && `/namespaces/${encodeURIComponent(broker.namespace)}/brokers/${encodeURIComponent(broker.name)}/traffic?range=${range}`;
  return useSWR(path, (url: string) => fetchJson<BrokerTraffic>(url), options(paused));
}
