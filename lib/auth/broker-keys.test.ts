// Broker key sets: JSON round trip, the published JWKS, and the rotation lifecycle as seen by
// credentials (rotate keeps old tokens valid; a retired key removed stops them).
import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { ReasonCode } from "../broker/protocol/reason-codes.ts";
import { type BrokerKeySet, createKeySet, publicJwks, retireKey, rotate } from "./broker-keys.ts";
import { issueCredentials, verifyCredential } from "./device-credentials.ts";

const plant = { namespace: "acme", broker: "plant" };

async function issueOne(keySet: BrokerKeySet): Promise<string> {
  return Object.values(await issueCredentials(keySet, { ...plant, clientId: "d1" }))[0];
}

describe("key sets", () => {
  it("holds a current and a next key with distinct ids and no retired keys", async () => {
    const set = await createKeySet();
    expect(set.current.kid).not.toBe(set.next.kid);
    expect(set.current.jwk.x).not.toBe(set.next.jwk.x);
    expect(set.current.jwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    expect(set.retired).toEqual([]);
  });

  it("survives a JSON round trip: a set read back signs and verifies", async () => {
    const set = await createKeySet();
    const stored: BrokerKeySet = JSON.parse(JSON.stringify(set));
    expect(stored).toEqual(set);
    const token = await issueOne(stored);
    expect(await verifyCredential(token, set, plant)).toMatchObject({ ok: true });
  });

  it("publishes only public parts, each with kid, alg, crv and use: current, next, then retired", async () => {
    const set = await rotate(await createKeySet());
    const { keys } = publicJwks(set);
    expect(keys.map((k) => k.kid)).toEqual([set.current.kid, set.next.kid, set.retired[0].kid]);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    }
    expect(JSON.stringify(keys)).not.toContain(set.current.jwk.d);
  });
});

describe("rotation", () => {
  it("promotes next to current, generates a new next and keeps the old current as retired", async () => {
    const before = await createKeySet();
    const after = await rotate(before);
    expect(after.current).toEqual(before.next);
    expect([before.current.kid, before.next.kid]).not.toContain(after.next.kid);
    expect(after.retired).toEqual([before.current]);
    expect((await rotate(after)).retired.map((k) => k.kid)).toEqual([after.current.kid, before.current.kid]);
  });

  it("keeps tokens issued before the rotation valid, and signs new ones with the promoted key", async () => {
    const before = await createKeySet();
    const oldToken = await issueOne(before);
    const after = await rotate(before);
    expect(await verifyCredential(oldToken, after, plant)).toMatchObject({ ok: true });
    const newToken = await issueOne(after);
    expect(decodeProtectedHeader(newToken).kid).toBe(before.next.kid);
    // The next key was published in advance: a node that has not rotated yet accepts it too.
    expect(await verifyCredential(newToken, before, plant)).toMatchObject({ ok: true });
  });

  it("stops tokens of a retired key once it is removed", async () => {
    const before = await createKeySet();
    const oldToken = await issueOne(before);
    const after = retireKey(await rotate(before), before.current.kid);
    expect(after.retired).toEqual([]);
    expect(await verifyCredential(oldToken, after, plant)).toEqual({ ok: false, reasonCode: ReasonCode.BadUserNameOrPassword, reason: `token is signed with unknown key ${before.current.kid}` });
  });

  it("does not retire the current or the next key", async () => {
    const set = await createKeySet();
    expect(() => retireKey(set, set.current.kid)).toThrow(RangeError);
    expect(() => retireKey(set, set.next.kid)).toThrow(RangeError);
    expect(() => retireKey(set, "nope")).toThrow(RangeError);
  });
});
