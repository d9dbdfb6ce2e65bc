// /v1/namespaces/:ns/brokers/:b/hook — the broker's on-publish hook: deploy a new version, read
// the live one and the history, roll back, remove, test a version on sample messages, and watch
// it run: logs (recent, or followed as Server-Sent Events) and per-version metrics.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { HookLogEntry } from "../../../hook-runtime/logs.ts";
import type { HookService } from "../../../control/hooks.ts";
import type { HookOutputMessage } from "../../../hook-runtime/message.ts";
import type { HookVersionRecord } from "../../../store/repositories/hooks.ts";
import { hookDeploy, hookLogEntry, hookLogsQuery, hookMetrics, hookRollback, hookTest, hookTestResult, hookVersion } from "../../../validations/hooks.ts";
import type { ApiEnv } from "../context.ts";
import { assertPermission, requirePermission } from "../middleware/authorize.ts";
import { brokerParams, errorResponses, jsonBody, jsonResponse } from "../openapi.ts";

const toVersion = (v: HookVersionRecord) => ({ version: v.version, kind: v.kind, source: v.source, url: v.url, topics: v.topics, timeoutMs: v.timeoutMs, onError: v.onError, createdBy: v.createdBy, createdAt: v.createdAt.toISOString() });

/** JSON cannot carry bytes: binary payloads go out as base64 with a marker, as webhooks receive them. */
const toJsonMessage = (m: HookOutputMessage) =>
  typeof m.payload === "string" ? { ...m, payload: m.payload } : { ...m, payload: Buffer.from(m.payload).toString("base64"), payloadEncoding: "base64" as const };

/** Log entries a follower may fall behind by. */
const FOLLOW_BUFFER = 1000;

export function hookRoutes(hooks: HookService) {
  const app = new OpenAPIHono<ApiEnv>();
  const base = "/namespaces/{ns}/brokers/{b}/hook";

  // PUT …/hook — deploy a new immutable version and make it live
  app.openapi(
    createRoute({ method: "put", path: base, middleware: [requirePermission("hooks:write")] as const, request: { params: brokerParams, body: jsonBody(hookDeploy) }, responses: { 201: jsonResponse(hookVersion, "Deployed"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(toVersion(await hooks.deploy(c.get("actor").name, ns, b, c.req.valid("json"))), 201);
    },
  );

  // GET …/hook — the live version
  app.openapi(
    createRoute({ method: "get", path: base, middleware: [requirePermission("hooks:read")] as const, request: { params: brokerParams }, responses: { 200: jsonResponse(hookVersion, "Live version"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(toVersion(await hooks.live(ns, b)), 200);
    },
  );

  // DELETE …/hook — no hook: messages pass straight through
  app.openapi(
    createRoute({ method: "delete", path: base, middleware: [requirePermission("hooks:write")] as const, request: { params: brokerParams }, responses: { 204: { description: "Removed" }, ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      await hooks.remove(c.get("actor").name, ns, b);
      return c.body(null, 204);
    },
  );

  // GET …/hook/versions — every version, newest first
  app.openapi(
    createRoute({ method: "get", path: `${base}/versions`, middleware: [requirePermission("hooks:read")] as const, request: { params: brokerParams }, responses: { 200: jsonResponse(z.object({ versions: z.array(hookVersion) }), "Versions"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json({ versions: (await hooks.versions(ns, b)).map(toVersion) }, 200);
    },
  );

  // GET …/hook/versions/:v — one version with its source and config
  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/versions/{v}`,
      middleware: [requirePermission("hooks:read")] as const,
      request: { params: brokerParams.extend({ v: z.coerce.number().int().positive().openapi({ param: { name: "v", in: "path" } }) }) },
      responses: { 200: jsonResponse(hookVersion, "Version"), ...errorResponses },
    }),
    async (c) => {
      const { ns, b, v } = c.req.valid("param");
      return c.json(toVersion(await hooks.version(ns, b, v)), 200);
    },
  );

  // POST …/hook/rollback — make an earlier version live again
  app.openapi(
    createRoute({ method: "post", path: `${base}/rollback`, middleware: [requirePermission("hooks:write")] as const, request: { params: brokerParams, body: jsonBody(hookRollback) }, responses: { 200: jsonResponse(hookVersion, "Live version"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(toVersion(await hooks.rollback(c.get("actor").name, ns, b, c.req.valid("json").version)), 200);
    },
  );

  // POST …/hook/test — run a version, or a hook not deployed yet, on sample messages with side effects off
  app.openapi(
    createRoute({ method: "post", path: `${base}/test`, middleware: [requirePermission("hooks:read")] as const, request: { params: brokerParams, body: jsonBody(hookTest) }, responses: { 200: jsonResponse(hookTestResult, "Output, decisions, logs and timing"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      const request = c.req.valid("json");
      // Running code that is not deployed is part of editing the hook.
      if (request.hook) assertPermission(c.get("actor"), "hooks:write");
      const result = await hooks.test(ns, b, request);
      return c.json({ ...result, output: result.output.map(toJsonMessage) }, 200);
    },
  );

  // GET …/hook/logs — the latest console lines and failures; ?follow=1 streams new ones as SSE `log` events
  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/logs`,
      middleware: [requirePermission("hooks:read")] as const,
      request: { params: brokerParams, query: hookLogsQuery },
      responses: { 200: jsonResponse(z.object({ logs: z.array(hookLogEntry) }), "Recent log entries, oldest first; with follow=1 a text/event-stream of them, then of each new one"), ...errorResponses },
    }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      const { limit, follow } = c.req.valid("query");
      const recent = await hooks.logs(ns, b, limit);
      if (!follow) return c.json({ logs: recent }, 200);
      // Entries arriving while the stream writes wait here, bounded: a follower too slow for its
      // hook's logs loses the oldest, with a note, rather than growing the server's memory.
      const queue: HookLogEntry[] = [...recent];
      let skipped = 0;
      let wake: (() => void) | undefined;
      const unfollow = await hooks.follow(ns, b, (entry) => {
        if (queue.length >= FOLLOW_BUFFER) {
          queue.shift();
          skipped++;
        }
        queue.push(entry);
        wake?.();
      });
      return streamSSE(c, async (stream) => {
        stream.onAbort(() => wake?.());
        try {
          while (!stream.aborted) {
            if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
            if (skipped > 0) {
              await stream.writeSSE({ event: "skipped", data: JSON.stringify({ count: skipped }) });
              skipped = 0;
            }
            for (const entry of queue.splice(0)) await stream.writeSSE({ event: "log", id: String(entry.id), data: JSON.stringify(entry) });
          }
        } finally {
          unfollow();
        }
      }) as never;
    },
  );

  // GET …/hook/metrics — per-version counters and latency since the server started
  app.openapi(
    createRoute({ method: "get", path: `${base}/metrics`, middleware: [requirePermission("hooks:read")] as const, request: { params: brokerParams }, responses: { 200: jsonResponse(hookMetrics, "Metrics per version, newest first"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(await hooks.metrics(ns, b), 200);
    },
  );

  return app;
}
