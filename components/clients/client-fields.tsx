// How the clients page and a client's page show the same facts: state, protocol, keep alive.
import type { ClientState } from "@/lib/validations/clients.ts";

const protocolNames: Record<number, string> = { 3: "MQTT 3.1", 4: "MQTT 3.1.1", 5: "MQTT 5" };

export function protocolName(version: number | null): string {
  return version === null ? "—" : (protocolNames[version] ?? `protocol level ${version}`);
}

export function keepAliveText(seconds: number | null): string {
  return seconds === null ? "—" : seconds === 0 ? "no keep alive" : `keep alive ${seconds} s`;
}

const badgeClass: Record<ClientState, string> = {
  connected: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  offline: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
};

export function StateBadge({ state }: { state: ClientState }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${badgeClass[state]}`}>{state === "connected" ? "Connected" : "Offline"}</span>;
}
