// Password hashing (argon2id, PHC strings).
import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./passwords.ts";

describe("hashPassword / verifyPassword", () => {
  it("verifies the password it hashed and rejects others", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword(stored, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(stored, "Correct horse battery staple")).toBe(false);
    expect(await verifyPassword(stored, "")).toBe(false);
  });

  it("stores an argon2id PHC string with the chosen parameters", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(parseOptions(stored)).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1, saltLen: 16, outputLen: 32 });
  });

  it("salts every hash, so the same password hashes differently each time", async () => {
    const [a, b] = await Promise.all([hashPassword("same password!"), hashPassword("same password!")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "same password!")).toBe(true);
    expect(await verifyPassword(b, "same password!")).toBe(true);
  });

  it("treats composed and decomposed accents as the same password (NFKC)", async () => {
    const composed = "mot de passe d\u00e9j\u00e0 vu";
    const decomposed = "mot de passe de\u0301ja\u0300 vu";
    expect(composed).not.toBe(decomposed);
    expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
    expect(await verifyPassword(await hashPassword(decomposed), composed)).toBe(true);
  });

  it("answers false, without throwing, for malformed or foreign hashes", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const malformed = [
      "",
      "not a hash",
      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA", // no digest
      stored.replace("$argon2id$", "$argon2x$"),
      stored.slice(0, -10), // truncated digest
      "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", // bcrypt
    ];
    for (const hash of malformed) {
      await expect(verifyPassword(hash, "correct horse battery staple"), hash).resolves.toBe(false);
    }
  });
});
