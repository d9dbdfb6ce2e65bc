// API token format, parsing, hash comparison, and the SLUICE_ADMIN_TOKEN comparison.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateApiToken, matchesAdminToken, parseApiToken, tokenMatches } from "./api-tokens.ts";

const validId = "AbCdEf012345";
const validSecret = "x".repeat(21) + "Y".repeat(21) + "9"; // 43 characters

describe("generateApiToken", () => {
  it("makes sluice_<12 base62>_<43 base62> tokens whose id is the clear part", () => {
    const { token, id } = generateApiToken();
    expect(token).toMatch(/^sluice_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
    expect(id).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(token.startsWith(`sluice_${id}_`)).toBe(true);
    expect(parseApiToken(token)).toEqual({ id });
  });

  it("stores the SHA-256 of the whole token in hex, not the token", () => {
    const { token, hash } = generateApiToken();
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hash).not.toContain(token.split("_")[2]);
  });

  it("draws ids and secrets at random over the whole base62 alphabet", () => {
    const tokens = Array.from({ length: 500 }, () => generateApiToken());
    expect(new Set(tokens.map((t) => t.id)).size).toBe(500);
    expect(new Set(tokens.map((t) => t.token.split("_")[2])).size).toBe(500);
    const seen = new Set(tokens.flatMap((t) => [...t.token.slice("sluice_".length).replace("_", "")]));
    expect(seen.size).toBe(62); // 27,500 draws: a missing character would mean a broken alphabet
  });
});

describe("parseApiToken", () => {
  it("returns the id of a well-formed token", () => {
    expect(parseApiToken(`sluice_${validId}_${validSecret}`)).toEqual({ id: validId });
  });

  it.each([
    ["empty", ""],
    ["only the prefix", "sluice_"],
    ["wrong prefix", `sluicy_${validId}_${validSecret}`],
    ["upper-case prefix", `SLUICE_${validId}_${validSecret}`],
    ["dash separators", `sluice-${validId}-${validSecret}`],
    ["no prefix", `${validId}_${validSecret}`],
    ["id one short", `sluice_${validId.slice(1)}_${validSecret}`],
    ["id one long", `sluice_${validId}Z_${validSecret}`],
    ["secret one short", `sluice_${validId}_${validSecret.slice(1)}`],
    ["secret one long", `sluice_${validId}_${validSecret}Z`],
    ["no secret", `sluice_${validId}`],
    ["empty secret", `sluice_${validId}_`],
    ["extra underscore inside the secret", `sluice_${validId}_${validSecret.slice(0, 20)}_${validSecret.slice(21)}`],
    ["extra underscore after the prefix", `sluice__${validId}_${validSecret}`],
    ["doubled separator", `sluice_${validId}__${validSecret.slice(1)}`],
    ["trailing underscore", `sluice_${validId}_${validSecret}_`],
    ["base64url character in the id", `sluice_${validId.slice(1)}-_${validSecret}`],
    ["base64 padding in the secret", `sluice_${validId}_${validSecret.slice(1)}=`],
    ["surrounding whitespace", ` sluice_${validId}_${validSecret} `],
    ["trailing newline", `sluice_${validId}_${validSecret}\n`],
    ["Bearer scheme left on", `Bearer sluice_${validId}_${validSecret}`],
  ])("rejects %s", (_name, token) => {
    expect(parseApiToken(token)).toBeNull();
  });
});

describe("tokenMatches", () => {
  it("matches the token its hash was made from, and no other", () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(tokenMatches(a.token, a.hash)).toBe(true);
    expect(tokenMatches(b.token, a.hash)).toBe(false);
    expect(tokenMatches(a.token, b.hash)).toBe(false);
  });

  it("rejects a token that differs in one character of the secret or the id", () => {
    const { token, hash } = generateApiToken();
    const flip = (i: number) => token.slice(0, i) + (token[i] === "a" ? "b" : "a") + token.slice(i + 1);
    expect(tokenMatches(flip(token.length - 1), hash)).toBe(false);
    expect(tokenMatches(flip("sluice_".length), hash)).toBe(false);
  });

  it("answers false, without throwing, for a malformed stored hash", () => {
    const { token, hash } = generateApiToken();
    for (const stored of ["", hash.slice(1), `${hash}0`, hash.toUpperCase(), `${hash.slice(2)}zz`, token]) {
      expect(tokenMatches(token, stored), stored).toBe(false);
    }
  });
});

describe("matchesAdminToken", () => {
  const configured = "a-long-bootstrap-admin-token-from-the-environment";

  it("matches the configured token exactly", () => {
    expect(matchesAdminToken(configured, configured)).toBe(true);
  });

  it("rejects tokens of other lengths without throwing", () => {
    expect(matchesAdminToken("x", configured)).toBe(false);
    expect(matchesAdminToken(configured.slice(0, -1), configured)).toBe(false); // a prefix
    expect(matchesAdminToken(`${configured}x`, configured)).toBe(false);
    expect(matchesAdminToken("x".repeat(10_000), configured)).toBe(false);
    expect(matchesAdminToken("", configured)).toBe(false);
  });

  it("rejects a same-length token that differs in one character", () => {
    expect(matchesAdminToken(`${configured.slice(0, -1)}X`, configured)).toBe(false);
  });

  it("matches nothing when no admin token is configured", () => {
    expect(matchesAdminToken("", "")).toBe(false);
    expect(matchesAdminToken("anything", undefined)).toBe(false);
    expect(matchesAdminToken(undefined, undefined)).toBe(false);
    expect(matchesAdminToken(undefined, configured)).toBe(false);
  });
});
