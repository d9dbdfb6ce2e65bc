// Device credentials enforced by the broker, over in-memory streams: CONNECT with a token, client
// ID binding, broker selection, revocation and expiry of live connections, and the topic ACL on
// PUBLISH, SUBSCRIBE and the will.
import { decodeJwt } from "jose";
import type mqttPacket from "mqtt-packet";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AnonymousAuthenticator } from "../broker/auth.ts";
import type { BrokerHost } from "../broker/host.ts";
import { defaultLimits } from "../broker/limits.ts";
import { ReasonCode, SubackFailure311 } from "../broker/protocol/reason-codes.ts";
import { createTestHost, duplexPair, TestClient } from "../broker/test/harness.ts";
import type { TopicAcl } from "./acl.ts";
import { type BrokerKeySet, createKeySet } from "./broker-keys.ts";
import { CredentialAuthenticator, type CredentialSource } from "./credential-authenticator.ts";
import { CLOCK_TOLERANCE_SECONDS, issueCredentials } from "./device-credentials.ts";

const keySets = new Map<string, BrokerKeySet>();
const revoked = new Set<string>();
const source: CredentialSource = {
  keySetFor: (ns, broker) => keySets.get(`${ns}/${broker}`),
  isRevoked: (ns, broker, jti) => revoked.has(`${ns}/${broker}/${jti}`),
};
beforeAll(async () => {
  for (const name of ["default/default", "acme/plant", "acme/unprovisioned"]) keySets.set(name, await createKeySet());
});

const clients: TestClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.end();
  revoked.clear();
});

function setup(anonymous?: AnonymousAuthenticator): { host: BrokerHost; broker: ReturnType<typeof createTestHost>["broker"] } {
  const { host, broker } = createTestHost({ authenticator: new CredentialAuthenticator(source, anonymous) });
  host.addBroker({ id: "00000000-0000-0000-0000-000000000002", namespace: "acme", name: "plant" }, defaultLimits);
  return { host, broker };
}

/** One credential for `clientId` on default/default (or `broker`). */
async function token(clientId: string, options: { acl?: Partial<TopicAcl>; expiresInSeconds?: number; broker?: string } = {}): Promise<string> {
  const [namespace, broker] = (options.broker ?? "default/default").split("/");
  const issued = await issueCredentials(keySets.get(`${namespace}/${broker}`)!, { namespace, broker, clientId, acl: options.acl, expiresInSeconds: options.expiresInSeconds });
  return issued[clientId];
}

function client(host: BrokerHost, version: 4 | 5 = 5): TestClient {
  const c = new TestClient(host, version);
  clients.push(c);
  return c;
}

/** A client over a WebSocket-like connection whose path names a broker. */
function clientAt(host: BrokerHost, path: string): TestClient {
  const [ours, serverSide] = duplexPair();
  host.handle(serverSide, { transport: "ws", remoteAddress: "memory", path });
  const c = new TestClient(ours, 5);
  clients.push(c);
  return c;
}

function connectWith(c: TestClient, clientId: string, jwt: string, extra: Partial<mqttPacket.IConnectPacket> = {}): Promise<mqttPacket.IConnackPacket> {
  return c.connect({ clientId, username: "any", password: Buffer.from(jwt), ...extra });
}

async function connected(host: BrokerHost, clientId: string, jwt: string, version: 4 | 5 = 5): Promise<TestClient> {
  const c = client(host, version);
  const connack = await connectWith(c, clientId, jwt);
  expect(connack.reasonCode ?? connack.returnCode).toBe(0);
  return c;
}

async function stillConnected(c: TestClient): Promise<void> {
  c.send({ cmd: "pingreq" });
  await c.expect("pingresp");
}

describe("CONNECT with a device credential", () => {
  it("accepts a valid token as the password, binding the connection to its broker, client ID and jti", async () => {
    const { host, broker } = setup();
    const jwt = await token("d1");
    const connack = await connectWith(client(host), "d1", jwt);
    expect(connack.reasonCode).toBe(ReasonCode.Success);
    const [conn] = broker.connections;
    expect(conn.principal).toMatchObject({ namespace: "default", broker: "default", clientId: "d1", credentialId: decodeJwt(jwt).jti });
  });

  it("connects to the broker named by the token's claims", async () => {
    const { host } = setup();
    await connected(host, "p1", await token("p1", { broker: "acme/plant" }));
    expect(host.getBroker("acme", "plant")!.connections.size).toBe(1);
    expect(host.getBroker("default", "default")!.connections.size).toBe(0);
  });

  it("[MQTT-3.1.3-6] [MQTT-3.2.2-16] assigns the token's sub to an empty client ID", async () => {
    const { host, broker } = setup();
    const connack = await connectWith(client(host), "", await token("d1"));
    expect(connack.reasonCode).toBe(ReasonCode.Success);
    expect(connack.properties?.assignedClientIdentifier).toBe("d1");
    expect(broker.sessionFor("d1")).toBeDefined();
  });

  it("refuses a client ID other than the token's sub with 0x85", async () => {
    const { host, broker } = setup();
    const c = client(host);
    const connack = await connectWith(c, "d2", await token("d1"));
    expect(connack.reasonCode).toBe(ReasonCode.ClientIdentifierNotValid);
    await c.closed;
    expect(broker.sessionFor("d2")).toBeUndefined();
  });

  it.each([
    ["no password", undefined, "no password (device credential) given"],
    ["a password that is not a JWT", "hunter2", "password is not a JWT"],
    ["a token naming no broker", "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJkMSJ9.c2ln", "token names no broker"],
  ])("refuses %s with 0x86", async (_, password, reason) => {
    const { host } = setup();
    const c = client(host);
    const connack = await c.connect({ clientId: "d1", username: "any", password: password === undefined ? undefined : Buffer.from(password) });
    expect(connack.reasonCode).toBe(ReasonCode.BadUserNameOrPassword);
    expect(connack.properties?.reasonString).toBe(reason);
    await c.closed;
  });

  it("refuses a token naming a broker this server does not serve with 0x86", async () => {
    const { host } = setup();
    const forged = await issueCredentials(keySets.get("acme/plant")!, { namespace: "acme", broker: "gone", clientId: "d1" });
    const connack = await connectWith(client(host), "d1", forged.d1);
    expect(connack.reasonCode).toBe(ReasonCode.BadUserNameOrPassword);
    expect(connack.properties?.reasonString).toBe("token names unknown broker acme/gone");
  });

  it("refuses a token whose claims name this broker but which another broker signed (0x86)", async () => {
    const { host } = setup();
    // Signed with acme/unprovisioned's current key while claiming default/default.
    const forged = await issueCredentials(keySets.get("acme/unprovisioned")!, { namespace: "default", broker: "default", clientId: "d1" });
    const connack = await connectWith(client(host), "d1", forged.d1);
    expect(connack.reasonCode).toBe(ReasonCode.BadUserNameOrPassword);
    expect(connack.properties?.reasonString).toMatch(/^token is signed with unknown key /);
  });

  it("refuses, on a connection that names its broker, a token of another broker with 0x86, saying whose it is", async () => {
    const { host } = setup();
    const c = clientAt(host, "/mqtt/acme/plant");
    const connack = await connectWith(c, "d1", await token("d1"));
    expect(connack.reasonCode).toBe(ReasonCode.BadUserNameOrPassword);
    expect(connack.properties?.reasonString).toBe("token was issued for broker default/default, the connection is for acme/plant");
    const ok = clientAt(host, "/mqtt/acme/plant");
    expect((await connectWith(ok, "p1", await token("p1", { broker: "acme/plant" }))).reasonCode).toBe(ReasonCode.Success);
  });

  it("uses the anonymous fallback only when there is no password", async () => {
    const { host, broker } = setup(new AnonymousAuthenticator(true));
    const anonymous = client(host);
    expect((await anonymous.connect({ clientId: "anon" })).reasonCode).toBe(ReasonCode.Success);
    expect(broker.connections.size).toBe(1);
    const wrong = client(host);
    expect((await wrong.connect({ clientId: "anon2", username: "any", password: Buffer.from("hunter2") })).reasonCode).toBe(ReasonCode.BadUserNameOrPassword);
  });

  it("refuses a revoked token with 0x87", async () => {
    const { host } = setup();
    const jwt = await token("d1");
    revoked.add(`default/default/${decodeJwt(jwt).jti}`);
    const c = client(host);
    const connack = await connectWith(c, "d1", jwt);
    expect(connack.reasonCode).toBe(ReasonCode.NotAuthorized);
    expect(connack.properties?.reasonString).toBe(`credential ${decodeJwt(jwt).jti} is revoked`);
    await c.closed;
  });

  it("MQTT 3.1.1: bad password → return code 4, revoked → 5, client ID mismatch → 2", async () => {
    const { host } = setup();
    const bad = client(host, 4);
    expect((await bad.connect({ clientId: "d1", username: "any", password: Buffer.from("hunter2") })).returnCode).toBe(4);
    const jwt = await token("d1");
    revoked.add(`default/default/${decodeJwt(jwt).jti}`);
    expect((await connectWith(client(host, 4), "d1", jwt)).returnCode).toBe(5);
    expect((await connectWith(client(host, 4), "other", await token("d2"))).returnCode).toBe(2);
  });
});

describe("revocation", () => {
  it("disconnects live connections using the token with 0x98, and only those", async () => {
    const { host } = setup();
    const jwt = await token("d1");
    const jti = decodeJwt(jwt).jti!;
    const revokedClient = await connected(host, "d1", jwt);
    const other = await connected(host, "d2", await token("d2"));
    revoked.add(`default/default/${jti}`);
    expect(host.disconnectCredential("default", "default", jti)).toBe(1);
    const disconnect = await revokedClient.expect("disconnect");
    expect(disconnect.reasonCode).toBe(ReasonCode.AdministrativeAction);
    await revokedClient.closed;
    await stillConnected(other);
    // And it cannot come back.
    expect((await connectWith(client(host), "d1", jwt)).reasonCode).toBe(ReasonCode.NotAuthorized);
  });

  it("looks only at the named broker", async () => {
    const { host } = setup();
    const jwt = await token("d1");
    const c = await connected(host, "d1", jwt);
    expect(host.disconnectCredential("acme", "plant", decodeJwt(jwt).jti!)).toBe(0);
    expect(host.disconnectCredential("acme", "nowhere", decodeJwt(jwt).jti!)).toBe(0);
    await stillConnected(c);
  });
});

describe("expiry", () => {
  it("closes a live connection when its token expires: MQTT 5 with DISCONNECT 0xA0, 3.1.1 without a packet", async () => {
    const { host } = setup();
    const [jwt5, jwt4] = await Promise.all([token("e5", { expiresInSeconds: 1 }), token("e4", { expiresInSeconds: 1 })]);
    const v5 = await connected(host, "e5", jwt5);
    const v4 = await connected(host, "e4", jwt4, 4);
    await stillConnected(v5);
    const deadline = (decodeJwt(jwt5).exp! + CLOCK_TOLERANCE_SECONDS) * 1000;
    const disconnect = await v5.expect("disconnect", deadline - Date.now() + 2000);
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
    expect(disconnect.reasonCode).toBe(ReasonCode.MaximumConnectTime);
    await v5.closed;
    await v4.closed;
    expect(v4.received.map((p) => p.cmd)).toEqual(["connack"]);
  });

  it("stops the expiry timer when the connection closes first", async () => {
    const { host, broker } = setup();
    const c = await connected(host, "brief", await token("brief", { expiresInSeconds: 3600 }));
    const [conn] = broker.connections;
    const timer = conn["expiryTimer"];
    expect(timer).toBeDefined();
    const cleared = vi.spyOn(globalThis, "clearTimeout");
    try {
      c.send({ cmd: "disconnect" });
      await c.closed;
      expect(cleared).toHaveBeenCalledWith(timer);
    } finally {
      cleared.mockRestore();
    }
  });

  it("sets no timer for a token without exp", async () => {
    const { host, broker } = setup();
    await connected(host, "forever", await token("forever"));
    const [conn] = broker.connections;
    expect(conn.principal!.expiresAt).toBeUndefined();
    expect(conn["expiryTimer"]).toBeUndefined();
  });
});

describe("topic ACL", () => {
  const deviceAcl = { pub: ["devices/d1/#"], sub: ["devices/d1/#", "broadcast/+"] };

  it("refuses a PUBLISH outside acl.pub: PUBACK/PUBREC 0x87, QoS 0 dropped and counted; allowed ones go through", async () => {
    const { host, broker } = setup();
    const watcher = await connected(host, "watcher", await token("watcher"));
    await watcher.subscribe("#");
    const device = await connected(host, "d1", await token("d1", { acl: deviceAcl }));
    device.publish("devices/d2/state", "q1", { qos: 1, messageId: 1 });
    expect(await device.expect("puback")).toMatchObject({ messageId: 1, reasonCode: ReasonCode.NotAuthorized });
    device.publish("devices/d2/state", "q2", { qos: 2, messageId: 2 });
    expect(await device.expect("pubrec")).toMatchObject({ messageId: 2, reasonCode: ReasonCode.NotAuthorized });
    device.publish("devices/d2/state", "q0");
    device.publish("devices/d1/state", "mine", { qos: 1, messageId: 3 });
    expect(await device.expect("puback")).toMatchObject({ messageId: 3, reasonCode: ReasonCode.Success });
    const delivered = await watcher.expect("publish");
    expect([delivered.topic, String(delivered.payload)]).toEqual(["devices/d1/state", "mine"]);
    expect(await watcher.nothingWithin(50)).toBe(true);
    expect(broker.stats.drops.not_authorized).toBe(3);
  });

  it("[MQTT-4.7.2-1] the default ACL (#) does not reach $SYS topics", async () => {
    const { host, broker } = setup();
    const c = await connected(host, "d1", await token("d1"));
    c.publish("$SYS/broker/uptime", "forged", { qos: 1, messageId: 1 });
    expect((await c.expect("puback")).reasonCode).toBe(ReasonCode.NotAuthorized);
    expect((await c.subscribe("$SYS/#")).granted).toEqual([ReasonCode.NotAuthorized]);
    expect(broker.stats.drops.not_authorized).toBe(1);
  });

  it("refuses each SUBSCRIBE filter not covered by acl.sub with 0x87 and grants the others", async () => {
    const { host, broker } = setup();
    const c = await connected(host, "d1", await token("d1", { acl: deviceAcl }));
    c.send({
      cmd: "subscribe",
      messageId: 7,
      subscriptions: [
        { topic: "devices/d1/cmd", qos: 1 },
        { topic: "devices/+/cmd", qos: 0 },
        { topic: "$share/workers/devices/d1/jobs", qos: 1 },
        { topic: "broadcast/#", qos: 0 },
        { topic: "broadcast/news", qos: 0 },
      ],
    });
    const suback = await c.expect("suback");
    expect(suback.granted).toEqual([1, ReasonCode.NotAuthorized, 1, ReasonCode.NotAuthorized, 0]);
    expect([...broker.sessionFor("d1")!.subscriptions.keys()]).toEqual(["devices/d1/cmd", "$share/workers/devices/d1/jobs", "broadcast/news"]);
  });

  it("MQTT 3.1.1: a refused filter gets SUBACK 0x80", async () => {
    const { host } = setup();
    const c = await connected(host, "d1", await token("d1", { acl: deviceAcl }), 4);
    expect((await c.subscribe("devices/d2/#", { qos: 1 })).granted).toEqual([SubackFailure311]);
    expect((await c.subscribe("devices/d1/#", { qos: 1 }, undefined, 2)).granted).toEqual([1]);
  });

  it("refuses a CONNECT whose will topic is outside acl.pub with 0x87", async () => {
    const { host, broker } = setup();
    const jwt = await token("d1", { acl: deviceAcl });
    const will = (topic: string) => ({ will: { topic, payload: Buffer.from("gone"), qos: 0 as const, retain: false } });
    const refused = await connectWith(client(host), "d1", jwt, will("devices/d2/status"));
    expect(refused.reasonCode).toBe(ReasonCode.NotAuthorized);
    expect(broker.sessionFor("d1")).toBeUndefined();
    expect((await connectWith(client(host), "d1", jwt, will("devices/d1/status"))).reasonCode).toBe(ReasonCode.Success);
  });
});
