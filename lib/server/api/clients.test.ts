// A broker's clients over the API, with real MQTT clients (MQTT.js, MQTT 5 and 3.1.1) connected
// by device credentials: the list and its filters and pages, one client in detail, counters that
// follow traffic, and the disconnect (0x98) with and without the session, by role.
import net from "node:net";
import mqtt, { type IClientOptions } from "mqtt";
import mqttPacket from "mqtt-packet";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ReasonCode } from "../../broker/protocol/reason-codes.ts";
import { startTestApi, type TestApi } from "./test/api-fixture.ts";

let api: TestApi;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  api = await startTestApi();
  await api.call("POST", "/namespaces", { name: "acme" });
  await api.call("POST", "/namespaces/acme/brokers", { name: "plant" });
  for (const role of ["developer", "support"] as const) tokens[role] = await api.tokenFor(role);
});
afterAll(() => api?.stop());

const open: mqtt.MqttClient[] = [];
afterEach(async () => {
  for (const client of open.splice(0)) client.end(true);
  // Sessions outlive the tests that made them: each test starts from an empty broker.
  const { body } = await api.call("GET", `${clients}?limit=500`);
  for (const { clientId } of body.clients) await api.call("DELETE", `${clients}/${encodeURIComponent(clientId)}?discardSession=true`);
});

const clients = "/namespaces/acme/brokers/plant/clients";
const persistent = { clean: false, properties: { sessionExpiryInterval: 3600 } };

/** Issues a credential for `clientId` and connects with it; resolves with the client and the credential's jti. */
async function device(clientId: string, options: IClientOptions = {}): Promise<{ client: mqtt.MqttClient; jti: string }> {
  const issued = await api.call("POST", "/namespaces/acme/brokers/plant/credentials", { clientId });
  const token = issued.body[clientId] as string;
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${api.server.ports.mqtt}`, { protocolVersion: 5, clientId, username: "device", password: token, reconnectPeriod: 0, ...options });
  open.push(client);
  return { client, jti: JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).jti };
}

const ids = (body: { clients: Array<{ clientId: string }> }) => body.clients.map((c) => c.clientId);
const detail = async (clientId: string) => (await api.call("GET", `${clients}/${encodeURIComponent(clientId)}`)).body;
/** Polls until `check` passes: the broker handles packets a moment after the client sent them. */
async function eventually(check: () => Promise<void>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe("listing", () => {
  it("lists connected clients and offline persistent sessions, with their connection's details", async () => {
    const a = await device("sensor-a", persistent);
    const b = await device("sensor-b", { protocolVersion: 4, clean: false, keepalive: 30 });
    await device("pump-1");
    await a.client.endAsync();

    const { status, body } = await api.call("GET", clients);
    expect(status).toBe(200);
    expect(ids(body)).toEqual(["pump-1", "sensor-a", "sensor-b"]);
    expect(body).toMatchObject({ total: 3, nextCursor: null });
    const [pump, sensorA, sensorB] = body.clients;
    expect(sensorB).toMatchObject({ state: "connected", protocolVersion: 4, keepAlive: 30, transport: "tcp", credentialId: b.jti, subscriptionCount: 0, inflight: 0, queued: 0 });
    expect(sensorB.remoteAddress).toMatch(/127\.0\.0\.1:\d+$/);
    expect(Date.parse(sensorB.connectedAt)).toBeLessThanOrEqual(Date.parse(sensorB.lastSeenAt));
    expect(pump).toMatchObject({ state: "connected", protocolVersion: 5 });
    // Offline: its last connection's details, and when it left.
    expect(sensorA).toMatchObject({ state: "offline", protocolVersion: 5, credentialId: a.jti, transport: "tcp" });
    expect(Date.parse(sensorA.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(sensorA.connectedAt));
  });

  it("searches by client ID prefix, filters by state, and pages by client ID", async () => {
    for (const id of ["line1/a", "line1/b", "line1/c", "line2/a"]) await device(id, persistent);
    await open[1].endAsync(); // line1/b

    expect(ids((await api.call("GET", `${clients}?query=line1/`)).body)).toEqual(["line1/a", "line1/b", "line1/c"]);
    expect(ids((await api.call("GET", `${clients}?state=offline`)).body)).toEqual(["line1/b"]);
    expect(ids((await api.call("GET", `${clients}?state=connected&query=line1`)).body)).toEqual(["line1/a", "line1/c"]);
    expect((await api.call("GET", `${clients}?query=nothing-like-this`)).body).toEqual({ clients: [], nextCursor: null, total: 0 });

    const first = (await api.call("GET", `${clients}?limit=2`)).body;
    expect(first).toMatchObject({ total: 4, nextCursor: "line1/b" });
    expect(ids(first)).toEqual(["line1/a", "line1/b"]);
    const second = (await api.call("GET", `${clients}?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).body;
    expect(ids(second)).toEqual(["line1/c", "line2/a"]);
    expect(second.nextCursor).toBeNull();

    const tooMany = await api.call("GET", `${clients}?limit=501`);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.details[0].path).toBe("limit");
    expect((await api.call("GET", `${clients}?state=gone`)).status).toBe(422);
  });

  it("counts the messages each client sent and received on its connection", async () => {
    const subscriber = await device("counter-sub");
    await subscriber.client.subscribeAsync("meters/#", { qos: 1 });
    const publisher = await device("counter-pub", { protocolVersion: 4 });
    let received = 0;
    subscriber.client.on("message", () => received++);
    for (let i = 0; i < 5; i++) await publisher.client.publishAsync(`meters/${i}`, "1", { qos: 1 });
    await eventually(async () => expect(received).toBe(5));
    await eventually(async () => {
      const listed = (await api.call("GET", `${clients}?query=counter-`)).body.clients;
      // [in, out] of counter-pub, then of counter-sub
      expect(listed.map((c: { messagesIn: number; messagesOut: number }) => [c.messagesIn, c.messagesOut])).toEqual([
        [5, 0],
        [0, 5],
      ]);
    });
  });
});

describe("one client", () => {
  it("has its subscriptions with their options, its will and its session expiry", async () => {
    const { client } = await device("valve-7", {
      ...persistent,
      will: { topic: "status/valve-7", payload: Buffer.from("lost"), qos: 1, retain: true, properties: { willDelayInterval: 30, contentType: "text/plain" } },
    });
    await client.subscribeAsync("commands/valve-7", { qos: 1, nl: true, rap: true, rh: 2, properties: { subscriptionIdentifier: 12 } });
    await client.subscribeAsync("$share/valves/config/#", { qos: 0 });

    const { status, body } = await api.call("GET", `${clients}/valve-7`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ clientId: "valve-7", state: "connected", sessionExpiryInterval: 3600, sessionExpiresAt: null, subscriptionCount: 2, disconnects: [] });
    expect(body.subscriptions).toEqual([
      { filter: "commands/valve-7", qos: 1, noLocal: true, retainAsPublished: true, retainHandling: 2, subscriptionId: 12 },
      { filter: "$share/valves/config/#", qos: 0, noLocal: false, retainAsPublished: false, retainHandling: 0, subscriptionId: null },
    ]);
    expect(body.will).toEqual({ topic: "status/valve-7", payload: "lost", encoding: "utf8", qos: 1, retain: true, delaySeconds: 30, expirySeconds: null, contentType: "text/plain" });
  });

  it("lists its last disconnects, newest first: the client's own reason code, and a keep-alive timeout", async () => {
    const { client } = await device("relay-3", persistent);
    await client.endAsync(false, { reasonCode: ReasonCode.DisconnectWithWill, properties: { reasonString: "rebooting" } });
    await eventually(async () => expect((await detail("relay-3")).state).toBe("offline"));
    let body = await detail("relay-3");
    expect(body.disconnects).toEqual([{ at: expect.any(String), by: "client", reasonCode: 0x04, reasonName: "Disconnect with Will Message", reason: "rebooting" }]);
    expect(Date.parse(body.sessionExpiresAt) - Date.parse(body.lastSeenAt)).toBe(3600_000);

    // [MQTT-3.1.2-22] A client silent for 1.5 × its keep alive is disconnected with 0x8D. MQTT.js
    // would ping; a raw socket stays silent.
    const token = (await api.call("POST", "/namespaces/acme/brokers/plant/credentials", { clientId: "relay-3" })).body["relay-3"];
    const socket = net.connect(api.server.ports.mqtt, "127.0.0.1");
    socket.write(mqttPacket.generate({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clean: false, keepalive: 1, clientId: "relay-3", username: "device", password: Buffer.from(token), properties: { sessionExpiryInterval: 3600 } }, { protocolVersion: 5 }));
    socket.resume(); // reads, so the server's close is seen
    await new Promise((resolve) => socket.on("close", resolve));
    body = await detail("relay-3");
    expect(body.state).toBe("offline");
    expect(body.disconnects.map((d: { by: string; reasonCode: number; reasonName: string }) => [d.by, d.reasonCode, d.reasonName])).toEqual([
      ["server", 0x8d, "Keep Alive timeout"],
      ["client", 0x04, "Disconnect with Will Message"],
    ]);
  });

  it("names client IDs with any character in the path, percent-encoded", async () => {
    const id = "plant 1/line#2?x=%";
    await device(id);
    const { status, body } = await api.call("GET", `${clients}/${encodeURIComponent(id)}`);
    expect([status, body.clientId]).toEqual([200, id]);
  });

  it("answers 404 for a client or broker it does not have", async () => {
    expect((await api.call("GET", `${clients}/nobody`)).body.error).toMatchObject({ code: "not_found", message: "no client nobody on broker acme/plant" });
    expect((await api.call("GET", "/namespaces/acme/brokers/nowhere/clients")).status).toBe(404);
    expect((await api.call("GET", "/namespaces/acme/brokers/nowhere/clients/x")).status).toBe(404);
    expect((await api.call("DELETE", `${clients}/nobody`)).status).toBe(404);
    expect((await api.call("DELETE", "/namespaces/acme/brokers/nowhere/clients/x")).status).toBe(404);
  });
});

it("describes the routes in the OpenAPI document", async () => {
  const { paths, components } = (await api.call("GET", "/openapi.json", undefined, null)).body;
  expect(Object.keys(paths["/v1/namespaces/{ns}/brokers/{b}/clients"])).toEqual(["get"]);
  expect(Object.keys(paths["/v1/namespaces/{ns}/brokers/{b}/clients/{id}"]).sort()).toEqual(["delete", "get"]);
  expect(Object.keys(components.schemas.Client.properties)).toEqual(expect.arrayContaining(["clientId", "state", "credentialId", "messagesIn", "messagesOut"]));
  for (const field of ["subscriptions", "will", "disconnects", "sessionExpiryInterval"]) expect(JSON.stringify(components.schemas.ClientDetail)).toContain(`"${field}"`);
});

describe("disconnecting", () => {
  it("closes an MQTT 5 client with 0x98 and keeps its persistent session; then discards the session", async () => {
    const { client } = await device("door-1", persistent);
    await client.subscribeAsync("doors/1/#", { qos: 1 });
    const told = new Promise<number | undefined>((resolve) => client.once("disconnect", (packet) => resolve(packet.reasonCode)));

    const { status, body } = await api.call("DELETE", `${clients}/door-1`);
    expect([status, body]).toEqual([200, { disconnected: true, sessionEnded: false }]);
    expect(await told).toBe(ReasonCode.AdministrativeAction);
    const offline = await detail("door-1");
    expect(offline).toMatchObject({ state: "offline", subscriptionCount: 1 });
    expect(offline.disconnects[0]).toMatchObject({ by: "server", reasonCode: 0x98, reasonName: "Administrative action" });

    // Offline, there is only the session left to discard: asking for a disconnect alone is a conflict.
    expect((await api.call("DELETE", `${clients}/door-1`)).status).toBe(409);
    const discarded = await api.call("DELETE", `${clients}/door-1?discardSession=true`, undefined, tokens.developer);
    expect([discarded.status, discarded.body]).toEqual([200, { disconnected: false, sessionEnded: true }]);
    expect((await api.call("GET", `${clients}/door-1`)).status).toBe(404);

    // Queued messages went with the session: the client comes back to none.
    const back = await device("door-1", persistent);
    expect((await detail("door-1")).subscriptionCount).toBe(0);
    await back.client.endAsync();

    const { entries } = (await api.call("GET", "/audit?target=acme/plant")).body;
    expect(entries.filter((e: { action: string; details: { clientId?: string } }) => e.action === "client.disconnect" && e.details.clientId === "door-1").map((e: { actor: string; details: unknown }) => [e.actor, e.details])).toEqual([
      [expect.stringMatching(/^token:/), { clientId: "door-1", discardSession: true, disconnected: false, sessionEnded: true }],
      ["admin-token", { clientId: "door-1", discardSession: false, disconnected: true, sessionEnded: false }],
    ]);
  });

  it("with discardSession, a connected client is closed and its session goes at once", async () => {
    const { client } = await device("door-2", persistent);
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    const { body } = await api.call("DELETE", `${clients}/door-2?discardSession=true`, undefined, tokens.developer);
    expect(body).toEqual({ disconnected: true, sessionEnded: true });
    await closed;
    expect((await api.call("GET", `${clients}/door-2`)).status).toBe(404);
  });

  it("just closes an MQTT 3.1.1 client: 3.1.1 has no server DISCONNECT", async () => {
    const { client } = await device("door-3", { protocolVersion: 4 });
    const packets: string[] = [];
    client.on("packetreceive", (packet) => packets.push(packet.cmd));
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    expect((await api.call("DELETE", `${clients}/door-3`)).body).toEqual({ disconnected: true, sessionEnded: true });
    await closed;
    expect(packets).not.toContain("disconnect");
  });

  it("is refused to support (403), who may still read", async () => {
    await device("door-4");
    const refused = await api.call("DELETE", `${clients}/door-4`, undefined, tokens.support);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("role support may not clients:disconnect");
    expect((await api.call("GET", `${clients}/door-4`, undefined, tokens.support)).body.state).toBe("connected");
    expect((await api.call("GET", clients, undefined, tokens.support)).status).toBe(200);
  });
});
