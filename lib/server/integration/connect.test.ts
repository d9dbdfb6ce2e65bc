// CONNECT/CONNACK over real sockets with MQTT.js (and a raw client for what MQTT.js will not
// send): CONNACK properties and reason codes, assigned client identifiers, session takeover,
// keep alive and Server Keep Alive, clean start and session expiry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closed, inbox, nextPacket, startTestServer, type TestServer, uniqueTopic, waitFor } from "../test/server-fixture.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.stop());

let idCounter = 0;
const clientId = (name: string) => `${name}-${process.pid}-${++idCounter}`;

describe("CONNACK", () => {
  it("announces the broker's limits and no session on a first connect [MQTT-3.2.2-2]", async () => {
    const { connack } = await t.connectWithAck({ clientId: clientId("props"), clean: true });
    expect(connack.reasonCode).toBe(0);
    expect(connack.sessionPresent).toBe(false);
    expect(connack.properties).toMatchObject({ receiveMaximum: 1024, maximumPacketSize: 1024 * 1024, topicAliasMaximum: 64 });
    // The requested session expiry (0) and keep alive (60) were accepted, so neither is echoed.
    expect(connack.properties?.sessionExpiryInterval).toBeUndefined();
    expect(connack.properties?.serverKeepAlive).toBeUndefined();
    expect(connack.properties?.assignedClientIdentifier).toBeUndefined();
  });

  it("caps a session expiry above the broker's maximum and says so", async () => {
    const { connack } = await t.connectWithAck({ clientId: clientId("cap"), properties: { sessionExpiryInterval: 30 * 24 * 3600 } });
    expect(connack.properties?.sessionExpiryInterval).toBe(7 * 24 * 3600);
  });

  it("MQTT 3.1.1: return code 0 and session present 0 [MQTT-3.2.2-1]", async () => {
    const { connack } = await t.connectWithAck({ protocolVersion: 4, clientId: clientId("v4") });
    expect(connack.returnCode).toBe(0);
    expect(connack.sessionPresent).toBe(false);
  });

  it("refuses an authentication method with 0x8C and closes [MQTT-4.12.0-1] [MQTT-3.2.2-7]", async () => {
    const raw = t.raw(5);
    const connack = await raw.connect({ clientId: clientId("auth"), properties: { authenticationMethod: "SCRAM-SHA-1" } });
    expect(connack.reasonCode).toBe(0x8c);
    await raw.closed;
  });

  it("refuses an over-long client id with 0x85, and with return code 2 in 3.1.1", async () => {
    const tooLong = "x".repeat(300);
    await expect(t.connect({ clientId: tooLong })).rejects.toMatchObject({ code: 0x85 });
    await expect(t.connect({ clientId: tooLong, protocolVersion: 4 })).rejects.toMatchObject({ code: 2 });
  });

  it("answers a second CONNECT with DISCONNECT 0x82 Protocol Error [MQTT-3.1.0-2]", async () => {
    const raw = t.raw(5);
    await raw.connect({ clientId: clientId("twice") });
    raw.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clean: true, keepalive: 60, clientId: "again" });
    const disconnect = await raw.expect("disconnect");
    expect(disconnect.reasonCode).toBe(0x82);
    await raw.closed;
  });
});

describe("assigned client identifier", () => {
  it("assigns a unique id to an empty one and returns it in CONNACK [MQTT-3.1.3-6] [MQTT-3.1.3-7]", async () => {
    const first = await t.connectWithAck({ clientId: "" });
    const second = await t.connectWithAck({ clientId: "" });
    const id1 = first.connack.properties?.assignedClientIdentifier;
    const id2 = second.connack.properties?.assignedClientIdentifier;
    expect(id1).toMatch(/^sluice-[\w-]+$/);
    expect(id2).toMatch(/^sluice-[\w-]+$/);
    expect(id1).not.toBe(id2);
    // The connection works under the assigned id.
    expect(t.broker.sessionFor(id1!)?.connection).not.toBeNull();
    const topic = uniqueTopic("assigned");
    const received = inbox(first.client);
    await first.client.subscribeAsync(topic);
    await second.client.publishAsync(topic, "to the assigned id");
    expect((await received.one()).payload).toBe("to the assigned id");
  });

  it("MQTT 3.1.1: accepts an empty id with clean session, rejects it without (return code 2) [MQTT-3.1.3-8]", async () => {
    const { connack } = await t.connectWithAck({ protocolVersion: 4, clientId: "", clean: true });
    expect(connack.returnCode).toBe(0);
    const raw = t.raw(4);
    // CONNECT, protocol level 4, flags 0 (clean session 0), keep alive 60, empty client id:
    // built by hand because mqtt-packet refuses to encode it.
    raw.sendRaw(Buffer.from([0x10, 12, 0, 4, ...Buffer.from("MQTT"), 4, 0x00, 0, 60, 0, 0]));
    const refused = await raw.expect("connack");
    expect(refused.returnCode).toBe(2);
    await raw.closed;
  });
});

describe("session takeover", () => {
  it("disconnects the existing connection with 0x8E and the new one inherits the session [MQTT-3.1.4-3]", async () => {
    const id = clientId("takeover");
    const topic = uniqueTopic("takeover");
    const first = await t.connect({ clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } });
    await first.subscribeAsync(topic, { qos: 1 });
    const disconnect = nextPacket(first, "disconnect");
    const { client: second, connack } = await t.connectWithAck({ clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } });
    expect((await disconnect).reasonCode).toBe(0x8e);
    await closed(first);
    expect(connack.sessionPresent).toBe(true);
    expect(second.connected).toBe(true);
    const received = inbox(second);
    const publisher = await t.connect({ clientId: clientId("takeover-pub") });
    await publisher.publishAsync(topic, "after takeover", { qos: 1 });
    expect((await received.one()).payload).toBe("after takeover");
  });

  it("MQTT 3.1.1: closes the existing connection [MQTT-3.1.4-3]", async () => {
    const id = clientId("takeover-v4");
    const first = await t.connect({ clientId: id, protocolVersion: 4 });
    const second = await t.connect({ clientId: id, protocolVersion: 4 });
    await closed(first);
    expect(second.connected).toBe(true);
  });
});

describe("keep alive", () => {
  it("answers a keep alive of 0 or above the maximum with Server Keep Alive [MQTT-3.2.2-21]", async () => {
    const zero = await t.connectWithAck({ clientId: clientId("ka0"), keepalive: 0 });
    expect(zero.connack.properties?.serverKeepAlive).toBe(3600);
    const long = await t.connectWithAck({ clientId: clientId("ka-long"), keepalive: 7200 });
    expect(long.connack.properties?.serverKeepAlive).toBe(3600);
  });

  it("closes a silent client after 1.5 × keep alive with 0x8D, keeps a pinging one [MQTT-3.1.2-22]", async () => {
    const pinging = await t.connect({ clientId: clientId("ka-ping"), keepalive: 1 });
    const silent = t.raw(5);
    await silent.connect({ clientId: clientId("ka-silent"), keepalive: 1 });
    const start = Date.now();
    const disconnect = await silent.expect("disconnect", 3000);
    const elapsed = Date.now() - start;
    expect(disconnect.reasonCode).toBe(0x8d);
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(2500);
    await silent.closed;
    expect(pinging.connected).toBe(true);
  });

  it("MQTT 3.1.1: closes a silent client without a DISCONNECT [MQTT-3.1.2-22]", async () => {
    const silent = t.raw(4);
    await silent.connect({ protocolVersion: 4, clientId: clientId("ka-silent-v4"), keepalive: 1 });
    await silent.closed;
    expect(silent.received.map((p) => p.cmd)).toEqual(["connack"]);
  });
});

describe("clean start and session expiry", () => {
  const persistent = { clean: false, properties: { sessionExpiryInterval: 60 } };

  it("resumes a session with its subscriptions and queued messages [MQTT-3.1.2-5] [MQTT-3.2.2-3]", async () => {
    const id = clientId("resume");
    const topic = uniqueTopic("resume");
    const first = await t.connect({ clientId: id, ...persistent });
    await first.subscribeAsync(topic, { qos: 1 });
    await first.endAsync();
    const publisher = await t.connect({ clientId: clientId("resume-pub") });
    await publisher.publishAsync(topic, "while offline", { qos: 1 });
    const { client: second, connack } = await t.connectWithAck({ clientId: id, ...persistent });
    expect(connack.sessionPresent).toBe(true);
    const received = inbox(second);
    expect((await received.one()).payload).toBe("while offline");
  });

  it("clean start discards the session: no session present, no subscriptions [MQTT-3.1.2-4] [MQTT-3.2.2-2]", async () => {
    const id = clientId("clean");
    const topic = uniqueTopic("clean");
    const first = await t.connect({ clientId: id, ...persistent });
    await first.subscribeAsync(topic, { qos: 1 });
    await first.endAsync();
    const { client: second, connack } = await t.connectWithAck({ clientId: id, clean: true, properties: { sessionExpiryInterval: 60 } });
    expect(connack.sessionPresent).toBe(false);
    const received = inbox(second);
    const publisher = await t.connect({ clientId: clientId("clean-pub") });
    await publisher.publishAsync(topic, "nobody subscribed", { qos: 1 });
    await second.subscribeAsync(`${topic}/marker`);
    await publisher.publishAsync(`${topic}/marker`, "marker");
    expect((await received.one()).payload).toBe("marker");
  });

  it("a session expiry of 0 ends the session with the connection [MQTT-3.1.2-23]", async () => {
    const id = clientId("expiry0");
    const first = await t.connect({ clientId: id, clean: false });
    await first.subscribeAsync(uniqueTopic("expiry0"));
    await first.endAsync();
    await waitFor(() => t.broker.sessionFor(id) === undefined);
    const { connack } = await t.connectWithAck({ clientId: id, clean: false });
    expect(connack.sessionPresent).toBe(false);
  });

  it("a session ends when its expiry interval has passed [MQTT-3.1.2-23]", async () => {
    const id = clientId("expiry1");
    const first = await t.connect({ clientId: id, clean: false, properties: { sessionExpiryInterval: 1 } });
    const start = Date.now(); // the session's clock starts later, when the DISCONNECT arrives
    await first.endAsync();
    expect(t.broker.sessionFor(id)).toBeDefined();
    await waitFor(() => t.broker.sessionFor(id) === undefined, 2500);
    expect(Date.now() - start).toBeGreaterThanOrEqual(990); // timers may fire a few ms early
    const { connack } = await t.connectWithAck({ clientId: id, clean: false, properties: { sessionExpiryInterval: 1 } });
    expect(connack.sessionPresent).toBe(false);
  });

  it("DISCONNECT can shorten the session expiry to 0", async () => {
    const id = clientId("disconnect-expiry");
    const first = await t.connect({ clientId: id, ...persistent });
    await first.endAsync(false, { properties: { sessionExpiryInterval: 0 } });
    await waitFor(() => t.broker.sessionFor(id) === undefined);
    const { connack } = await t.connectWithAck({ clientId: id, ...persistent });
    expect(connack.sessionPresent).toBe(false);
  });

  it("DISCONNECT setting an expiry after 0 at CONNECT is a protocol error 0x82", async () => {
    const raw = t.raw(5);
    await raw.connect({ clientId: clientId("disconnect-expiry-err") });
    raw.send({ cmd: "disconnect", reasonCode: 0, properties: { sessionExpiryInterval: 60 } });
    const disconnect = await raw.expect("disconnect");
    expect(disconnect.reasonCode).toBe(0x82);
  });

  it("MQTT 3.1.1: clean session 0 keeps the session, 1 discards it [MQTT-3.1.2-4] [MQTT-3.2.2-2]", async () => {
    const id = clientId("v4-session");
    const first = await t.connect({ protocolVersion: 4, clientId: id, clean: false });
    await first.subscribeAsync(uniqueTopic("v4-session"), { qos: 1 });
    await first.endAsync();
    const resumed = await t.connectWithAck({ protocolVersion: 4, clientId: id, clean: false });
    expect(resumed.connack.sessionPresent).toBe(true);
    await resumed.client.endAsync();
    const cleaned = await t.connectWithAck({ protocolVersion: 4, clientId: id, clean: true });
    expect(cleaned.connack.sessionPresent).toBe(false);
  });
});

// Last: stopping the server is what this test is about.
describe("server shutdown", () => {
  it("disconnects MQTT 5 clients with 0x8B Server shutting down", async () => {
    const client = await t.connect({ clientId: clientId("shutdown") });
    const disconnect = nextPacket(client, "disconnect");
    await t.server.stop();
    expect((await disconnect).reasonCode).toBe(0x8b);
    await closed(client);
  });
});
