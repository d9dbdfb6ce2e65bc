// The topic explorer's API (issue 6) over real HTTP with real MQTT clients: the explorer's MQTT
// session for console users and API tokens, the topic index, the recent-messages ring, the hook
// tap of test publishes, and deleting a retained message.
import { randomBytes } from "node:crypto";
import mqtt, { type IClientOptions, type IClientPublishOptions, type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./test/api-fixture.ts";

let api: TestApi;
let consoleToken: string;
const users = { admin: "ada@example.com", developer: "ana@example.com", other: "bo@example.com", support: "sam@example.com" };
beforeAll(async () => {
  api = await startTestApi({ sysIntervalSeconds: 1 });
  await api.call("POST", "/namespaces", { name: "acme" });
  for (const name of ["plant", "hooked", "small"]) await api.call("POST", "/namespaces/acme/brokers", { name });
  for (const [role, email] of Object.entries(users)) {
    const created = await api.call("POST", "/users", { email, name: role, role: role === "other" ? "developer" : role, password: "correct horse battery" });
    expect(created.status).toBe(201);
  }
  consoleToken = await api.tokenFor("console");
});
afterAll(() => api?.stop());

const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
});

const plant = "/namespaces/acme/brokers/plant";
const hooked = "/namespaces/acme/brokers/hooked";

/** Calls the API as the console does for a signed-in user: its token, the user in X-Sluice-Actor. */
async function asUser(email: string, method: string, route: string, headers: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${api.server.ports.http}/v1${route}`, { method, headers: { authorization: `Bearer ${consoleToken}`, "x-sluice-actor": email, ...headers } });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** An explorer session's MQTT client, connected over WebSocket as the session says. */
async function explorerClient(session: { clientId: string; username: string; password: string; websocketUrl: string }, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(session.websocketUrl, { protocolVersion: 5, reconnectPeriod: 0, clientId: session.clientId, username: session.username, password: session.password, ...options });
  clients.push(client);
  return client;
}

async function anonymous(broker: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`ws://127.0.0.1:${api.server.ports.http}/mqtt/acme/${broker}`, { protocolVersion: 5, reconnectPeriod: 0 });
  clients.push(client);
  return client;
}

/** Publishes and resolves with the PUBACK's reason code (MQTT.js rejects on codes ≥ 0x80). */
async function publishAcked(client: MqttClient, topic: string, payload: string | Buffer, options: IClientPublishOptions = {}): Promise<number> {
  try {
    const packet = (await client.publishAsync(topic, payload, { qos: 1, ...options })) as { reasonCode?: number } | undefined;
    return packet?.reasonCode ?? 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

describe("POST …/explorer/session", () => {
  it("gives a console user a 15-minute credential for console-<user>-<random> that connects over WebSocket", async () => {
    const before = Date.now();
    const { status, body } = await asUser(users.developer, "POST", `${plant}/explorer/session`, { "x-forwarded-host": "console.example.com:3000" });
    expect(status).toBe(201);
    expect(body.clientId).toMatch(/^console-ana-example-com-[0-9a-f]{16}$/);
    expect(body.username).toBe(users.developer);
    expect(body.acl).toEqual({ pub: ["#"], sub: ["#"] });
    expect(body.websocketUrl).toBe(`ws://console.example.com:${api.server.ports.http}/mqtt/acme/plant`);
    const lifetime = Date.parse(body.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000 + 1000);
    const claims = JSON.parse(Buffer.from(body.password.split(".")[1], "base64url").toString());
    expect(claims).toMatchObject({ sub: body.clientId, ns: "acme", broker: "plant", acl: body.acl, exp: Date.parse(body.expiresAt) / 1000 });

    // A real device credential: it connects (as its client ID only) and may publish and subscribe.
    const session = { ...body, websocketUrl: body.websocketUrl.replace("console.example.com", "127.0.0.1") };
    const explorer = await explorerClient(session);
    await explorer.subscribeAsync("#", { qos: 1 });
    const received = new Promise<string>((resolve) => explorer.once("message", (topic, payload) => resolve(`${topic} ${payload}`)));
    expect(await publishAcked(explorer, "machines/m1", "from the explorer")).toBe(0);
    expect(await received).toBe("machines/m1 from the explorer");
    await expect(explorerClient({ ...session, clientId: "someone-else" })).rejects.toThrow();

    // Not one of the broker's issued credentials, but in the audit log, and revocable by its jti.
    expect((await api.call("GET", `${plant}/credentials`)).body.credentials.map((c: { clientId: string }) => c.clientId)).not.toContain(body.clientId);
    const audit = await api.server.store.audit.list({ limit: 100 });
    expect(audit).toContainEqual(expect.objectContaining({ actor: users.developer, action: "explorer.session", target: "acme/plant", details: expect.objectContaining({ clientId: body.clientId, jti: claims.jti }) }));
    const closed = new Promise<void>((resolve) => explorer.once("close", () => resolve()));
    expect((await api.call("POST", `${plant}/revocations`, { jti: [claims.jti] })).body.disconnected).toBe(1);
    await closed;
  });

  it("lets support subscribe only, for a console user and for an API token of the role", async () => {
    const viaConsole = await asUser(users.support, "POST", `${plant}/explorer/session`);
    expect(viaConsole.body).toMatchObject({ acl: { pub: [], sub: ["#"] }, websocketUrl: `ws://127.0.0.1:${api.server.ports.http}/mqtt/acme/plant` });
    const token = await api.call("POST", `${plant}/explorer/session`, undefined, await api.tokenFor("support"));
    expect(token.status).toBe(201);
    expect(token.body.clientId).toMatch(/^console-token-[0-9a-z-]+-[0-9a-f]{16}$/);
    expect(token.body.acl).toEqual({ pub: [], sub: ["#"] });

    const explorer = await explorerClient(viaConsole.body);
    expect((await explorer.subscribeAsync("machines/#", { qos: 1 }))[0]!.qos).toBe(1);
    expect(await publishAcked(explorer, "machines/m1", "not allowed")).toBe(0x87);
    expect((await api.call("POST", `${plant}/explorer/session`, undefined, await api.tokenFor("developer"))).body.acl.pub).toEqual(["#"]);
  });

  it("is refused to device credentials, to the console's token without a user, and for unknown brokers", async () => {
    const device = Object.values((await api.call("POST", `${plant}/credentials`, { clientId: "dev-1" })).body)[0] as string;
    expect((await api.call("POST", `${plant}/explorer/session`, undefined, device)).status).toBe(403);
    expect((await api.call("POST", `${plant}/explorer/session`, undefined, consoleToken)).status).toBe(403);
    expect((await api.call("POST", `${plant}/explorer/session`, undefined, null)).status).toBe(401);
    expect((await api.call("POST", "/namespaces/acme/brokers/nope/explorer/session")).status).toBe(404);
  });

  it("names the secure WebSocket endpoint to a console served over HTTPS, when there is one", async () => {
    // The test server has no TLS listener: the plain endpoint is all there is.
    const { body } = await asUser(users.developer, "POST", `${plant}/explorer/session`, { "x-forwarded-proto": "https" });
    expect(body.websocketUrl).toBe(`ws://127.0.0.1:${api.server.ports.http}/mqtt/acme/plant`);
  });
});

describe("--public-ws-url", () => {
  it("is the WebSocket endpoint of every broker and of explorer sessions", async () => {
    const proxied = await startTestApi({ publicWsUrl: "wss://mqtt.example.com/mqtt/" });
    try {
      await proxied.call("POST", "/namespaces", { name: "acme" });
      await proxied.call("POST", "/namespaces/acme/brokers", { name: "plant" });
      const broker = (await proxied.call("GET", plant)).body;
      expect(broker.endpoints).toMatchObject({ websocket: "wss://mqtt.example.com/mqtt/acme/plant", secureWebsocket: "wss://mqtt.example.com/mqtt/acme/plant", mqtt: `mqtt://127.0.0.1:${proxied.server.ports.mqtt}` });
      expect((await proxied.call("POST", `${plant}/explorer/session`)).body.websocketUrl).toBe("wss://mqtt.example.com/mqtt/acme/plant");
    } finally {
      await proxied.stop();
    }
  });
});

describe("GET …/topics", () => {
  it("lists every topic delivered with its count, rate, retained state and last message", async () => {
    const device = await anonymous("plant");
    for (let i = 0; i < 20; i++) await publishAcked(device, "line/1/temp", `${20 + i}`);
    await publishAcked(device, "line/1/state", "running", {
      retain: true,
      properties: { contentType: "text/plain", payloadFormatIndicator: true, userProperties: { unit: "none" }, responseTopic: "line/1/reply", correlationData: Buffer.from([1, 2, 3]), messageExpiryInterval: 3600 },
    });
    await publishAcked(device, "line/2/blob", Buffer.from([0xff, 0x00, 0x01]));
    await publishAcked(device, "line/2/long", "é".repeat(200)); // 400 bytes: the preview ends inside a character

    const { status, body } = await asUser(users.support, "GET", `${plant}/topics?prefix=line/`);
    expect(status).toBe(200);
    expect(body.truncated).toBe(false);
    expect(body.topics.map((t: { topic: string }) => t.topic)).toEqual(["line/1/state", "line/1/temp", "line/2/blob", "line/2/long"]);
    const [state, temp, blob, long] = body.topics;
    expect(temp).toMatchObject({ messages: 20, retained: false, lastMessage: { payload: "39", encoding: "utf8", size: 2, truncated: false, qos: 1, retain: false, properties: {} } });
    expect(temp.ratePerSecond).toBeGreaterThan(0);
    expect(Date.parse(temp.lastSeenAt)).toBeLessThanOrEqual(Date.now());
    expect(state).toEqual({
      topic: "line/1/state",
      messages: 1,
      lastSeenAt: expect.any(String),
      ratePerSecond: expect.any(Number),
      retained: true,
      lastMessage: {
        payload: "running",
        encoding: "utf8",
        size: 7,
        truncated: false,
        qos: 1,
        retain: true,
        properties: { contentType: "text/plain", payloadFormatIndicator: 1, userProperties: [["unit", "none"]], responseTopic: "line/1/reply", correlationData: "AQID", messageExpiryInterval: 3600 },
      },
    });
    expect(blob.lastMessage).toMatchObject({ payload: "/wAB", encoding: "base64", size: 3 });
    expect(long.lastMessage).toMatchObject({ payload: "é".repeat(128), encoding: "utf8", size: 400, truncated: true });

    const limited = (await api.call("GET", `${plant}/topics?prefix=line/&limit=2`)).body;
    expect(limited).toMatchObject({ truncated: true, topics: [{ topic: "line/1/state" }, { topic: "line/1/temp" }] });
  });

  it("leaves $SYS topics out unless asked", async () => {
    await expect.poll(async () => (await api.call("GET", `${plant}/topics?sys=1`)).body.topics.map((t: { topic: string }) => t.topic), { timeout: 5000 }).toContain("$SYS/broker/uptime");
    expect((await api.call("GET", `${plant}/topics`)).body.topics.filter((t: { topic: string }) => t.topic.startsWith("$"))).toEqual([]);
    expect((await api.call("GET", `${plant}/topics?prefix=${encodeURIComponent("$SYS/broker/messages/")}`)).body.topics.map((t: { topic: string }) => t.topic)).toEqual(["$SYS/broker/messages/dropped", "$SYS/broker/messages/received", "$SYS/broker/messages/sent"]);
  });

  it("keeps at most the broker's maxIndexedTopics, forgetting the least recently seen", async () => {
    expect((await api.call("PATCH", "/namespaces/acme/brokers/small", { limits: { maxIndexedTopics: 10 } })).status).toBe(200);
    const device = await anonymous("small");
    await publishAcked(device, "kept/retained", "still here", { retain: true });
    for (let i = 0; i < 25; i++) await publishAcked(device, `many/${i}`, "x");
    const topics = (await api.call("GET", "/namespaces/acme/brokers/small/topics?prefix=many/")).body.topics.map((t: { topic: string }) => t.topic);
    expect(topics.length).toBeLessThanOrEqual(10);
    expect(topics).toContain("many/24");
    expect(topics).not.toContain("many/0");
    // Forgotten by the index, a topic with a retained message is still listed, by that message.
    const retained = (await api.call("GET", "/namespaces/acme/brokers/small/topics?prefix=kept/")).body.topics;
    expect(retained).toEqual([expect.objectContaining({ topic: "kept/retained", messages: 0, ratePerSecond: 0, retained: true, lastMessage: expect.objectContaining({ payload: "still here", retain: true }) })]);
  });

  it("is for roles that may use the explorer, not for device credentials", async () => {
    const device = Object.values((await api.call("POST", `${plant}/credentials`, {})).body)[0] as string;
    expect((await api.call("GET", `${plant}/topics`, undefined, device)).status).toBe(403);
    expect((await api.call("GET", "/namespaces/acme/brokers/nope/topics")).status).toBe(404);
    expect((await api.call("GET", `${plant}/topics?limit=0`)).status).toBe(422);
  });
});

describe("GET …/messages", () => {
  it("returns recent deliveries newest first, filtered by an MQTT filter, in pages", async () => {
    const device = await anonymous("plant");
    await publishAcked(device, "ring/a/1", "one", { properties: { userProperties: { k: "v" } } });
    await publishAcked(device, "ring/b/1", Buffer.from([0xff, 0xfe]), { qos: 0 });
    await publishAcked(device, "ring/a/2", "two", { retain: true });
    await publishAcked(device, "ring/a/3", "three");
    const clientId = device.options.clientId;

    const all = (await asUser(users.support, "GET", `${plant}/messages?filter=${encodeURIComponent("ring/#")}`)).body;
    expect(all.messages.map((m: { payload: string }) => m.payload)).toEqual(["three", "two", "//4=", "one"]);
    expect(all.nextBefore).toBeNull();
    expect(all.messages[3]).toMatchObject({ topic: "ring/a/1", encoding: "utf8", size: 3, truncated: false, qos: 1, retain: false, clientId, properties: { userProperties: [["k", "v"]] } });
    expect(all.messages[2]).toMatchObject({ topic: "ring/b/1", encoding: "base64", qos: 0 });
    expect(all.messages[1]).toMatchObject({ retain: true });
    const ids = all.messages.map((m: { id: number }) => m.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const page = (await api.call("GET", `${plant}/messages?filter=${encodeURIComponent("ring/a/+")}&limit=2`)).body;
    expect(page.messages.map((m: { payload: string }) => m.payload)).toEqual(["three", "two"]);
    expect(page.nextBefore).toBe(page.messages[1].id);
    const next = (await api.call("GET", `${plant}/messages?filter=${encodeURIComponent("ring/a/+")}&limit=2&before=${page.nextBefore}`)).body;
    expect(next).toEqual({ messages: [expect.objectContaining({ payload: "one" })], nextBefore: null });
  });

  it("keeps the broker's recentMessages at most, and refuses bad filters", async () => {
    expect((await api.call("PATCH", "/namespaces/acme/brokers/small", { limits: { recentMessages: 3 } })).status).toBe(200);
    const device = await anonymous("small");
    for (let i = 1; i <= 5; i++) await publishAcked(device, "kept/n", String(i));
    expect((await api.call("GET", "/namespaces/acme/brokers/small/messages")).body.messages.map((m: { payload: string }) => m.payload)).toEqual(["5", "4", "3"]);
    expect((await api.call("GET", `${plant}/messages?filter=${encodeURIComponent("a/#/b")}`)).body.error.details).toEqual([{ path: "filter", message: "# must be a whole last level" }]);
    expect((await api.call("GET", `${plant}/messages?limit=1001`)).status).toBe(422);
  });
});

describe("hook tap", () => {
  const tapId = () => randomBytes(16).toString("hex");
  const tapped = (id: string): IClientPublishOptions => ({ properties: { userProperties: { "sluice-tap": id } } });
  let version: number;
  let developer: MqttClient;
  let watcher: MqttClient;
  beforeAll(async () => {
    const source = `export default { async onPublish(messages) {
      const out = [];
      for (const m of messages) {
        if (m.topic.startsWith("tap/drop/")) continue;
        if (m.topic.startsWith("tap/fail/")) throw new Error("refused " + m.topic);
        out.push(m.topic.startsWith("tap/mod/") ? { ...m, payload: m.payload.toUpperCase(), userProperties: [...(m.userProperties ?? []), ["seen-by", "hook"]] } : m);
        if (m.topic.startsWith("tap/new/")) out.push({ topic: "tap/created", payload: "made by the hook" });
      }
      return out;
    } };`;
    const deployed = await api.call("PUT", `${hooked}/hook`, { kind: "script", source, topics: ["tap/#"] });
    expect(deployed.status).toBe(201);
    version = deployed.body.version;
  });
  beforeAll(async () => {
    developer = await explorerClient((await asUser(users.developer, "POST", `${hooked}/explorer/session`)).body);
    watcher = await anonymous("hooked");
    await watcher.subscribeAsync("#", { qos: 1 });
    clients.splice(0); // kept for the whole block
  });
  afterAll(async () => {
    await developer.endAsync(true);
    await watcher.endAsync(true);
  });

  it("shows a modified message as published and as delivered, with the version and latency, waiting for it", async () => {
    const id = tapId();
    const waiting = asUser(users.developer, "GET", `${hooked}/hook/taps/${id}?wait=5`); // asked before the publish
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await publishAcked(developer, "tap/mod/a", "hello", tapped(id))).toBe(0);
    const { status, body } = await waiting;
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id,
      clientId: developer.options.clientId,
      complete: true,
      decision: "modified",
      hook: { version },
      result: { delivered: 1 },
      published: { topic: "tap/mod/a", payload: "hello", encoding: "utf8", qos: 1, properties: { userProperties: [["sluice-tap", id]] } },
      delivered: [{ topic: "tap/mod/a", payload: "HELLO", properties: { userProperties: [["sluice-tap", id], ["seen-by", "hook"]] }, result: { delivered: 1 } }],
      deliveredCount: 1,
      created: [],
    });
    expect(body.hook.latencyMs).toBeGreaterThan(0);
    // What subscribers got is what the recent-messages ring and the topic index show.
    expect((await api.call("GET", `${hooked}/messages?filter=tap/mod/a&limit=1`)).body.messages[0].payload).toBe("HELLO");
    expect((await api.call("GET", `${hooked}/topics?prefix=tap/mod/a`)).body.topics[0].lastMessage.payload).toBe("HELLO");
  });

  it("says passed, dropped (out of the hook's topics: no hook), new messages, and errors with the failure", async () => {
    const ids = { passed: tapId(), dropped: tapId(), created: tapId(), failed: tapId(), unhooked: tapId() };
    expect(await publishAcked(developer, "tap/pass/a", "same", tapped(ids.passed))).toBe(0);
    expect(await publishAcked(developer, "tap/drop/a", "gone", tapped(ids.dropped))).toBe(0);
    expect(await publishAcked(developer, "tap/new/a", "parent", tapped(ids.created))).toBe(0);
    expect(await publishAcked(developer, "tap/fail/a", "boom", tapped(ids.failed))).toBe(0x83);
    expect(await publishAcked(developer, "plain/a", "no hook here", tapped(ids.unhooked))).toBe(0);
    const read = async (id: string) => (await asUser(users.developer, "GET", `${hooked}/hook/taps/${id}?wait=2`)).body;

    expect(await read(ids.passed)).toMatchObject({ decision: "passed", hook: { version }, delivered: [{ payload: "same", result: { delivered: 1 } }] });
    expect(await read(ids.dropped)).toMatchObject({ decision: "dropped", result: { delivered: 0, dropped: "hook" }, delivered: [], deliveredCount: 0 });
    expect(await read(ids.created)).toMatchObject({ decision: "passed", delivered: [{ topic: "tap/new/a" }], created: [{ topic: "tap/created", payload: "made by the hook", result: { delivered: 1 } }], createdCount: 1 });
    const failed = await read(ids.failed);
    expect(failed).toMatchObject({ decision: "error", result: { delivered: 0, dropped: "hook_error" }, delivered: [] });
    expect(failed.hook.error).toContain("refused tap/fail/a");
    expect(await read(ids.unhooked)).toMatchObject({ decision: "passed", hook: null, result: { delivered: 1 }, delivered: [{ topic: "plain/a", payload: "no hook here" }] });
  });

  it("is readable by its publisher's user and admins only, and records only console clients", async () => {
    const id = tapId();
    await publishAcked(developer, "tap/pass/private", "mine", tapped(id));
    expect((await asUser(users.developer, "GET", `${hooked}/hook/taps/${id}`)).status).toBe(200);
    expect((await asUser(users.admin, "GET", `${hooked}/hook/taps/${id}`)).status).toBe(200);
    expect((await api.call("GET", `${hooked}/hook/taps/${id}`)).status).toBe(200); // the admin token
    expect((await asUser(users.other, "GET", `${hooked}/hook/taps/${id}`)).body.error.code).toBe("not_found");
    expect((await asUser(users.support, "GET", `${hooked}/hook/taps/${id}`)).status).toBe(403);

    const device = await anonymous("hooked");
    const deviceTap = tapId();
    await publishAcked(device, "tap/pass/device", "not tapped", tapped(deviceTap));
    expect((await api.call("GET", `${hooked}/hook/taps/${deviceTap}`)).status).toBe(404);
    expect((await api.call("GET", `${hooked}/hook/taps/${tapId()}?wait=0.2`)).status).toBe(404);
    expect((await api.call("GET", `${hooked}/hook/taps/${id}?wait=11`)).status).toBe(422);
    expect((await api.call("GET", `${hooked}/hook/taps/${"x".repeat(65)}`)).status).toBe(422);
  });
});

describe("GET …/retained", () => {
  it("lists the retained messages on matching topics, whole and by topic, for every role", async () => {
    const device = await anonymous("plant");
    await publishAcked(device, "shelf/b", Buffer.from([0, 1, 2, 255]), { retain: true, qos: 1 });
    await publishAcked(device, "shelf/a", "x".repeat(1000), { retain: true, qos: 1, properties: { contentType: "text/plain" } });
    await publishAcked(device, "shelf/a/deeper", "not matched by shelf/+", { retain: true });
    await publishAcked(device, "shelf/live", "not retained");

    const listed = await asUser(users.support, "GET", `${plant}/retained?filter=${encodeURIComponent("shelf/+")}`);
    expect(listed.status).toBe(200);
    expect(listed.body.truncated).toBe(false);
    expect(listed.body.messages).toEqual([
      expect.objectContaining({ topic: "shelf/a", payload: "x".repeat(1000), encoding: "utf8", size: 1000, truncated: false, qos: 1, properties: { contentType: "text/plain" } }),
      expect.objectContaining({ topic: "shelf/b", payload: Buffer.from([0, 1, 2, 255]).toString("base64"), encoding: "base64", size: 4 }),
    ]);
    expect((await api.call("GET", `${plant}/retained?filter=${encodeURIComponent("shelf/#")}&limit=2`)).body).toMatchObject({ truncated: true, messages: [{ topic: "shelf/a" }, { topic: "shelf/a/deeper" }] });
    expect((await api.call("GET", `${plant}/retained?filter=${encodeURIComponent("shelf/#/x")}`)).status).toBe(422);
    expect((await api.call("GET", "/namespaces/acme/brokers/nope/retained")).status).toBe(404);
  });
});

describe("DELETE …/retained", () => {
  it("forgets a topic's retained message, for admins and developers", async () => {
    const device = await anonymous("plant");
    await publishAcked(device, "doors/front", "open", { retain: true });
    await publishAcked(device, "doors/back", "closed", { retain: true });
    const topicOf = async (topic: string) => (await api.call("GET", `${plant}/topics?prefix=${topic}`)).body.topics[0];
    expect((await topicOf("doors/front")).retained).toBe(true);

    expect((await asUser(users.support, "DELETE", `${plant}/retained?topic=doors/front`)).status).toBe(403);
    expect((await asUser(users.developer, "DELETE", `${plant}/retained?topic=doors/front`)).status).toBe(204);
    expect((await api.call("DELETE", `${plant}/retained?topic=doors/front`)).status).toBe(404);
    expect((await api.call("DELETE", `${plant}/retained?topic=${encodeURIComponent("doors/#")}`)).status).toBe(422);
    expect((await topicOf("doors/front")).retained).toBe(false);

    // A new subscriber gets the retained message that is left, not the deleted one.
    const subscriber = await anonymous("plant");
    const received: string[] = [];
    subscriber.on("message", (topic) => received.push(topic));
    await subscriber.subscribeAsync("doors/#", { qos: 1 });
    await expect.poll(() => received).toEqual(["doors/back"]);
    const audit = await api.server.store.audit.list({ limit: 100 });
    expect(audit).toContainEqual(expect.objectContaining({ actor: users.developer, action: "retained.delete", target: "acme/plant", details: { topic: "doors/front" } }));
  });
});

describe("OpenAPI", () => {
  it("documents the explorer's routes from their schemas", async () => {
    const doc = (await api.call("GET", "/openapi.json", undefined, null)).body;
    const b = "/v1/namespaces/{ns}/brokers/{b}";
    expect(Object.keys(doc.paths[`${b}/messages`])).toEqual(expect.arrayContaining(["get", "post"]));
    for (const path of ["explorer/session", "topics", "hook/taps/{id}", "retained"]) expect(doc.paths).toHaveProperty([`${b}/${path}`]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["ExplorerSession", "TopicList", "RecentMessageList", "TapRecord"]));
  });
});
