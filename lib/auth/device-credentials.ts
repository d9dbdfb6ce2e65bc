// Device credentials (DESIGN §4): JWTs signed with EdDSA by a broker's current key, carrying the
// client ID (`sub`), the broker (`ns`, `broker`) and a topic ACL. The control plane issues them;
// the broker verifies them at CONNECT (credential-authenticator.ts). The token format and the
// reason codes are documented in lib/auth/README.md.
import { randomBytes, randomUUID } from "node:crypto";
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { ReasonCode } from "../broker/protocol/reason-codes.ts";
import { topicFilterError } from "../broker/protocol/topic.ts";
import { type TopicAcl, defaultAcl } from "./acl.ts";
import { type BrokerKeySet, keyById, signingKey, verificationKey } from "./broker-keys.ts";
import { MAX_CREDENTIALS_PER_REQUEST } from "./credential-limits.ts";

/**
 * Clock skew accepted on `exp`, for nodes whose clocks differ a little (DESIGN §1 scale-out). A
 * credential is valid until `exp` + this, and a connection using it is closed at that moment.
 */
export const CLOCK_TOLERANCE_SECONDS = 2;

export interface BrokerName {
  namespace: string;
  broker: string;
}

export interface CredentialClaims {
  /** The client ID the credential is bound to. */
  sub: string;
  /** Unique credential id: what revocation names. */
  jti: string;
  iat: number;
  exp?: number;
  ns: string;
  broker: string;
  acl: TopicAcl;
}

export interface IssueRequest extends BrokerName {
  /** How many credentials, 1..100 (default 1), each for a generated client ID. */
  number?: number;
  /** The client ID of a single credential; excludes `number` above 1. */
  clientId?: string;
  /** Lifetime in seconds from now; absent or null: the credential does not expire. */
  expiresInSeconds?: number | null;
  /** Each list defaults to ["#"]: every topic but $-topics. */
  acl?: Partial<TopicAcl>;
}

export type Verification = { ok: true; claims: CredentialClaims } | { ok: false; reasonCode: ReasonCode; reason: string };

/**
 * Issues credentials signed by the set's current key: client ID → token. Throws RangeError on an
 * invalid request (the API validates first; this guards every other caller).
 */
export async function issueCredentials(keySet: BrokerKeySet, request: IssueRequest): Promise<Record<string, string>> {
  const number = request.number ?? 1;
  if (!Number.isInteger(number) || number < 1 || number > MAX_CREDENTIALS_PER_REQUEST) {
    throw new RangeError(`number must be an integer from 1 to ${MAX_CREDENTIALS_PER_REQUEST}`);
  }
  if (request.clientId !== undefined) {
    if (number !== 1) throw new RangeError("clientId names one credential: it cannot be combined with number above 1");
    // [MQTT-1.5.4-2] no U+0000; [MQTT-1.5.4-1] at most 65,535 bytes
    if (request.clientId === "" || request.clientId.includes("\u0000") || Buffer.byteLength(request.clientId) > 65_535) {
      throw new RangeError("clientId must be a non-empty UTF-8 string without U+0000, at most 65,535 bytes");
    }
  }
  const expiresIn = request.expiresInSeconds ?? undefined;
  if (expiresIn !== undefined && (!Number.isInteger(expiresIn) || expiresIn < 1)) throw new RangeError("expiresInSeconds must be a positive integer");
  const acl: TopicAcl = { pub: aclFilters(request.acl?.pub ?? defaultAcl.pub, "pub"), sub: aclFilters(request.acl?.sub ?? defaultAcl.sub, "sub") };

  const key = keySet.current;
  const privateKey = await signingKey(key);
  const iat = Math.floor(Date.now() / 1000);
  const issued: Array<[string, string]> = [];
  for (let i = 0; i < number; i++) {
    const clientId = request.clientId ?? `${request.broker}-${randomBytes(8).toString("hex")}`;
    const jwt = new SignJWT({ ns: request.namespace, broker: request.broker, acl })
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: key.kid })
      .setSubject(clientId)
      .setJti(randomUUID())
      .setIssuedAt(iat);
    if (expiresIn !== undefined) jwt.setExpirationTime(iat + expiresIn);
    issued.push([clientId, await jwt.sign(privateKey)]);
  }
  // fromEntries: a client ID such as "__proto__" stays an ordinary key.
  return Object.fromEntries(issued);
}

function aclFilters(filters: string[], list: "pub" | "sub"): string[] {
  for (const filter of filters) {
    // An ACL entry is a plain filter; a shared subscription is judged by its inner filter.
    const error = filter.startsWith("$share/") ? "a shared subscription is not an ACL filter" : topicFilterError(filter, { maxTopicLength: 65_535, maxTopicLevels: Number.MAX_SAFE_INTEGER });
    if (error) throw new RangeError(`acl.${list}: ${JSON.stringify(filter)}: ${error}`);
  }
  return [...filters];
}

/**
 * Verifies a credential against `keySet` (the key named by its `kid`: current, next or retired)
 * and checks it was issued for `expected`. Refusals are 0x86 Bad User Name or Password; the
 * reason says why, for the log. Revocation is the caller's check (it needs the jti).
 */
export async function verifyCredential(token: string, keySet: BrokerKeySet, expected: BrokerName): Promise<Verification> {
  // 1. The key: a kid that is not one of this broker's keys was not signed by this broker.
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return refuse("password is not a JWT");
  }
  if (typeof kid !== "string") return refuse("token has no key id (kid)");
  const key = keyById(keySet, kid);
  if (!key) return refuse(`token is signed with unknown key ${kid}`);

  // 2. Signature and expiry. EdDSA only: no "none", no HMAC keyed with the public key.
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await verificationKey(key), { algorithms: ["EdDSA"], clockTolerance: CLOCK_TOLERANCE_SECONDS }));
  } catch (error) {
    return refuse(verifyFailure(error));
  }

  // 3. The claims: well-formed, and for this broker.
  const claims = credentialClaims(payload);
  if (!claims) return refuse("token claims are malformed");
  if (claims.ns !== expected.namespace || claims.broker !== expected.broker) return refuse(`token was issued for broker ${claims.ns}/${claims.broker}`);
  return { ok: true, claims };
}

function refuse(reason: string): Verification {
  return { ok: false, reasonCode: ReasonCode.BadUserNameOrPassword, reason };
}

function verifyFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return `token expired at ${new Date(Number(error.payload.exp) * 1000).toISOString()}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "token signature does not verify";
  if (error instanceof errors.JOSEAlgNotAllowed) return "token is not signed with EdDSA";
  if (error instanceof errors.JOSEError) return `token is not a valid JWT: ${error.message}`;
  throw error;
}

function credentialClaims(p: JWTPayload): CredentialClaims | null {
  const acl = p.acl as Partial<TopicAcl> | undefined;
  const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");
  if (!nonEmpty(p.sub) || !nonEmpty(p.jti) || typeof p.iat !== "number" || !nonEmpty(p.ns) || !nonEmpty(p.broker)) return null;
  if (typeof acl !== "object" || acl === null || !strings(acl.pub) || !strings(acl.sub)) return null;
  return { sub: p.sub, jti: p.jti, iat: p.iat, exp: p.exp, ns: p.ns, broker: p.broker, acl: { pub: acl.pub, sub: acl.sub } };
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}
