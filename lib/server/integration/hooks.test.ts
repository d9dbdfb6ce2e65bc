// On-publish hooks on live traffic: a real server, hooks deployed through the API, MQTT.js
// clients publishing and subscribing. Transformations, drops, new publishes, binary payloads,
// every binding, failures under both policies, webhooks against a real receiver, rollback, the
// logs and metrics endpoints, and the test endpoint having no side effects.
import http from "node:http";
import type { AddressInfo } from "node:net";
import mqtt, { type IClientPublishOptions, type MqttClient, type Packet } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertWebhook } from "../../hook-runtime/verify.ts";
import { startTestApi, type TestApi } from "../api/test/api-fixture.ts";
import { waitFor } from "../test/server-fixture.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.stop());

const hook = "/namespaces/default/brokers/default/hook";
const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
});

interface Received {
  topic: string;
  payload: Buffer;
  packet: mqtt.IPublishPacket;
}

/** An MQTT 5 client on the default broker that records what it receives. */
async function client(): Promise<MqttClient & { received: Received[] }> {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${api.server.ports.mqtt}`, { protocolVersion: 5, reconnectPeriod: 0 });
  clients.push(c);
  const received: Received[] = [];
  c.on("message", (topic, payload, packet) => received.push({ topic, payload, packet }));
  return Object.assign(c, { received });
}

async function subscriber(filter: string) {
  const c = await client();
  await c.subscribeAsync(filter, { qos: 1 });
  return c;
}

async function deploy(body: Record<string, unknown>): Promise<number> {
  const response = await api.call("PUT", hook, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.version;
}

const script = (body: string, extra: Record<string, unknown> = {}) => deploy({ kind: "script", source: `export default { async onPublish(messages, env, ctx) { ${body} } };`, ...extra });

/** Publishes at QoS 1 and resolves with the PUBACK's reason code (MQTT.js rejects on codes ≥ 0x80). */
async function publishAcked(c: MqttClient, topic: string, payload: string | Buffer, options: IClientPublishOptions = {}): Promise<number> {
  try {
    const packet = (await c.publishAsync(topic, payload, { qos: 1, ...options })) as Packet & { reasonCode?: number };
    return packet?.reasonCode ?? 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "number") return code;
    throw error;
  }
}

const payloads = (c: { received: Received[] }) => c.received.map((m) => m.payload.toString());

describe("script hooks on live traffic", () => {
  it("transforms messages before subscribers get them, and acks QoS 1 after the hook", async () => {
    await script(`return messages.map((m) => ({ ...m, payload: m.payload.toUpperCase(), userProperties: [["hooked", "yes"]] }));`, { topics: ["shout/#"] });
    const sub = await subscriber("shout/#");
    const pub = await client();
    expect(await publishAcked(pub, "shout/a", "hello")).toBe(0);
    await waitFor(() => sub.received.length === 1);
    expect(payloads(sub)).toEqual(["HELLO"]);
    expect(sub.received[0]!.packet.properties?.userProperties).toEqual({ hooked: "yes" });
  });

  it("passes topics outside the hook's filters unchanged", async () => {
    await script(`return messages.map((m) => ({ ...m, payload: "changed" }));`, { topics: ["only/this"] });
    const sub = await subscriber("other/#");
    const pub = await client();
    await publishAcked(pub, "other/x", "as is");
    await waitFor(() => sub.received.length === 1);
    expect(payloads(sub)).toEqual(["as is"]);
  });

  it("drops what the hook leaves out, counted as dropped by hook", async () => {
    await script(`return messages.filter((m) => !m.payload.includes("secret"));`);
    const sub = await subscriber("filter/#");
    const pub = await client();
    await publishAcked(pub, "filter/a", "secret stuff");
    await publishAcked(pub, "filter/a", "public stuff");
    await waitFor(() => sub.received.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(payloads(sub)).toEqual(["public stuff"]);
    const metrics = await (await fetch(`http://127.0.0.1:${api.server.ports.http}/metrics`)).text();
    expect(metrics).toMatch(/sluice_messages_dropped_total\{broker="default\/default",reason="hook"\} [1-9]/);
  });

  it("publishes new messages returned without a mid, and with env.publish", async () => {
    await script(`await env.publish("alerts/published", "from env", { qos: 1 });
      return [...messages, { topic: "alerts/returned", payload: "from return" }];`);
    const sub = await subscriber("alerts/#");
    const pub = await client();
    await publishAcked(pub, "alerts/in", "original");
    await waitFor(() => sub.received.length === 3);
    expect(sub.received.map((m) => m.topic).sort()).toEqual(["alerts/in", "alerts/published", "alerts/returned"]);
  });

  it("hands binary payloads over as bytes and delivers returned bytes", async () => {
    await script(`return messages.map((m) => ({ ...m, payload: m.payload instanceof Uint8Array ? m.payload.map((b) => 255 - b) : "was text" }));`);
    const sub = await subscriber("bin/#");
    const pub = await client();
    await publishAcked(pub, "bin/x", Buffer.from([0, 1, 0xfe, 0xff]));
    await waitFor(() => sub.received.length === 1);
    expect([...sub.received[0]!.payload]).toEqual([255, 254, 1, 0]);
  });

  it("keeps publication order per publisher across many batches", async () => {
    await script(`return messages;`);
    const sub = await subscriber("order/#");
    const pub = await client();
    const sent = Array.from({ length: 300 }, (_, i) => String(i));
    await Promise.all(sent.map((p) => pub.publishAsync("order/x", p, { qos: 1 })));
    await waitFor(() => sub.received.length === sent.length, 10_000);
    expect(payloads(sub)).toEqual(sent);
  });

  it("delivers the original on timeout under onError deliver, and logs the failure with the message", async () => {
    await script(`if (messages.some((m) => m.payload === "loop")) while (true) {} return messages;`, { timeoutMs: 100, onError: "deliver" });
    const sub = await subscriber("slow/#");
    const pub = await client();
    expect(await publishAcked(pub, "slow/x", "loop")).toBe(0);
    await waitFor(() => sub.received.length === 1, 5000);
    expect(payloads(sub)).toEqual(["loop"]);
    // The isolate was rebuilt: the next message runs normally.
    await publishAcked(pub, "slow/x", "fine");
    await waitFor(() => sub.received.length === 2, 5000);
    const logs = (await api.call("GET", `${hook}/logs`)).body.logs;
    const failure = logs.find((l: { message: string }) => l.message.startsWith("timeout"));
    expect(failure).toMatchObject({ level: "error", messages: [{ topic: "slow/x" }] });
    const metrics = (await api.call("GET", `${hook}/metrics`)).body;
    expect(metrics.versions[0]).toMatchObject({ version: metrics.live, invocations: 2, messagesIn: 2, messagesOut: 2, timeouts: 1, errors: 1 });
    const prometheus = await (await fetch(`http://127.0.0.1:${api.server.ports.http}/metrics`)).text();
    expect(prometheus).toContain(`sluice_hook_timeouts_total{broker="default/default",version="${metrics.live}"} 1`);
    expect(prometheus).toMatch(new RegExp(`sluice_hook_latency_ms\\{broker="default/default",version="${metrics.live}",quantile="0.99"\\} [\\d.]+`));
  });

  it("drops under onError drop when the hook runs out of memory, acking 0x83", async () => {
    await script(`const hog = []; for (;;) hog.push(new Array(1e6).fill(1)); `, { timeoutMs: 5000 });
    const sub = await subscriber("oom/#");
    const pub = await client();
    expect(await publishAcked(pub, "oom/x", "boom")).toBe(0x83);
    await new Promise((r) => setTimeout(r, 50));
    expect(sub.received).toHaveLength(0);
    const metrics = (await api.call("GET", `${hook}/metrics`)).body;
    expect(metrics.versions[0]).toMatchObject({ errors: 1, dropped: 1 });
  });

  it("treats a throw and a bad return value as failures", async () => {
    await script(`if (messages[0].payload === "throw") throw new Error("nope"); return "not an array";`, { onError: "drop" });
    const pub = await client();
    expect(await publishAcked(pub, "bad/x", "throw")).toBe(0x83);
    expect(await publishAcked(pub, "bad/x", "other")).toBe(0x83);
    const messages = (await api.call("GET", `${hook}/logs?limit=2`)).body.logs.map((l: { message: string }) => l.message);
    expect(messages[0]).toMatch(/^exception: Error: nope/);
    expect(messages[1]).toMatch(/^bad_return: hook must return an array/);
  });

  it("refuses returned topics that are not valid topic names", async () => {
    await script(`return messages.map((m) => ({ ...m, topic: "wild/#" }));`, { onError: "drop" });
    const sub = await subscriber("wild/#");
    const pub = await client();
    expect(await publishAcked(pub, "wild/x", "x")).toBe(0x83);
    expect((await api.call("GET", `${hook}/logs?limit=1`)).body.logs[0].message).toMatch(/^bad_return: message 0: topic name contains a wildcard/);
    expect(sub.received).toHaveLength(0);
  });

  it("rolls back in one step", async () => {
    const v1 = await script(`return messages.map((m) => ({ ...m, payload: "v1" }));`);
    await script(`return messages.map((m) => ({ ...m, payload: "v2" }));`);
    const sub = await subscriber("roll/#");
    const pub = await client();
    await publishAcked(pub, "roll/x", "?");
    await api.call("POST", `${hook}/rollback`, { version: v1 });
    await publishAcked(pub, "roll/x", "?");
    expect((await api.call("DELETE", hook)).status).toBe(204);
    await publishAcked(pub, "roll/x", "no hook");
    await waitFor(() => sub.received.length === 3);
    expect(payloads(sub)).toEqual(["v2", "v1", "no hook"]);
  });
});

describe("script bindings", () => {
  it("keeps KV per broker across batches", async () => {
    await script(`const n = Number((await env.kv.get("count")) ?? 0) + 1; await env.kv.put("count", String(n));
      const listed = await env.kv.list({ prefix: "co" });
      return messages.map((m) => ({ ...m, payload: n + ":" + listed.keys.map((k) => k.name).join(",") }));`);
    const sub = await subscriber("kv/#");
    const pub = await client();
    await publishAcked(pub, "kv/x", "a");
    await publishAcked(pub, "kv/x", "b");
    await waitFor(() => sub.received.length === 2);
    expect(payloads(sub)).toEqual(["1:count", "2:count"]);
    const broker = await api.server.store.brokers.get("default", "default");
    expect(await api.server.store.kv.get(broker!.id, "count")).toBe("2");
  });

  it("writes data points that the analytics query reads", async () => {
    await script(`for (const m of messages) { const p = JSON.parse(m.payload);
        env.metrics.writeDataPoint({ labels: ["default.default", p.region, p.merchantId], metrics: [p.transactionsProcessed] }); }
      return messages;`);
    const pub = await client();
    await publishAcked(pub, "transactions/t1", JSON.stringify({ region: "eu", merchantId: "m1", transactionsProcessed: 3 }));
    await publishAcked(pub, "transactions/t1", JSON.stringify({ region: "eu", merchantId: "m1", transactionsProcessed: 4 }));
    await publishAcked(pub, "transactions/t2", JSON.stringify({ region: "us", merchantId: "m2", transactionsProcessed: 1 }));
    // Data points are written behind, about once a second.
    let rows: unknown[][] = [];
    for (let attempt = 0; attempt < 50 && rows.length < 2; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      const result = await api.call("POST", "/analytics/query", {
        sql: "SELECT label_2 as region, label_3 as merchantId, sum(metric_1) as total_transactions FROM TELEMETRY WHERE metric_1 > 0 AND timestamp >= now() - 604800 GROUP BY region, merchantId ORDER BY total_transactions DESC LIMIT 10",
      });
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      rows = result.body.rows;
    }
    expect(rows.map((r) => r.map(String))).toEqual([
      ["eu", "m1", "7"],
      ["us", "m2", "1"],
    ]);
  });

  it("stores objects in the broker's directory", async () => {
    await script(`for (const m of messages) await env.objects.put("log/" + m.payload, m.payload + "!");
      const got = await env.objects.get("log/" + messages[0].payload);
      const listed = await env.objects.list({ prefix: "log/" });
      return messages.map((m) => ({ ...m, payload: got.text + " " + listed.objects.map((o) => o.key).join(",") }));`);
    const sub = await subscriber("obj/#");
    const pub = await client();
    await publishAcked(pub, "obj/x", "one");
    await waitFor(() => sub.received.length === 1);
    expect(payloads(sub)).toEqual(["one! log/one"]);
  });

  it("fetches from allowed hosts only", async () => {
    const server = http.createServer((req, res) => res.end(JSON.stringify({ path: req.url })));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      expect((await api.call("PATCH", "/namespaces/default/brokers/default", { fetchAllowList: ["127.0.0.1"] })).status).toBe(200);
      await script(`const ok = await (await fetch("http://127.0.0.1:${port}/enrich")).json();
        let refused = ""; try { await fetch("http://localhost:${port}/"); } catch (e) { refused = e.message; }
        return messages.map((m) => ({ ...m, payload: ok.path + " | " + refused }));`);
      const sub = await subscriber("fetch/#");
      const pub = await client();
      await publishAcked(pub, "fetch/x", "?");
      await waitFor(() => sub.received.length === 1, 5000);
      expect(payloads(sub)[0]).toBe("/enrich | fetch: localhost is not in this broker's fetch allow-list");
    } finally {
      server.close();
      await api.call("PATCH", "/namespaces/default/brokers/default", { fetchAllowList: [] });
    }
  });

  it("streams console lines to followers of the hook's logs", async () => {
    await script(`console.log("saw", messages.length, "message(s) on", messages[0].topic); return messages;`);
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${api.server.ports.http}/v1${hook}/logs?follow=1&limit=1`, { headers: { authorization: "Bearer test-admin-token-0123456789" }, signal: controller.signal });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const pub = await client();
    await publishAcked(pub, "follow/me", "x");
    let text = "";
    while (!text.includes("saw 1 message(s) on follow/me")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/event: log/);
    controller.abort();
  });

  it("runs ctx.waitUntil work without holding delivery", async () => {
    await script(`ctx.waitUntil(env.kv.put("late", "done")); return messages;`);
    const pub = await client();
    await publishAcked(pub, "wait/x", "x");
    const broker = await api.server.store.brokers.get("default", "default");
    for (let i = 0; i < 50 && (await api.server.store.kv.get(broker!.id, "late")) !== "done"; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await api.server.store.kv.get(broker!.id, "late")).toBe("done");
  });
});

describe("the test endpoint", () => {
  it("runs with side effects off: no publish, no KV write, no fetch", async () => {
    await script(`await env.kv.put("tested", "yes"); const seen = await env.kv.get("tested");
      await env.publish("side/effect", "should not arrive");
      let fetchError = ""; try { await fetch("http://127.0.0.1:1/"); } catch (e) { fetchError = e.message; }
      return messages.map((m) => ({ ...m, payload: seen + " | " + fetchError }));`);
    const sub = await subscriber("side/#");
    const result = await api.call("POST", `${hook}/test`, { messages: [{ topic: "in", payload: "x", clientId: "c", qos: 0, retain: false }] });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.output[0].payload).toBe("yes | fetch is off in test runs (http://127.0.0.1:1/)");
    expect(result.body.logs.map((l: { message: string }) => l.message)).toContain("(test run) not published: side/effect (17 bytes, QoS 0)");
    const broker = await api.server.store.brokers.get("default", "default");
    expect(await api.server.store.kv.get(broker!.id, "tested")).toBeUndefined();
    await new Promise((r) => setTimeout(r, 50));
    expect(sub.received).toHaveLength(0);
  });
});

describe("webhook hooks on live traffic", () => {
  it("signs each batch and delivers the receiver's reply", async () => {
    const jwks = (await api.call("GET", "/namespaces/default/brokers/default/publickeys")).body;
    const receiver = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString();
      try {
        await assertWebhook({ headers: req.headers as Record<string, string>, body }, jwks);
      } catch {
        res.writeHead(403).end();
        return;
      }
      const messages = JSON.parse(body) as Array<{ payload: string }>;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(messages.map((m) => ({ ...m, payload: `verified ${m.payload}` }))));
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      await deploy({ kind: "webhook", url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
      const sub = await subscriber("wh/#");
      const pub = await client();
      await publishAcked(pub, "wh/x", "hello");
      await waitFor(() => sub.received.length === 1, 5000);
      expect(payloads(sub)).toEqual(["verified hello"]);
    } finally {
      receiver.close();
    }
  });

  it("keeps publication order while several batches are in flight and finish out of order", async () => {
    let calls = 0;
    const receiver = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      // Early batches answer last: later batches overtake them unless the broker keeps order.
      const delay = Math.max(0, 60 - 15 * calls++);
      setTimeout(() => res.end(Buffer.concat(chunks)), delay);
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      await deploy({ kind: "webhook", url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/` });
      const sub = await subscriber("wh-order/#");
      const pubs = [await client(), await client()];
      const sent = Array.from({ length: 200 }, (_, i) => String(i));
      // In waves, so that several batches are in flight at once.
      const acks: Array<Promise<unknown>> = [];
      for (const [i, p] of sent.entries()) {
        acks.push(pubs[i % 2]!.publishAsync(`wh-order/${i % 2}`, p, { qos: 1 }));
        if (i % 40 === 39) await new Promise((r) => setTimeout(r, 10));
      }
      await Promise.all(acks);
      await waitFor(() => sub.received.length === sent.length, 10_000);
      expect(calls).toBeGreaterThan(1);
      for (const publisher of [0, 1]) {
        const theirs = sub.received.filter((m) => m.topic === `wh-order/${publisher}`).map((m) => Number(m.payload.toString()));
        expect(theirs).toEqual(sent.map(Number).filter((n) => n % 2 === publisher));
      }
    } finally {
      receiver.close();
    }
  });

  it("applies the failure policy when the receiver is down", async () => {
    const unused = http.createServer();
    await new Promise<void>((r) => unused.listen(0, "127.0.0.1", r));
    const port = (unused.address() as AddressInfo).port;
    await new Promise<void>((r) => unused.close(() => r()));
    await deploy({ kind: "webhook", url: `http://127.0.0.1:${port}/`, onError: "deliver", timeoutMs: 500 });
    const sub = await subscriber("down/#");
    const pub = await client();
    expect(await publishAcked(pub, "down/x", "still delivered")).toBe(0);
    await waitFor(() => sub.received.length === 1, 5000);
    const logs = (await api.call("GET", `${hook}/logs?limit=1`)).body.logs;
    expect(logs[0].message).toMatch(/^network: /);
  });
});
