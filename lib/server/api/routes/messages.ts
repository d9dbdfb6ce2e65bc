// The HTTP on-ramp: POST …/messages publishes as if from an MQTT client; GET …/stream?filter=
// streams deliveries as Server-Sent Events. Device credentials are held to their broker and
// topic ACL; API tokens to the explorer permissions of their role.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { can, type Permission } from "../../../auth/roles.ts";
import type { Principal } from "../../../broker/auth.ts";
import type { InProcessSubscriber } from "../../../broker/in-process-subscriber.ts";
import type { MessageService } from "../../../control/messages.ts";
import { messagePublish } from "../../../validations/messages.ts";
import type { ApiEnv } from "../context.ts";
import { ApiError } from "../errors.ts";
import { brokerParams, errorResponses, jsonBody, jsonResponse } from "../openapi.ts";

const allowAll = () => true;

/** The principal a request acts as on broker ns/b: the device's own, or the role's. */
function principalFor(c: Context<ApiEnv>, namespace: string, broker: string, permission: Permission): Principal {
  const actor = c.get("actor");
  if (actor.device) {
    if (actor.device.namespace !== namespace || actor.device.broker !== broker) throw new ApiError("forbidden", `the credential is for broker ${actor.device.namespace}/${actor.device.broker}`);
    return actor.device;
  }
  if (actor.consoleService || !can(actor.role, permission)) throw new ApiError("forbidden", `role ${actor.role} may not ${permission}`);
  return { namespace, broker, authorizePublish: allowAll, authorizeSubscribe: allowAll };
}

export function messageRoutes(messages: MessageService) {
  const app = new OpenAPIHono<ApiEnv>();

  // POST /v1/namespaces/:ns/brokers/:b/messages — publish one message
  app.openapi(
    createRoute({
      method: "post",
      path: "/namespaces/{ns}/brokers/{b}/messages",
      request: { params: brokerParams, body: jsonBody(messagePublish) },
      responses: { 200: jsonResponse(z.object({ delivered: z.number() }), "Accepted; `delivered` sessions got it"), ...errorResponses },
    }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      const input = c.req.valid("json");
      const principal = principalFor(c, ns, b, "explorer:publish");
      if (!principal.authorizePublish(input.topic)) throw new ApiError("forbidden", `not authorized to publish to ${input.topic}`);
      const publisherId = principal.clientId ?? `http:${c.get("actor").name}`;
      return c.json(await messages.publish(ns, b, publisherId, (topic) => principal.authorizePublish(topic), input), 200);
    },
  );

  // GET /v1/namespaces/:ns/brokers/:b/stream?filter= — deliveries as Server-Sent Events
  app.openapi(
    createRoute({
      method: "get",
      path: "/namespaces/{ns}/brokers/{b}/stream",
      request: { params: brokerParams, query: z.object({ filter: z.string().min(1) }) },
      responses: { 200: { description: "text/event-stream of `message` events: {topic, payload, encoding, retain, contentType?, userProperties?}" }, ...errorResponses },
    }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      const { filter } = c.req.valid("query");
      const principal = principalFor(c, ns, b, "explorer:subscribe");
      if (!principal.authorizeSubscribe(filter)) throw new ApiError("forbidden", `not authorized to subscribe to ${filter}`);
      const events: string[] = [];
      let wake: (() => void) | undefined;
      // Retained messages can arrive before `await` hands back the subscriber.
      let subscriber: InProcessSubscriber | undefined = undefined;
      subscriber = await messages.stream(ns, b, filter, principal, getConnInfo(c).remote.address ?? "http", (m) => {
        const text = m.payload.toString("utf8");
        const utf8 = Buffer.from(text, "utf8").equals(m.payload);
        events.push(JSON.stringify({ topic: m.topic, payload: utf8 ? text : m.payload.toString("base64"), encoding: utf8 ? "utf8" : "base64", retain: m.retain, contentType: m.properties?.contentType, userProperties: m.properties?.userProperties }));
        // Stop reading from the broker while events wait: the broker then drops, not this buffer.
        if (events.length >= 100) subscriber?.pause();
        wake?.();
      });
      const live = subscriber;
      return streamSSE(c, async (stream) => {
        stream.onAbort(() => live.close());
        let open = true;
        void live.closed.then(() => {
          open = false;
          wake?.();
        });
        while (open && !stream.aborted) {
          if (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          for (const data of events.splice(0)) await stream.writeSSE({ event: "message", data });
          live.resume();
        }
        live.close();
      });
    },
  );

  return app;
}
