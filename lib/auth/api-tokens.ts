// API tokens for the CLI, scripts and the console's server side: random, shown once, stored as a
// SHA-256 hash under a clear lookup id, scoped (token-scopes.ts), revocable (api_tokens table).
// Also the comparison for the bootstrap SLUICE_ADMIN_TOKEN. The API's auth middleware is the caller.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// sluice_<id>_<secret>. Base62, not base64url: its alphabet has no "_" or "-", so the token splits
// unambiguously and survives a double-click selection. 12 id characters (~71 bits) make id
// collisions negligible; 43 secret characters carry 256 bits.
const prefix = "sluice_";
const idLength = 12;
const secretLength = 43;
const tokenFormat = new RegExp(`^${prefix}([0-9A-Za-z]{${idLength}})_[0-9A-Za-z]{${secretLength}}$`);
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export interface GeneratedApiToken {
  /** The whole token: returned to the creator once, never stored. */
  token: string;
  /** The lookup key, stored in clear (api_tokens.id) and safe to show in listings. */
  id: string;
  /** SHA-256 of the whole token, lowercase hex: what api_tokens.hash stores. */
  hash: string;
}

export function generateApiToken(): GeneratedApiToken {
  const id = randomBase62(idLength);
  const token = `${prefix}${id}_${randomBase62(secretLength)}`;
  return { token, id, hash: sha256(token).toString("hex") };
}

/** The id to look the token up by, or null when `token` is not in Sluice's format. */
export function parseApiToken(token: string): { id: string } | null {
  const match = tokenFormat.exec(token);
  return match ? { id: match[1] } : null;
}

// A fast, unsalted hash is right here, unlike for passwords: a token carries 256 random bits, so
// no dictionary or brute force reaches it however fast the hash, and each token is unique, so a
// salt would add nothing. argon2 would only cost CPU on every API request and hand an attacker a
// cheap way to load the server.
/** True when `token` is the one `storedHash` (from generateApiToken) was made from. */
export function tokenMatches(token: string, storedHash: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(storedHash)) return false; // Buffer.from(…, "hex") would silently truncate
  // Constant time so response timing says nothing about how much of the hash a guess got right.
  return timingSafeEqual(sha256(token), Buffer.from(storedHash, "hex"));
}

/**
 * Compares a presented bearer token with the configured SLUICE_ADMIN_TOKEN. Both sides are
 * hashed first: timingSafeEqual needs equal lengths, and checking lengths beforehand would leak
 * the configured token's length. No configured token (undefined or empty) matches nothing.
 */
export function matchesAdminToken(presented: string | undefined, configured: string | undefined): boolean {
  if (!configured || presented === undefined) return false;
  return timingSafeEqual(sha256(presented), sha256(configured));
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      // 248 = 4 × 62: bytes at or above it are skipped so that every character is equally likely.
      if (byte < 248 && out.length < length) out += base62[byte % 62];
    }
  }
  return out;
}
