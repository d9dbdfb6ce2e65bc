// mosquitto_pub / mosquitto_sub (libmosquitto, MQTT 5 and 3.1.1) against the broker: QoS,
// retained messages, wills, persistent sessions, wildcards and $SYS, shared subscriptions,
// receive maximum, MQTT 5 properties (user properties in wire order), refusals and MQTTS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, type CliVersion, killMosquittoClients, mosquittoPub, mosquittoSub } from "../test/mosquitto-cli.ts";
import { inbox, startTestServer, type TestServer, uniqueTopic, waitFor } from "../test/server-fixture.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  killMosquittoClients();
  await t?.stop();
});

let idCounter = 0;
const clientId = (name: string) => `${name}-${process.pid}-${++idCounter}`;

describe.each(["mqttv5", "mqttv311"] as const)("%s", (version: CliVersion) => {
  const target = (): CliTarget => ({ port: t.ports.mqtt, version });
  const pub = (args: string[]) => mosquittoPub(target(), args);

  it("delivers QoS 0, 1 and 2 at the lower of published and granted QoS [MQTT-3.8.4-8]", async () => {
    const topic = uniqueTopic("cli-qos");
    const atQos1 = mosquittoSub(target(), ["-t", topic, "-q", "1", "-C", "3", "-F", "%p %q"]);
    const atQos2 = mosquittoSub(target(), ["-t", topic, "-q", "2", "-C", "3", "-F", "%p %q"]);
    expect(await atQos1.subscribed).toEqual([1]);
    expect(await atQos2.subscribed).toEqual([2]);
    for (const qos of ["0", "1", "2"]) expect((await pub(["-t", topic, "-q", qos, "-m", `q${qos}`])).code).toBe(0);
    expect(await atQos2.take(3)).toEqual(["q0 0", "q1 1", "q2 2"]);
    expect(await atQos1.take(3)).toEqual(["q0 0", "q1 1", "q2 1"]);
    expect((await atQos2.exited).code).toBe(0);
  });

  it("sets, replaces and clears a retained message [MQTT-3.3.1-5] [MQTT-3.3.1-6]", async () => {
    const topic = uniqueTopic("cli-retained");
    const marker = `${topic}/marker`;
    const firstOnSubscribe = async () => {
      const sub = mosquittoSub(target(), ["-t", topic, "-t", marker, "-C", "1", "-F", "%t|%p|%r"]);
      await sub.subscribed;
      await pub(["-t", marker, "-m", "marker"]);
      return (await sub.take(1))[0];
    };
    await pub(["-t", topic, "-r", "-q", "1", "-m", "v1"]);
    expect(await firstOnSubscribe()).toBe(`${topic}|v1|1`);
    await pub(["-t", topic, "-r", "-q", "1", "-m", "v2"]);
    expect(await firstOnSubscribe()).toBe(`${topic}|v2|1`);
    await pub(["-t", topic, "-r", "-n"]);
    expect(await firstOnSubscribe()).toBe(`${marker}|marker|0`);
  });

  it("publishes the will of a client that vanishes, not of one that disconnects [MQTT-3.1.2-8] [MQTT-3.1.2-10]", async () => {
    const topic = uniqueTopic("cli-will");
    const watcher = mosquittoSub(target(), ["-t", topic, "-q", "1", "-C", "1", "-F", "%p"]);
    await watcher.subscribed;
    // Exits after one message (-C 1) with DISCONNECT 0x00, so no will. (On a -W timeout it would
    // send 0x04 "Disconnect with Will Message".)
    const polite = mosquittoSub(target(), ["-t", `${topic}/polite`, "-C", "1", "--will-topic", topic, "--will-payload", "polite"]);
    await polite.subscribed;
    await pub(["-t", `${topic}/polite`, "-m", "bye"]);
    expect((await polite.exited).code).toBe(0);
    const vanishing = mosquittoSub(target(), ["-t", `${topic}/vanishing`, "--will-topic", topic, "--will-payload", "vanished", "--will-qos", "1"]);
    await vanishing.subscribed;
    vanishing.kill();
    expect(await watcher.take(1)).toEqual(["vanished"]);
  });

  it("keeps a persistent session's subscription and queued QoS 1 messages [MQTT-3.1.2-5] [MQTT-3.2.2-3]", async () => {
    const topic = uniqueTopic("cli-session");
    const id = clientId("cli-session");
    const first = mosquittoSub(target(), ["-t", topic, "-q", "1", "-c", "-i", id]);
    await first.subscribed;
    first.kill();
    await waitFor(() => t.broker.sessionFor(id)?.connection === null);
    await pub(["-t", topic, "-q", "1", "-m", "queued 1"]);
    await pub(["-t", topic, "-q", "1", "-m", "queued 2"]);
    // No -t: nothing is subscribed again, the session still has the subscription.
    const second = mosquittoSub(target(), ["-t", `${topic}/unrelated`, "-q", "1", "-c", "-i", id, "-C", "2", "-F", "%t %p %q"]);
    expect(await second.take(2)).toEqual([`${topic} queued 1 1`, `${topic} queued 2 1`]);
  });

  it("matches wildcards but not $-topics with them, and serves $SYS [MQTT-4.7.2-1]", async () => {
    const root = uniqueTopic("cli-wild");
    const everything = mosquittoSub(target(), ["-t", "#", "-T", "$SYS/#", "-F", "%t"]);
    const plus = mosquittoSub(target(), ["-t", `${root}/+/c`, "-F", "%t"]);
    await everything.subscribed;
    await plus.subscribed;
    await pub(["-t", `$${root}`, "-m", "dollar"]);
    for (const leaf of ["a/c", "b/c", "a/b/c"]) await pub(["-t", `${root}/${leaf}`, "-m", leaf]);
    expect(await plus.take(2)).toEqual([`${root}/a/c`, `${root}/b/c`]);
    // Other test files run their own servers, so "#" sees only this file's traffic.
    await waitFor(() => everything.lines.includes(`${root}/a/b/c`));
    expect(everything.lines.filter((l) => l.startsWith("$"))).toEqual([]);
    const sys = mosquittoSub(target(), ["-t", "$SYS/broker/version", "-C", "1", "-F", "%p %r"]);
    expect(await sys.take(1)).toEqual(["sluice 0.1.0 1"]);
    everything.kill();
    plus.kill();
  });

  it("shares a $share/group subscription between two clients", async () => {
    const topic = uniqueTopic("cli-shared");
    const members = [0, 1].map(() => mosquittoSub(target(), ["-t", `$share/group/${topic}`, "-q", "1", "-C", "2", "-F", "%p"]));
    for (const m of members) await m.subscribed;
    for (let i = 0; i < 4; i++) await pub(["-t", topic, "-q", "1", "-m", `m${i}`]);
    const got = await Promise.all(members.map((m) => m.take(2)));
    expect(got.flat().sort()).toEqual(["m0", "m1", "m2", "m3"]);
  });

  it("refuses an over-long client id", async () => {
    const { code, stderr } = await pub(["-t", "x", "-m", "x", "-i", "x".repeat(300)]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(version === "mqttv5" ? /client identifier not valid/i : /identifier rejected/i);
  });

  it("works over MQTTS with the server's certificate verified, and not without trusting it", async () => {
    const secure: CliTarget = { port: t.ports.mqtts, version, caFile: t.caFile };
    const topic = uniqueTopic("cli-tls");
    const sub = mosquittoSub(secure, ["-t", topic, "-q", "1", "-C", "1", "-F", "%p"]);
    await sub.subscribed;
    expect((await mosquittoPub(secure, ["-t", topic, "-q", "1", "-m", "over tls"])).code).toBe(0);
    expect(await sub.take(1)).toEqual(["over tls"]);
    const untrusted = await mosquittoPub({ port: t.ports.mqtts, version, caFile: "/etc/ssl/certs/ca-certificates.crt" }, ["-t", topic, "-m", "x"]);
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(/TLS error/);
  });
});

describe("mqttv5 only", () => {
  const target = (): CliTarget => ({ port: t.ports.mqtt, version: "mqttv5" });

  it("forwards user properties in wire order with the other properties [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-20]", async () => {
    const topic = uniqueTopic("cli-props");
    const sub = mosquittoSub(target(), ["-t", topic, "-q", "1", "-C", "1", "-D", "SUBSCRIBE", "subscription-identifier", "7", "-F", "%P|%C|%R|%D|%F|%E|%S|%p"]);
    await sub.subscribed;
    // prettier-ignore
    const { code } = await mosquittoPub(target(), [
      "-t", topic, "-q", "1", "-m", "payload",
      "-D", "PUBLISH", "user-property", "b", "1",
      "-D", "PUBLISH", "user-property", "a", "2",
      "-D", "PUBLISH", "user-property", "b", "3",
      "-D", "PUBLISH", "content-type", "text/plain",
      "-D", "PUBLISH", "response-topic", `${topic}/reply`,
      "-D", "PUBLISH", "correlation-data", "corr-1",
      "-D", "PUBLISH", "payload-format-indicator", "1",
      "-D", "PUBLISH", "message-expiry-interval", "30",
    ]);
    expect(code).toBe(0);
    expect(await sub.take(1)).toEqual([`b:1 a:2 b:3|text/plain|${topic}/reply|corr-1|1|30|7|payload`]);
  });

  it("delivers a will after its delay [MQTT-3.1.3-9]", async () => {
    const topic = uniqueTopic("cli-will-delay");
    const watcher = await t.connect();
    await watcher.subscribeAsync(topic, { qos: 1 });
    const id = clientId("cli-will-delay");
    const client = mosquittoSub(target(), ["-t", `${topic}/x`, "-i", id, "-c", "-x", "60", "--will-topic", topic, "--will-payload", "late", "-D", "WILL", "will-delay-interval", "1"]);
    await client.subscribed;
    const killedAt = Date.now();
    client.kill();
    expect((await inbox(watcher).one(2500)).payload).toBe("late");
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(990); // timers may fire a few ms early
  });

  it("takes over a session: the first client with the id is disconnected [MQTT-3.1.4-3]", async () => {
    const id = clientId("cli-takeover");
    const topic = uniqueTopic("cli-takeover");
    const first = mosquittoSub(target(), ["-t", topic, "-i", id]);
    await first.subscribed;
    const second = mosquittoSub(target(), ["-t", topic, "-i", id, "-C", "1", "-F", "%p"]);
    await second.subscribed;
    await first.exited;
    expect(first.debug).toContain("Received DISCONNECT (142)"); // 0x8E Session taken over
    await mosquittoPub(target(), ["-t", topic, "-m", "to the second"]);
    expect(await second.take(1)).toEqual(["to the second"]);
  });

  it("assigns a client identifier when mosquitto_pub sends none [MQTT-3.1.3-6] [MQTT-3.1.3-7]", async () => {
    const { code, stdout } = await mosquittoPub(target(), ["-d", "-t", uniqueTopic("cli-assigned"), "-m", "x"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Client sluice-[\w-]+ received CONNACK \(0\)$/m);
  });

  it("respects a Receive Maximum of 1 and keeps the order [MQTT-3.3.4-9]", async () => {
    const topic = uniqueTopic("cli-receive-max");
    const sub = mosquittoSub(target(), ["-t", topic, "-q", "1", "-C", "20", "-D", "CONNECT", "receive-maximum", "1", "-F", "%p"]);
    await sub.subscribed;
    const publisher = await t.connect();
    const payloads = Array.from({ length: 20 }, (_, i) => `m${i}`);
    await Promise.all(payloads.map((p) => publisher.publishAsync(topic, p, { qos: 1 })));
    expect(await sub.take(20)).toEqual(payloads);
  });
});
