// Device credentials end to end: issued over the API, used by real MQTT clients (MQTT.js and
// mosquitto_pub/sub), enforced by the broker, revoked and rotated while clients are connected.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import mqtt, { type IClientOptions } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrokerKeySet, signingKey } from "../../auth/broker-keys.ts";
import { startTestApi, type TestApi } from "./test/api-fixture.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await api.call("POST", "/namespaces", { name: "acme" });
  await api.call("POST", "/namespaces/acme/brokers", { name: "plant" });
  await api.call("POST", "/namespaces/acme/brokers", { name: "other" });
});
afterAll(() => api?.stop());

const mqttUrl = () => `mqtt://127.0.0.1:${api.server.ports.mqtt}`;
const issue = async (body: object, broker = "plant"): Promise<Record<string, string>> => {
  const response = await api.call("POST", `/namespaces/acme/brokers/${broker}/credentials`, body);
  expect(response.status).toBe(201);
  return response.body;
};
/**
 * A credential of broker acme/<broker> that expired a minute ago, signed with the broker's real
 * current key: what issuing with a short expiration yields once it has run out, without waiting.
 */
async function expiredToken(clientId: string, broker = "plant"): Promise<string> {
  const record = (await api.server.store.brokers.get("acme", broker))!;
  const keySet = (await api.server.store.credentials.allKeySets()).find((k) => k.brokerId === record.id)!.keySet as BrokerKeySet;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ns: "acme", broker, acl: { pub: ["#"], sub: ["#"] } })
    .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: keySet.current.kid })
    .setSubject(clientId)
    .setJti(randomUUID())
    .setIssuedAt(now - 3600)
    .setExpirationTime(now - 60)
    .sign(await signingKey(keySet.current));
}
const jtiOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).jti as string;

/** Connects and resolves with the CONNACK reason code (0 on success) and the client. */
function connect(options: IClientOptions): Promise<{ code: number; client: mqtt.MqttClient }> {
  return new Promise((resolve) => {
    // MQTT.js sends no password without a user name; Sluice ignores the user name.
    const client = mqtt.connect(mqttUrl(), { protocolVersion: 5, reconnectPeriod: 0, username: "device", ...options });
    client.once("connect", () => resolve({ code: 0, client }));
    client.once("error", (error: Error & { code?: number }) => {
      client.end(true);
      resolve({ code: error.code ?? -1, client });
    });
  });
}

describe("issuing", () => {
  it("issues one credential per generated client id, up to 100, and lists them without tokens", async () => {
    const many = await issue({ number: 3 });
    expect(Object.keys(many)).toHaveLength(3);
    for (const [clientId, token] of Object.entries(many)) {
      const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
      expect(claims).toMatchObject({ sub: clientId, ns: "acme", broker: "plant", acl: { pub: ["#"], sub: ["#"] } });
    }
    const listed = (await api.call("GET", "/namespaces/acme/brokers/plant/credentials")).body.credentials;
    expect(listed.map((c: { clientId: string }) => c.clientId)).toEqual(expect.arrayContaining(Object.keys(many)));
    expect((await api.call("POST", "/namespaces/acme/brokers/plant/credentials", { number: 101 })).status).toBe(422);
    expect((await api.call("POST", "/namespaces/acme/brokers/plant/credentials", { number: 2, clientId: "x" })).status).toBe(422);
    expect((await api.call("POST", "/namespaces/acme/brokers/plant/credentials", { acl: { pub: ["a/#/b"] } })).body.error.details[0].path).toBe("acl.pub.0");
    expect((await api.call("POST", "/namespaces/acme/brokers/plant/credentials", {}, await api.tokenFor("support"))).status).toBe(403);
  });

  it("applies the broker's credentialExpiration unless the request sets one", async () => {
    await api.call("POST", "/namespaces/acme/brokers", { name: "expiring", credentialExpiration: 3600 });
    const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
    const byDefault = claims(Object.values(await issue({}, "expiring"))[0]);
    expect(byDefault.exp - byDefault.iat).toBe(3600);
    const explicit = claims(Object.values(await issue({ expiration: 60 }, "expiring"))[0]);
    expect(explicit.exp - explicit.iat).toBe(60);
    const never = claims(Object.values(await issue({ expiration: null }, "expiring"))[0]);
    expect(never.exp).toBeUndefined();
  });

  it("publishes the broker's public keys as a JWKS", async () => {
    const { body } = await api.call("GET", "/namespaces/acme/brokers/plant/publickeys");
    expect(body.keys).toHaveLength(2); // current and next
    for (const key of body.keys) expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(body.keys[0]).not.toHaveProperty("d");
  });
});

describe("connecting with a credential", () => {
  it("accepts the token as password, binds the client id and enforces the topic ACL", async () => {
    const tokens = await issue({ clientId: "sensor-1", acl: { pub: ["sensors/sensor-1/#"], sub: ["commands/sensor-1"] } });
    const { code, client } = await connect({ clientId: "sensor-1", username: "any", password: tokens["sensor-1"] });
    expect(code).toBe(0);
    // MQTT.js rejects subscribeAsync on any refused filter: read the SUBACK's codes off the wire.
    const suback = new Promise<number[]>((resolve) => client.on("packetreceive", (p) => p.cmd === "suback" && resolve(p.granted as number[])));
    client.subscribe(["commands/sensor-1", "commands/#"], { qos: 1 }, () => {});
    expect(await suback).toEqual([1, 0x87]);
    await expect(client.publishAsync("sensors/sensor-1/temp", "21", { qos: 1 })).resolves.toBeDefined();
    await expect(client.publishAsync("sensors/sensor-2/temp", "21", { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
    await client.endAsync();
  });

  it("assigns the credential's client id to an empty one", async () => {
    const tokens = await issue({ clientId: "assigned-device" });
    const client = mqtt.connect(mqttUrl(), { protocolVersion: 5, clientId: "", username: "device", password: tokens["assigned-device"], reconnectPeriod: 0 });
    const connack = await new Promise<{ properties?: { assignedClientIdentifier?: string } }>((resolve) => client.once("connect", resolve));
    expect(connack.properties?.assignedClientIdentifier).toBe("assigned-device");
    await client.endAsync();
  });

  it("refuses tampered, foreign-broker, wrong-client-id and expired tokens with their reason codes", async () => {
    const token = (await issue({ clientId: "d1" }))["d1"];
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), acl: { pub: ["#"], sub: ["#"] }, sub: "d1x" })).toString("base64url");
    expect((await connect({ clientId: "d1x", password: `${header}.${forged}.${signature}` })).code).toBe(0x86);
    expect((await connect({ clientId: "d1", password: "not a jwt" })).code).toBe(0x86);
    expect((await connect({ clientId: "somebody-else", password: token })).code).toBe(0x85);
    const foreign = (await issue({ clientId: "d2" }, "other"))["d2"];
    const viaPath = await new Promise<number>((resolve) => {
      const c = mqtt.connect(`ws://127.0.0.1:${api.server.ports.http}/mqtt/acme/plant`, { protocolVersion: 5, reconnectPeriod: 0, clientId: "d2", username: "device", password: foreign });
      c.once("error", (e: Error & { code?: number }) => (c.end(true), resolve(e.code ?? -1)));
      c.once("connect", () => (c.end(true), resolve(0)));
    });
    expect(viaPath).toBe(0x86);
    expect((await connect({ clientId: "short-lived", password: await expiredToken("short-lived") })).code).toBe(0x86);
  }, 20_000);
});

describe("revocation and rotation", () => {
  it("disconnects a live client with 0x98 at once, refuses it afterwards with 0x87, and unrevokes", async () => {
    const token = (await issue({ clientId: "revoked-device" }))["revoked-device"];
    const { client } = await connect({ clientId: "revoked-device", password: token });
    const disconnect = new Promise<number | undefined>((resolve) => client.once("disconnect", (p) => resolve(p.reasonCode)));
    const revoked = await api.call("POST", "/namespaces/acme/brokers/plant/revocations", { jti: [jtiOf(token)] });
    expect(revoked.body).toEqual({ revoked: [jtiOf(token)], disconnected: 1 });
    expect(await disconnect).toBe(0x98);
    client.end(true);
    expect((await connect({ clientId: "revoked-device", password: token })).code).toBe(0x87);
    expect((await api.call("GET", "/namespaces/acme/brokers/plant/revocations")).body.revocations.map((r: { jti: string }) => r.jti)).toContain(jtiOf(token));

    await api.server.flush();
    const listed = (await api.call("GET", "/namespaces/acme/brokers/plant/credentials")).body.credentials.find((c: { jti: string }) => c.jti === jtiOf(token));
    expect(listed.lastConnectedAt).not.toBeNull();
    expect(listed.lastFailure).toBe(`credential ${jtiOf(token)} is revoked`);

    expect((await api.call("DELETE", `/namespaces/acme/brokers/plant/revocations/${jtiOf(token)}`)).status).toBe(204);
    const again = await connect({ clientId: "revoked-device", password: token });
    expect(again.code).toBe(0);
    await again.client.endAsync();
  });

  it("keeps tokens signed by the old key valid after rotation, and signs new ones with the promoted key", async () => {
    const before = (await api.call("GET", "/namespaces/acme/brokers/plant/publickeys")).body.keys.map((k: { kid: string }) => k.kid);
    const old = (await issue({ clientId: "pre-rotation" }))["pre-rotation"];
    const rotated = await api.call("POST", "/namespaces/acme/brokers/plant/keys/rotate");
    expect(rotated.body.keys.map((k: { kid: string }) => k.kid).slice(0, 1)).toEqual([before[1]]); // next became current
    const fresh = (await issue({ clientId: "post-rotation" }))["post-rotation"];
    expect(JSON.parse(Buffer.from(fresh.split(".")[0], "base64url").toString()).kid).toBe(before[1]);
    for (const [clientId, password] of [["pre-rotation", old], ["post-rotation", fresh]]) {
      const { code, client } = await connect({ clientId, password });
      expect(code).toBe(0);
      await client.endAsync();
    }

    // Retiring the old key ends the credentials it signed; keys in use cannot be retired.
    expect((await api.call("DELETE", `/namespaces/acme/brokers/plant/keys/${before[1]}`)).status).toBe(409);
    const retired = await api.call("DELETE", `/namespaces/acme/brokers/plant/keys/${before[0]}`);
    expect(retired.body.keys.map((k: { kid: string }) => k.kid)).not.toContain(before[0]);
    expect((await connect({ clientId: "pre-rotation", password: old })).code).toBe(0x86);
    const stillGood = await connect({ clientId: "post-rotation", password: fresh });
    expect(stillGood.code).toBe(0);
    await stillGood.client.endAsync();
    expect((await api.call("DELETE", `/namespaces/acme/brokers/plant/keys/${before[0]}`)).status).toBe(404);
  });
});

describe("checking what a credential may do", () => {
  const check = (jti: string, body: object, token?: string) => api.call("POST", `/namespaces/acme/brokers/plant/credentials/${jti}/check`, body, token);

  it("names the ACL rule that allows a publish or a subscription, and says when none does", async () => {
    const jti = jtiOf((await issue({ clientId: "checked", acl: { pub: ["sensors/checked/temp", "sensors/checked/#", "$SYS/#"], sub: ["commands/checked/+"] } }))["checked"]);
    const answer = async (action: string, topic: string) => (await check(jti, { action, topic })).body;
    expect(await answer("publish", "sensors/checked/temp")).toEqual({ allowed: true, rule: "sensors/checked/temp", status: "active", reason: "acl.pub filter sensors/checked/temp matches sensors/checked/temp" });
    expect(await answer("publish", "sensors/checked/humidity")).toMatchObject({ allowed: true, rule: "sensors/checked/#" }); // the first filter that matches
    expect(await answer("publish", "sensors/other/temp")).toEqual({ allowed: false, rule: null, status: "active", reason: "no acl.pub filter matches sensors/other/temp" });
    // The broker keeps $SYS/ for itself, whatever the ACL says.
    expect(await answer("publish", "$SYS/broker/uptime")).toMatchObject({ allowed: false, rule: null, reason: expect.stringContaining("$SYS/") });
    expect(await answer("subscribe", "commands/checked/reboot")).toMatchObject({ allowed: true, rule: "commands/checked/+", reason: "acl.sub filter commands/checked/+ covers commands/checked/reboot" });
    expect(await answer("subscribe", "$share/workers/commands/checked/+")).toMatchObject({ allowed: true, rule: "commands/checked/+" });
    expect(await answer("subscribe", "commands/#")).toEqual({ allowed: false, rule: null, status: "active", reason: "no acl.sub filter covers commands/#" });
  });

  it("agrees with what the broker does with the same credential", async () => {
    const token = (await issue({ clientId: "checked-live", acl: { pub: ["out/#", "$SYS/#"], sub: ["in/+"] } }))["checked-live"];
    const { code, client } = await connect({ clientId: "checked-live", password: token });
    expect(code).toBe(0);
    for (const topic of ["out/a", "elsewhere", "$SYS/x"]) {
      const published = await client.publishAsync(topic, "x", { qos: 1 }).then(() => true, () => false);
      expect({ topic, allowed: (await check(jtiOf(token), { action: "publish", topic })).body.allowed }).toEqual({ topic, allowed: published });
    }
    const suback = new Promise<number[]>((resolve) => client.on("packetreceive", (p) => p.cmd === "suback" && resolve(p.granted as number[])));
    client.subscribe(["in/a", "in/#"], { qos: 1 }, () => {});
    const granted = (await suback).map((c) => c < 0x80);
    const answers = await Promise.all(["in/a", "in/#"].map(async (topic) => (await check(jtiOf(token), { action: "subscribe", topic })).body.allowed));
    expect(answers).toEqual(granted);
    await client.endAsync();
  });

  it("says when the credential is revoked or expired, with what its ACL alone would allow", async () => {
    const jti = jtiOf((await issue({ clientId: "checked-revoked", acl: { pub: ["a/#"] } }))["checked-revoked"]);
    await api.call("POST", "/namespaces/acme/brokers/plant/revocations", { jti: [jti] });
    const revoked = (await check(jti, { action: "publish", topic: "a/b" })).body;
    expect(revoked).toMatchObject({ allowed: false, rule: "a/#", status: "revoked" });
    expect(revoked.reason).toMatch(/^the credential is revoked: the broker refuses its CONNECT \(0x87 Not authorized\); its ACL alone would allow this: acl.pub filter a\/# matches a\/b$/);
    await api.call("DELETE", `/namespaces/acme/brokers/plant/revocations/${jti}`);
    expect((await check(jti, { action: "publish", topic: "a/b" })).body).toMatchObject({ allowed: true, status: "active" });

    // A credential issued with a short expiration, once it has run out.
    const broker = (await api.server.store.brokers.get("acme", "plant"))!;
    const expiredJti = randomUUID();
    await api.server.store.credentials.recordIssued([{ brokerId: broker.id, jti: expiredJti, clientId: "checked-expired", acl: { pub: ["#"], sub: ["#"] }, expiresAt: new Date(Date.now() - 60_000) }]);
    const expired = (await check(expiredJti, { action: "subscribe", topic: "x/#" })).body;
    expect(expired).toMatchObject({ allowed: false, rule: "#", status: "expired", reason: expect.stringMatching(/^the credential has expired: .*0x86/) });
  });

  it("refuses an unknown credential or broker (404) and a topic that is not one (422, naming the field)", async () => {
    const jti = jtiOf((await issue({ clientId: "checked-input" }))["checked-input"]);
    expect((await check(randomUUID(), { action: "publish", topic: "a" })).status).toBe(404);
    expect((await api.call("POST", `/namespaces/acme/brokers/nope/credentials/${jti}/check`, { action: "publish", topic: "a" })).status).toBe(404);
    expect((await api.call("POST", `/namespaces/acme/brokers/other/credentials/${jti}/check`, { action: "publish", topic: "a" })).status).toBe(404); // another broker's jti
    const wildcardPublish = await check(jti, { action: "publish", topic: "a/+" });
    expect(wildcardPublish.status).toBe(422);
    expect(wildcardPublish.body.error.details[0]).toMatchObject({ path: "topic", message: "topic name contains a wildcard" });
    expect((await check(jti, { action: "subscribe", topic: "a/#/b" })).body.error.details[0].path).toBe("topic");
    expect((await check(jti, { action: "connect", topic: "a" })).body.error.details[0].path).toBe("action");
  });

  it("answers every role (brokers:read), and nobody without a token", async () => {
    const jti = jtiOf((await issue({ clientId: "checked-roles" }))["checked-roles"]);
    for (const role of ["admin", "developer", "support"] as const) {
      expect((await check(jti, { action: "publish", topic: "a" }, await api.tokenFor(role))).body).toMatchObject({ allowed: true, rule: "#" });
    }
    expect((await api.call("POST", `/namespaces/acme/brokers/plant/credentials/${jti}/check`, { action: "publish", topic: "a" }, null)).status).toBe(401);
  });
});

describe("with mosquitto_pub and mosquitto_sub", () => {
  const run = (command: string, args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(command, args);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });

  it("subscribes and publishes with credentials, and is refused outside the ACL or with a bad token", async () => {
    const tokens = await issue({ clientId: "mosq-sub", acl: { sub: ["alerts/#"], pub: [] } });
    const publisher = await issue({ clientId: "mosq-pub", acl: { pub: ["alerts/#"], sub: [] } });
    const port = String(api.server.ports.mqtt);
    const sub = run("mosquitto_sub", ["-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-i", "mosq-sub", "-u", "device", "-P", tokens["mosq-sub"], "-t", "alerts/#", "-C", "1", "-W", "10", "-v"]);
    await expect.poll(() => api.server.host.getBroker("acme", "plant")!.sessionFor("mosq-sub")?.subscriptions.size).toBe(1);
    const pub = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-i", "mosq-pub", "-u", "device", "-P", publisher["mosq-pub"], "-t", "alerts/fire", "-m", "evacuate", "-q", "1"]);
    expect(pub.code).toBe(0);
    expect((await sub).stdout.trim()).toBe("alerts/fire evacuate");

    const refused = await run("mosquitto_sub", ["-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-i", "mosq-sub", "-P", "garbage", "-t", "alerts/#", "-C", "1", "-W", "5"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Bad user name or password/i);
    const denied = await run("mosquitto_sub", ["-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-i", "mosq-sub", "-P", tokens["mosq-sub"], "-t", "secrets/#", "-C", "1", "-W", "5"]);
    expect(denied.stderr + denied.stdout).toMatch(/Not authorized|denied/i);
  }, 30_000);

  it("a revocation ends a live mosquitto_sub; expired and foreign tokens are refused", async () => {
    const port = String(api.server.ports.mqtt);
    const token = (await issue({ clientId: "mosq-live" }))["mosq-live"];
    const live = run("stdbuf", ["-oL", "mosquitto_sub", "-d", "-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-i", "mosq-live", "-u", "device", "-P", token, "-t", "t", "-W", "15"]);
    await expect.poll(() => api.server.host.getBroker("acme", "plant")!.sessionFor("mosq-live")?.connection).toBeTruthy();
    const revoked = await api.call("POST", "/namespaces/acme/brokers/plant/revocations", { jti: [jtiOf(token)] });
    expect(revoked.body.disconnected).toBe(1); // closed before the API answered
    const answered = Date.now();
    const ended = await live;
    expect(Date.now() - answered).toBeLessThan(1000); // and the client knows within a second
    expect(ended.stdout + ended.stderr).toMatch(/Received DISCONNECT \(152\)/); // 0x98 Administrative action

    const foreign = (await issue({ clientId: "mosq-foreign" }, "other"))["mosq-foreign"];
    const viaOtherBroker = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-i", "mosq-foreign", "-u", "device", "-P", `${foreign.slice(0, -6)}AAAAAA`, "-t", "t", "-m", "x"]);
    expect(viaOtherBroker.stderr).toMatch(/Bad user name or password/i);
    const expired = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "-V", "mqttv5", "-i", "mosq-expiring", "-u", "device", "-P", await expiredToken("mosq-expiring"), "-t", "t", "-m", "x"]);
    expect(expired.stderr).toMatch(/Bad user name or password/i);
  }, 30_000);
});
