// Webhook hooks over real HTTP: a node:http receiver checks every request with verify.ts alone
// (as a third-party service would), and the client maps each kind of bad receiver to its failure.
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BrokerKeySet, createKeySet, publicJwks, rotate } from "../auth/broker-keys.ts";
import type { HookMessage } from "./message.ts";
import { assertWebhook, verifyWebhook, WebhookVerificationError } from "./verify.ts";
import { callWebhook, MAX_RESPONSE_BYTES } from "./webhook-client.ts";
import { signRequest } from "./webhook-signature.ts";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
  verified: boolean;
  error?: string;
}

type Behaviour = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let url: string;
let keySet: BrokerKeySet;
/** What the receiver believes the broker's keys are (as if fetched from `…/publickeys`). */
let receiverJwks: ReturnType<typeof publicJwks>;
let received: Received[];
let behaviour: Behaviour;

// The receiver: verify first (403 when refused, like the Cloudflare Pub/Sub Worker example),
// then hand the parsed batch to the current behaviour.
const transformer: Behaviour = (_req, res, body) => {
  const messages = JSON.parse(body) as Array<Record<string, unknown>>;
  const output = messages
    .filter((m) => !String(m.topic).startsWith("debug/"))
    .map((m) => (typeof m.payload === "string" && m.payloadEncoding === undefined ? { ...m, payload: m.payload.toUpperCase(), contentType: "text/plain" } : m));
  output.push({ topic: "audit/count", payload: String(messages.length) });
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(output));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        await assertWebhook({ headers: req.headers, body }, receiverJwks);
        received.push({ headers: req.headers, body, verified: true });
      } catch (error) {
        received.push({ headers: req.headers, body, verified: false, error: (error as WebhookVerificationError).reason });
        res.writeHead(403).end("not a valid broker request");
        return;
      }
      behaviour(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  keySet = await createKeySet();
  receiverJwks = publicJwks(keySet);
  received = [];
  behaviour = transformer;
});

const base = { clientId: "dev-1", receivedAt: 1_700_000_000_000, qos: 1 as const, retain: false };
const batch: HookMessage[] = [
  { ...base, mid: 1, topic: "sensors/a", payload: "hello", payloadFormatIndicator: 1, userProperties: [["unit", "C"], ["unit", "F"]] },
  { ...base, mid: 2, topic: "debug/x", payload: "noise" },
  { ...base, mid: 3, topic: "firmware/blob", payload: new Uint8Array([0, 255, 1, 128]), contentType: "application/octet-stream" },
];

/** POST a hand-made request to the receiver; returns the status. */
async function post(headers: Record<string, string>, body: string): Promise<number> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  await response.arrayBuffer();
  return response.status;
}

describe("signing, checked by an independent receiver", () => {
  it("signs timestamp + body with the current key; the receiver verifies and its output comes back", async () => {
    const result = await callWebhook(url, batch, { keySet, broker: "acme/plant", timeoutMs: 2_000 });

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ verified: true });
    expect(received[0].headers["x-signature-key-id"]).toBe(keySet.current.kid);
    expect(Number(received[0].headers["x-signature-timestamp"])).toBeCloseTo(Date.now() / 1000, -1);
    expect(result).toEqual({
      ok: true,
      output: [
        { mid: 1, topic: "sensors/a", payload: "HELLO", qos: 1, retain: false, contentType: "text/plain", payloadFormatIndicator: 1, userProperties: [["unit", "C"], ["unit", "F"]] },
        { mid: 3, topic: "firmware/blob", payload: new Uint8Array([0, 255, 1, 128]), qos: 1, retain: false, contentType: "application/octet-stream" },
        { topic: "audit/count", payload: "3" },
      ],
    });
  });

  it("sends the Cloudflare Pub/Sub body: a JSON array, binary payloads base64 with payloadEncoding", async () => {
    await callWebhook(url, batch, { keySet, broker: "acme/plant", timeoutMs: 2_000 });
    const sent = JSON.parse(received[0].body);
    expect(sent[0]).toEqual({ mid: 1, broker: "acme/plant", topic: "sensors/a", payload: "hello", clientId: "dev-1", receivedAt: 1_700_000_000_000, qos: 1, retain: false, payloadFormatIndicator: 1, userProperties: [["unit", "C"], ["unit", "F"]] });
    expect(sent[2]).toMatchObject({ payload: "AP8BgA==", payloadEncoding: "base64", contentType: "application/octet-stream" });
    expect(sent[0]).not.toHaveProperty("payloadEncoding");
  });

  it("the signature is plain Ed25519, base64, over the UTF-8 bytes of timestamp + body (checked with node:crypto alone)", async () => {
    await callWebhook(url, batch, { keySet, broker: "acme/plant", timeoutMs: 2_000 });
    const { headers, body } = received[0];
    const jwk = receiverJwks.keys.find((key) => key.kid === headers["x-signature-key-id"])!;
    const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
    const signed = Buffer.from(String(headers["x-signature-timestamp"]) + body, "utf8");
    expect(nodeVerify(null, signed, publicKey, Buffer.from(String(headers["x-signature-ed25519"]), "base64"))).toBe(true);
  });

  it("a tampered body is rejected", async () => {
    const body = JSON.stringify([{ mid: 1, topic: "a", payload: "x" }]);
    const headers = await signRequest(keySet, body);
    expect(await post(headers, body.replace('"x"', '"y"'))).toBe(403);
    expect(received[0]).toMatchObject({ verified: false, error: "bad_signature" });
    expect(await post(headers, body)).toBe(200);
  });

  it("a stale or future timestamp is rejected even with a genuine signature", async () => {
    const body = "[]";
    expect(await post(await signRequest(keySet, body, Date.now() - 301_000), body)).toBe(403);
    expect(await post(await signRequest(keySet, body, Date.now() + 301_000), body)).toBe(403);
    expect(received.map((r) => r.error)).toEqual(["stale", "future"]);
    expect(await post(await signRequest(keySet, body, Date.now() - 250_000), body)).toBe(200);
  });

  it("an unknown key id, another broker's key and missing headers are rejected", async () => {
    const body = "[]";
    const headers = await signRequest(keySet, body);
    expect(await post({ ...headers, "X-Signature-Key-Id": "nope" }, body)).toBe(403);
    expect(await post(await signRequest(await createKeySet(), body), body)).toBe(403);
    const { "X-Signature-Ed25519": _dropped, ...unsigned } = headers;
    expect(await post(unsigned, body)).toBe(403);
    expect(received.map((r) => r.error)).toEqual(["unknown_key", "unknown_key", "missing_header"]);
  });

  it("after rotation the new current key signs, and verifies against the new JWKS and a JWKS cached before", async () => {
    const before = publicJwks(keySet);
    keySet = await rotate(keySet);
    receiverJwks = publicJwks(keySet);
    expect((await callWebhook(url, batch, { keySet, broker: "acme/plant", timeoutMs: 2_000 })).ok).toBe(true);
    expect(received[0]).toMatchObject({ verified: true });
    expect(received[0].headers["x-signature-key-id"]).toBe(keySet.current.kid);

    // The new current key was published as `next` before the rotation.
    receiverJwks = before;
    expect((await callWebhook(url, batch, { keySet, broker: "acme/plant", timeoutMs: 2_000 })).ok).toBe(true);
    expect(received[1]).toMatchObject({ verified: true });
  });
});

describe("verifyWebhook for receivers", () => {
  it("checks a fetch Request (as in a Worker) without consuming its body, with the JWKS as JSON text", async () => {
    const body = JSON.stringify([{ mid: 1, topic: "a", payload: "x" }]);
    const request = new Request("https://receiver.example/", { method: "POST", headers: await signRequest(keySet, body), body });
    expect(await verifyWebhook(request, JSON.stringify(publicJwks(keySet)))).toBe(true);
    expect(await request.text()).toBe(body);
  });

  it("honours maxAgeSeconds and now, and explains refusals through assertWebhook", async () => {
    const body = "[]";
    const headers = await signRequest(keySet, body, 1_000_000_000_000);
    expect(await verifyWebhook({ headers, body }, publicJwks(keySet), { now: 1_000_000_030_000, maxAgeSeconds: 60 })).toBe(true);
    expect(await verifyWebhook({ headers, body }, publicJwks(keySet), { now: 1_000_000_090_000, maxAgeSeconds: 60 })).toBe(false);
    await expect(assertWebhook({ headers, body }, publicJwks(keySet).keys, { now: 1_000_000_090_000, maxAgeSeconds: 60 })).rejects.toThrow(/90 s old/);
    await expect(assertWebhook({ headers: { ...headers, "X-Signature-Timestamp": "1e9" }, body }, publicJwks(keySet))).rejects.toMatchObject({ reason: "bad_timestamp" });
  });
});

describe("failures map to one kind each", () => {
  const options = () => ({ keySet, broker: "acme/plant", timeoutMs: 500 });
  const replying = (status: number, text: string) => (_req: IncomingMessage, res: ServerResponse) => res.writeHead(status, { "content-type": "application/json" }).end(text);

  it("receiver down (connection refused) → network", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await callWebhook(`http://127.0.0.1:${port}/`, batch, options());
    expect(result).toMatchObject({ ok: false, kind: "network" });
    expect(!result.ok && result.message).toMatch(/ECONNREFUSED/);
  });

  it("slow to answer, or stalling mid-body → timeout", async () => {
    behaviour = (_req, res) => void setTimeout(() => res.writeHead(200).end("[]"), 2_000);
    const started = Date.now();
    expect(await callWebhook(url, batch, options())).toMatchObject({ ok: false, kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(1_500);

    behaviour = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).write("[");
    expect(await callWebhook(url, batch, options())).toMatchObject({ ok: false, kind: "timeout" });
  });

  it("HTTP 500, and a refused signature (403) → http_error", async () => {
    behaviour = replying(500, "boom");
    expect(await callWebhook(url, batch, options())).toEqual({ ok: false, kind: "http_error", message: "receiver answered HTTP 500: boom" });
    receiverJwks = publicJwks(await createKeySet());
    expect(await callWebhook(url, batch, options())).toMatchObject({ ok: false, kind: "http_error", message: expect.stringMatching(/HTTP 403/) });
  });

  it.each([
    ["garbage", "<html>oops", /not JSON/],
    ["not an array", '{"messages": []}', /array of messages, got object/],
    ["an element without topic", '[{"payload": "x"}]', /message 0: topic/],
    ["a non-string payload", '[{"topic": "a", "payload": 5}]', /message 0: payload/],
    ["a bad base64 payload", '[{"topic": "a", "payload": "@@", "payloadEncoding": "base64"}]', /message 0: payload is not base64/],
  ])("a reply that is %s → bad_response", async (_name, text, message) => {
    behaviour = replying(200, text);
    const result = await callWebhook(url, batch, options());
    expect(result).toMatchObject({ ok: false, kind: "bad_response" });
    expect(!result.ok && result.message).toMatch(message);
  });

  it("an oversized reply, declared or streamed → bad_response", async () => {
    const big = JSON.stringify([{ topic: "a", payload: "x".repeat(MAX_RESPONSE_BYTES) }]);
    behaviour = replying(200, big);
    expect(await callWebhook(url, batch, options())).toMatchObject({ ok: false, kind: "bad_response", message: expect.stringMatching(/exceeds/) });

    behaviour = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      for (let i = 0; i < 20; i++) res.write("x".repeat(64 * 1024));
      res.end();
    };
    expect(await callWebhook(url, batch, options())).toMatchObject({ ok: false, kind: "bad_response", message: expect.stringMatching(/exceeds/) });
  });

  it("an empty array drops every message", async () => {
    behaviour = replying(200, "[]");
    expect(await callWebhook(url, batch, options())).toEqual({ ok: true, output: [] });
  });
});
