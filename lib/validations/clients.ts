// A broker's clients (GET/DELETE …/brokers/:b/clients[/:id]): the list's filters and paging, a
// client as listed and in detail, and the disconnect's options. The API and the console share them.
import { z } from "@hono/zod-openapi";
import { clientStates } from "../broker/clients.ts";

export { clientStates, type ClientState } from "../broker/clients.ts";

const MAX_CLIENTS_PER_PAGE = 500;

export const clientListQuery = z.object({
  /** Client IDs starting with this (case-sensitive). */
  query: z.string().max(1024).optional(),
  state: z.enum(clientStates).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_CLIENTS_PER_PAGE).default(100),
  /** The `nextCursor` of the page before: client IDs after it. */
  cursor: z.string().min(1).optional(),
});

export const clientDisconnectQuery = z.object({
  discardSession: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1")
    .openapi({ description: "Also end the session: its subscriptions and queued messages go" }),
});

const time = z.string().datetime().nullable();

export const clientSummary = z
  .object({
    clientId: z.string(),
    state: z.enum(clientStates).openapi({ description: "offline: a persistent session without a connection" }),
    transport: z.string().nullable().openapi({ description: "tcp, tls, ws, wss or internal; this and the other connection fields describe the last connection while offline, and are null when the broker no longer knows it" }),
    remoteAddress: z.string().nullable(),
    protocolVersion: z.number().nullable().openapi({ description: "4 for MQTT 3.1.1, 5 for MQTT 5" }),
    keepAlive: z.number().nullable().openapi({ description: "Seconds in force (the Server Keep Alive when the broker set one); 0: none" }),
    credentialId: z.string().nullable().openapi({ description: "The jti of the device credential it connected with" }),
    connectedAt: time,
    lastSeenAt: time.openapi({ description: "Connected: its last packet; offline: when it disconnected" }),
    messagesIn: z.number().nullable().openapi({ description: "PUBLISH packets received from it on this connection" }),
    messagesOut: z.number().nullable().openapi({ description: "PUBLISH packets sent to it on this connection" }),
    subscriptionCount: z.number(),
    inflight: z.number().openapi({ description: "QoS 1/2 messages sent and not yet acknowledged" }),
    queued: z.number().openapi({ description: "QoS 1/2 messages waiting for the client or for room in its receive window" }),
  })
  .openapi("Client");

export const clientList = z.object({
  clients: z.array(clientSummary),
  nextCursor: z.string().nullable().openapi({ description: "Pass as cursor for the next page; null on the last" }),
  total: z.number().openapi({ description: "Clients matching query and state, on every page" }),
});

const disconnectRecord = z.object({
  at: z.string().datetime(),
  by: z.enum(["client", "server", "network"]).openapi({ description: "network: the connection closed without a DISCONNECT from either side" }),
  reasonCode: z.number().nullable(),
  reasonName: z.string().nullable().openapi({ description: "The reason code's name in MQTT 5, e.g. Keep Alive timeout" }),
  reason: z.string().nullable().openapi({ description: "The reason string sent with the DISCONNECT" }),
});

export const clientDetail = clientSummary
  .extend({
    sessionExpiryInterval: z.number().openapi({ description: "Seconds the session outlives its connection; 0: it ends with it" }),
    sessionExpiresAt: time.openapi({ description: "While offline: when the session ends unless the client returns" }),
    subscriptions: z.array(
      z.object({
        filter: z.string(),
        qos: z.number(),
        noLocal: z.boolean(),
        retainAsPublished: z.boolean(),
        retainHandling: z.number(),
        subscriptionId: z.number().nullable(),
      }),
    ),
    will: z
      .object({
        topic: z.string(),
        payload: z.string(),
        encoding: z.enum(["utf8", "base64"]),
        qos: z.number(),
        retain: z.boolean(),
        delaySeconds: z.number(),
        expirySeconds: z.number().nullable(),
        contentType: z.string().nullable(),
      })
      .nullable(),
    disconnects: z.array(disconnectRecord).openapi({ description: "The last 10, newest first" }),
  })
  .openapi("ClientDetail");

export const clientDisconnectResult = z.object({
  disconnected: z.boolean().openapi({ description: "A connection was closed (0x98 Administrative action to MQTT 5 clients)" }),
  sessionEnded: z.boolean().openapi({ description: "The session is gone: discarded, or not persistent" }),
});

export type ClientListQuery = z.infer<typeof clientListQuery>;
export type ClientSummary = z.infer<typeof clientSummary>;
export type ClientList = z.infer<typeof clientList>;
export type ClientDetail = z.infer<typeof clientDetail>;
export type ClientDisconnectResult = z.infer<typeof clientDisconnectResult>;
