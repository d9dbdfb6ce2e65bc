// Issuing and verifying device credentials: claims, request validation, and every way a token
// can be forged, altered, misdirected or out of date.
import { base64url, decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ReasonCode } from "../broker/protocol/reason-codes.ts";
import { type BrokerKeySet, createKeySet, signingKey } from "./broker-keys.ts";
import { CLOCK_TOLERANCE_SECONDS, issueCredentials, verifyCredential } from "./device-credentials.ts";

const plant = { namespace: "acme", broker: "plant" };
let keySet: BrokerKeySet;
let otherKeySet: BrokerKeySet;
beforeAll(async () => {
  [keySet, otherKeySet] = await Promise.all([createKeySet(), createKeySet()]);
});
afterEach(() => {
  vi.useRealTimers();
});

async function issueOne(options: Partial<Parameters<typeof issueCredentials>[1]> = {}, set = keySet): Promise<string> {
  return Object.values(await issueCredentials(set, { ...plant, clientId: "d1", ...options }))[0];
}

const refused = (reason: string | RegExp) => ({ ok: false, reasonCode: ReasonCode.BadUserNameOrPassword, reason: typeof reason === "string" ? reason : expect.stringMatching(reason) });

/** The token with one of its three parts replaced. */
function withPart(token: string, index: 0 | 1 | 2, value: string): string {
  const parts = token.split(".");
  parts[index] = value;
  return parts.join(".");
}
const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value));

describe("issueCredentials", () => {
  it("signs with the current key (EdDSA, kid) and carries sub, jti, iat, ns, broker and the default ACL", async () => {
    const before = Math.floor(Date.now() / 1000);
    const issued = await issueCredentials(keySet, { ...plant, clientId: "d1" });
    expect(Object.keys(issued)).toEqual(["d1"]);
    expect(decodeProtectedHeader(issued.d1)).toEqual({ alg: "EdDSA", typ: "JWT", kid: keySet.current.kid });
    const claims = decodeJwt(issued.d1);
    expect(claims).toEqual({ sub: "d1", jti: expect.any(String), iat: expect.any(Number), ns: "acme", broker: "plant", acl: { pub: ["#"], sub: ["#"] } });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
  });

  it("issues up to 100 at once with generated client IDs <broker>-<random> and unique jtis", async () => {
    const issued = await issueCredentials(keySet, { ...plant, number: 100 });
    const ids = Object.keys(issued);
    expect(ids).toHaveLength(100);
    for (const id of ids) expect(id).toMatch(/^plant-[0-9a-f]{16}$/);
    const claims = Object.values(issued).map((t) => decodeJwt(t));
    expect(claims.map((c) => c.sub)).toEqual(ids);
    expect(new Set(claims.map((c) => c.jti)).size).toBe(100);
  });

  it("sets exp from expiresInSeconds, and none without it", async () => {
    const claims = decodeJwt(await issueOne({ expiresInSeconds: 3600 }));
    expect(claims.exp).toBe(claims.iat! + 3600);
    expect(decodeJwt(await issueOne({ expiresInSeconds: null }))).not.toHaveProperty("exp");
  });

  it("carries the ACL asked for, each list defaulting to everything", async () => {
    expect(decodeJwt(await issueOne({ acl: { pub: ["devices/d1/#"] } })).acl).toEqual({ pub: ["devices/d1/#"], sub: ["#"] });
    expect(decodeJwt(await issueOne({ acl: { pub: [], sub: ["cmd/+"] } })).acl).toEqual({ pub: [], sub: ["cmd/+"] });
  });

  it("keeps a client ID such as __proto__ as an ordinary key", async () => {
    const issued = await issueCredentials(keySet, { ...plant, clientId: "__proto__" });
    expect(Object.keys(issued)).toEqual(["__proto__"]);
  });

  it.each([
    [{ number: 0 }, /number/],
    [{ number: 101 }, /number/],
    [{ number: 1.5 }, /number/],
    [{ number: 2, clientId: "d1" }, /clientId/],
    [{ clientId: "" }, /clientId/],
    [{ clientId: "a\u0000b" }, /clientId/],
    [{ expiresInSeconds: 0 }, /expiresInSeconds/],
    [{ expiresInSeconds: 1.5 }, /expiresInSeconds/],
    [{ acl: { pub: ["a/#/b"] } }, /acl\.pub/],
    [{ acl: { sub: ["a+"] } }, /acl\.sub/],
    [{ acl: { sub: ["$share/g/a"] } }, /acl\.sub/],
  ])("refuses %j", async (request, message) => {
    await expect(issueCredentials(keySet, { ...plant, ...request })).rejects.toThrow(message);
  });

  it("accepts a clientId with number 1", async () => {
    expect(Object.keys(await issueCredentials(keySet, { ...plant, clientId: "d1", number: 1 }))).toEqual(["d1"]);
  });
});

describe("verifyCredential", () => {
  it("returns the claims of a valid token", async () => {
    const token = await issueOne({ acl: { pub: ["a"], sub: ["b"] }, expiresInSeconds: 60 });
    const result = await verifyCredential(token, keySet, plant);
    expect(result).toEqual({ ok: true, claims: { sub: "d1", jti: expect.any(String), iat: expect.any(Number), exp: expect.any(Number), ns: "acme", broker: "plant", acl: { pub: ["a"], sub: ["b"] } } });
  });

  it("refuses a password that is not a JWT", async () => {
    expect(await verifyCredential("hunter2", keySet, plant)).toEqual(refused("password is not a JWT"));
  });

  it("refuses a tampered payload (a wider ACL)", async () => {
    const token = await issueOne({ acl: { pub: ["devices/d1/#"], sub: ["devices/d1/#"] } });
    const widened = withPart(token, 1, encodeJson({ ...decodeJwt(token), acl: { pub: ["#"], sub: ["#"] } }));
    expect(await verifyCredential(widened, keySet, plant)).toEqual(refused("token signature does not verify"));
  });

  it("refuses a tampered signature", async () => {
    const token = await issueOne();
    const signature = Buffer.from(base64url.decode(token.split(".")[2]));
    signature[0] ^= 0x01;
    expect(await verifyCredential(withPart(token, 2, base64url.encode(signature)), keySet, plant)).toEqual(refused("token signature does not verify"));
  });

  it("refuses a token of another broker: its kid is not one of this broker's keys", async () => {
    const token = await issueOne({}, otherKeySet);
    expect(await verifyCredential(token, keySet, plant)).toEqual(refused(`token is signed with unknown key ${otherKeySet.current.kid}`));
  });

  it("refuses another broker's key passed off under this broker's kid", async () => {
    const token = await issueOne({}, otherKeySet);
    const relabelled = withPart(token, 0, encodeJson({ alg: "EdDSA", typ: "JWT", kid: keySet.current.kid }));
    expect(await verifyCredential(relabelled, keySet, plant)).toEqual(refused("token signature does not verify"));
  });

  it("refuses a genuine token issued for another broker, naming it", async () => {
    const token = await issueOne({ namespace: "acme", broker: "office" });
    expect(await verifyCredential(token, keySet, plant)).toEqual(refused("token was issued for broker acme/office"));
  });

  it("refuses a token with an unknown kid or none", async () => {
    const token = await issueOne();
    expect(await verifyCredential(withPart(token, 0, encodeJson({ alg: "EdDSA", kid: "nope" })), keySet, plant)).toEqual(refused("token is signed with unknown key nope"));
    expect(await verifyCredential(withPart(token, 0, encodeJson({ alg: "EdDSA" })), keySet, plant)).toEqual(refused("token has no key id (kid)"));
  });

  it('refuses alg "none"', async () => {
    const token = await issueOne();
    const unsigned = `${encodeJson({ alg: "none", kid: keySet.current.kid })}.${token.split(".")[1]}.`;
    expect(await verifyCredential(unsigned, keySet, plant)).toEqual(refused("token is not signed with EdDSA"));
  });

  it("refuses HS256 keyed with the broker's public key", async () => {
    const claims = decodeJwt(await issueOne());
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: keySet.current.kid }).sign(base64url.decode(keySet.current.jwk.x));
    expect(await verifyCredential(forged, keySet, plant)).toEqual(refused("token is not signed with EdDSA"));
  });

  it("refuses a signed token whose claims are malformed (no ACL)", async () => {
    const token = await new SignJWT({ ns: "acme", broker: "plant" }).setProtectedHeader({ alg: "EdDSA", kid: keySet.current.kid }).setSubject("d1").setJti("j1").setIssuedAt().sign(await signingKey(keySet.current));
    expect(await verifyCredential(token, keySet, plant)).toEqual(refused("token claims are malformed"));
  });

  it(`accepts a token until ${CLOCK_TOLERANCE_SECONDS} s (clock tolerance) after exp, then refuses it as expired`, async () => {
    const token = await issueOne({ expiresInSeconds: 60 });
    const exp = decodeJwt(token).exp!;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((exp + CLOCK_TOLERANCE_SECONDS - 1) * 1000);
    expect(await verifyCredential(token, keySet, plant)).toMatchObject({ ok: true });
    vi.setSystemTime((exp + CLOCK_TOLERANCE_SECONDS) * 1000);
    expect(await verifyCredential(token, keySet, plant)).toEqual(refused(`token expired at ${new Date(exp * 1000).toISOString()}`));
  });
});
