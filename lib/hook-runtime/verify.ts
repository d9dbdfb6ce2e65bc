// Receiver side of the webhook contract (README.md here): checks that a request came from the
// broker. Self-contained on purpose — no Sluice imports, only WebCrypto and atob — so it can be
// copied into a Cloudflare Worker, Deno or any Node ≥ 20 service as it is.
//
//   const body = await req.text();   // the raw body, before any JSON parsing
//   if (!(await verifyWebhook({ headers: req.headers, body }, BROKER_PUBLIC_KEYS))) return new Response("forbidden", { status: 403 });
//
// BROKER_PUBLIC_KEYS is the JWKS from `GET /v1/namespaces/:ns/brokers/:b/publickeys` (the object or
// its JSON text). Node's `http.IncomingMessage#headers` works as `headers` too.

export const SIGNATURE_HEADER = "X-Signature-Ed25519";
export const TIMESTAMP_HEADER = "X-Signature-Timestamp";
export const KEY_ID_HEADER = "X-Signature-Key-Id";
export const DEFAULT_MAX_AGE_SECONDS = 300;

/** The parts of a public JWK this file reads; the broker publishes `{kty: "OKP", crv: "Ed25519", x, kid, alg, use}`. */
export interface WebhookPublicJwk {
  kty: string;
  crv?: string;
  x?: string;
  kid?: string;
}

/** A JWKS as served at `…/publickeys`, its JSON text, or its `keys` array. */
export type WebhookPublicKeys = { keys: WebhookPublicJwk[] } | WebhookPublicJwk[] | string;

/** Fetch `Headers`, or a plain object such as Node's `IncomingHttpHeaders`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface WebhookRequest {
  headers: WebhookHeaders;
  /** The raw request body, exactly as received. */
  body: string | Uint8Array;
}

export interface VerifyOptions {
  /** Largest accepted distance between the signature timestamp and now, either way. */
  maxAgeSeconds?: number;
  /** Milliseconds since the epoch; for tests. */
  now?: number;
}

export type WebhookVerificationFailure = "missing_header" | "bad_timestamp" | "stale" | "future" | "unknown_key" | "bad_signature";

export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookVerificationFailure,
    message: string,
  ) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

/** True when the request is signed by one of `publicKeys` within the time window; false otherwise. */
export async function verifyWebhook(request: WebhookRequest | Request, publicKeys: WebhookPublicKeys, options: VerifyOptions = {}): Promise<boolean> {
  try {
    await assertWebhook(request, publicKeys, options);
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false;
    throw error;
  }
}

/**
 * Like `verifyWebhook`, but throws a `WebhookVerificationError` saying why a request is refused.
 * A fetch `Request` is read through a clone, so its body stays readable for the handler.
 */
export async function assertWebhook(request: WebhookRequest | Request, publicKeys: WebhookPublicKeys, options: VerifyOptions = {}): Promise<void> {
  const { maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS, now = Date.now() } = options;
  const body = request instanceof Request ? new Uint8Array(await request.clone().arrayBuffer()) : request.body;
  const signature = header(request.headers, SIGNATURE_HEADER);
  const timestamp = header(request.headers, TIMESTAMP_HEADER);
  const kid = header(request.headers, KEY_ID_HEADER);
  if (signature === undefined || timestamp === undefined || kid === undefined) {
    throw new WebhookVerificationError("missing_header", `request lacks ${[SIGNATURE_HEADER, TIMESTAMP_HEADER, KEY_ID_HEADER].join(", ")}`);
  }

  // The window is checked before the signature: a replayed request must fail even though its
  // signature is genuine.
  if (!/^\d{1,15}$/.test(timestamp)) throw new WebhookVerificationError("bad_timestamp", `${TIMESTAMP_HEADER} is not a number of seconds: ${timestamp}`);
  const age = Math.floor(now / 1000) - Number(timestamp);
  if (age > maxAgeSeconds) throw new WebhookVerificationError("stale", `signature timestamp is ${age} s old (at most ${maxAgeSeconds} s accepted)`);
  if (-age > maxAgeSeconds) throw new WebhookVerificationError("future", `signature timestamp is ${-age} s in the future (at most ${maxAgeSeconds} s accepted)`);

  const jwk = keysOf(publicKeys).find((key) => key.kid === kid);
  // Only Ed25519 keys: a key of another type must not be coaxed into verifying.
  if (!jwk || jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") {
    throw new WebhookVerificationError("unknown_key", `no Ed25519 key ${kid} in the broker's public keys`);
  }
  const signatureBytes = decodeBase64(signature);
  if (!signatureBytes || signatureBytes.length !== 64) throw new WebhookVerificationError("bad_signature", `${SIGNATURE_HEADER} is not a base64 Ed25519 signature`);

  const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
  if (!(await crypto.subtle.verify({ name: "Ed25519" }, key, signatureBytes, signedBytes(timestamp, body)))) {
    throw new WebhookVerificationError("bad_signature", "signature does not match the body and timestamp");
  }
}

/** What the broker signs: the UTF-8 bytes of the timestamp header followed by the raw body. */
export function signedBytes(timestamp: string, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  if (typeof body === "string") return encoder.encode(timestamp + body);
  const prefix = encoder.encode(timestamp);
  const bytes = new Uint8Array(prefix.length + body.length);
  bytes.set(prefix);
  bytes.set(body, prefix.length);
  return bytes;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === lower)?.[1];
  return Array.isArray(entry) ? entry[0] : entry;
}

function keysOf(publicKeys: WebhookPublicKeys): WebhookPublicJwk[] {
  const parsed: unknown = typeof publicKeys === "string" ? JSON.parse(publicKeys) : publicKeys;
  const keys = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new TypeError("public keys must be a JWKS ({keys: [...]}), its JSON text or its keys array");
  return keys as WebhookPublicJwk[];
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
