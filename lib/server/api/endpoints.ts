// Where clients reach a broker, as the API tells them (a broker's `endpoints`, the explorer's
// session): the host the caller used — the console's users reach the console, whose host it
// passes on in X-Forwarded-Host — and the listeners' ports; or, for WebSocket behind a proxy,
// the configured public URL (--public-ws-url) with `/<namespace>/<broker>` appended.
import type { Context } from "hono";
import type { ApiEnv } from "./context.ts";

/** The listeners' ports, to tell clients where to connect. */
export interface ListenerPorts {
  mqtt: number;
  http: number;
  mqtts?: number;
  https?: number;
}

export interface EndpointSettings {
  ports: ListenerPorts;
  /** --public-ws-url, without a trailing slash. */
  publicWsUrl: string | undefined;
}

export interface BrokerEndpoints {
  mqtt: string;
  mqtts?: string;
  websocket: string;
  secureWebsocket?: string;
}

export function brokerEndpoints(c: Context<ApiEnv>, { ports, publicWsUrl }: EndpointSettings, namespace: string, broker: string): BrokerEndpoints {
  const forwarded = c.get("actor").viaConsole ? c.req.header("x-forwarded-host") : undefined;
  const host = (forwarded && hostnameOf(forwarded)) || new URL(c.req.url).hostname;
  const path = `/mqtt/${namespace}/${broker}`;
  const mqtt = `mqtt://${host}:${ports.mqtt}`;
  const mqtts = ports.mqtts === undefined ? undefined : `mqtts://${host}:${ports.mqtts}`;
  if (publicWsUrl !== undefined) {
    const websocket = `${publicWsUrl}/${namespace}/${broker}`;
    return { mqtt, mqtts, websocket, secureWebsocket: websocket.startsWith("wss:") ? websocket : undefined };
  }
  return {
    mqtt,
    mqtts,
    websocket: `ws://${host}:${ports.http}${path}`,
    secureWebsocket: ports.https === undefined ? undefined : `wss://${host}:${ports.https}${path}`,
  };
}

/**
 * The one WebSocket URL a browser should use: the secure one when the page it runs in was served
 * over HTTPS (the API reached over TLS, or the console saying so in X-Forwarded-Proto) and there
 * is one, else the plain one.
 */
export function browserWebsocketUrl(c: Context<ApiEnv>, endpoints: BrokerEndpoints): string {
  const forwardedProto = c.get("actor").viaConsole ? c.req.header("x-forwarded-proto") : undefined;
  const secure = (forwardedProto ?? new URL(c.req.url).protocol.replace(/:$/, "")) === "https";
  return (secure && endpoints.secureWebsocket) || endpoints.websocket;
}

/** The host name in a Host-style value ("console.example.com:3000"), or undefined if it is not one. */
function hostnameOf(value: string): string | undefined {
  try {
    return new URL(`http://${value}`).hostname;
  } catch {
    return undefined;
  }
}
