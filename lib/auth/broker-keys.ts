// Each broker's Ed25519 key set (DESIGN §4): the current key signs device credentials (and
// webhook requests), the next key is published ahead of its turn, retired keys only verify.
// The control plane stores the set as JSON (private JWKs); only `publicJwks` leaves the server.
import { randomBytes } from "node:crypto";
import { type CryptoKey, exportJWK, generateKeyPair, importJWK } from "jose";

/** One Ed25519 key pair as stored: the private JWK holds the public part (`x`) too. */
export interface StoredKey {
  kid: string;
  /** ISO 8601. */
  createdAt: string;
  jwk: { kty: "OKP"; crv: "Ed25519"; x: string; d: string };
}

/**
 * Lifecycle: a key is generated as `next`, becomes `current` at a rotation, moves to `retired`
 * at the rotation after that, and is dropped by `retireKey`. Every key in the set verifies.
 */
export interface BrokerKeySet {
  current: StoredKey;
  next: StoredKey;
  /** Newest first. */
  retired: StoredKey[];
}

/** A public key as published in the JWKS (RFC 7517, RFC 8037). */
export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: "EdDSA";
  use: "sig";
}

export async function generateKey(): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const { x, d } = await exportJWK(privateKey);
  return { kid: randomBytes(12).toString("base64url"), createdAt: new Date().toISOString(), jwk: { kty: "OKP", crv: "Ed25519", x: x!, d: d! } };
}

export async function createKeySet(): Promise<BrokerKeySet> {
  const [current, next] = await Promise.all([generateKey(), generateKey()]);
  return { current, next, retired: [] };
}

/** Next becomes current, a new next is generated, the old current keeps verifying as retired. */
export async function rotate(set: BrokerKeySet): Promise<BrokerKeySet> {
  return { current: set.next, next: await generateKey(), retired: [set.current, ...set.retired] };
}

/** Drops a retired key for good: credentials it signed stop verifying. */
export function retireKey(set: BrokerKeySet, kid: string): BrokerKeySet {
  if (kid === set.current.kid || kid === set.next.kid) throw new RangeError(`key ${kid} is in use (current or next); rotate first`);
  if (!set.retired.some((key) => key.kid === kid)) throw new RangeError(`no retired key ${kid}`);
  return { ...set, retired: set.retired.filter((key) => key.kid !== kid) };
}

/** The key with identifier `kid`, if the set still verifies with it. */
export function keyById(set: BrokerKeySet, kid: string): StoredKey | undefined {
  if (set.current.kid === kid) return set.current;
  if (set.next.kid === kid) return set.next;
  return set.retired.find((key) => key.kid === kid);
}

export function publicJwk(key: StoredKey): PublicJwk {
  return { kty: "OKP", crv: "Ed25519", x: key.jwk.x, kid: key.kid, alg: "EdDSA", use: "sig" };
}

/** The JWKS served at `GET /v1/namespaces/:ns/brokers/:b/publickeys`: current, next, retired. */
export function publicJwks(set: BrokerKeySet): { keys: PublicJwk[] } {
  return { keys: [set.current, set.next, ...set.retired].map(publicJwk) };
}

// Imported keys, per stored key object: importing is async WebCrypto work worth doing once.
const signingKeys = new WeakMap<StoredKey, Promise<CryptoKey>>();
const verificationKeys = new WeakMap<StoredKey, Promise<CryptoKey>>();

/** The private key of `key`, for signing. */
export function signingKey(key: StoredKey): Promise<CryptoKey> {
  let imported = signingKeys.get(key);
  if (!imported) {
    imported = importJWK(key.jwk, "EdDSA") as Promise<CryptoKey>;
    signingKeys.set(key, imported);
  }
  return imported;
}

/** The public key of `key`, for verifying. */
export function verificationKey(key: StoredKey): Promise<CryptoKey> {
  let imported = verificationKeys.get(key);
  if (!imported) {
    imported = importJWK(publicJwk(key), "EdDSA") as Promise<CryptoKey>;
    verificationKeys.set(key, imported);
  }
  return imported;
}
