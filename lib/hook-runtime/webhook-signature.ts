// Signs a webhook request body with the broker's current Ed25519 key (DESIGN §5, the Cloudflare
// Pub/Sub contract); receivers check it with verify.ts against the broker's `…/publickeys`.
import { type BrokerKeySet, signingKey } from "../auth/broker-keys.ts";
import { KEY_ID_HEADER, SIGNATURE_HEADER, signedBytes, TIMESTAMP_HEADER } from "./verify.ts";

export type WebhookSignatureHeaders = Record<typeof SIGNATURE_HEADER | typeof TIMESTAMP_HEADER | typeof KEY_ID_HEADER, string>;

/**
 * The three signature headers for `body`: `X-Signature-Timestamp` is `now` in whole seconds,
 * `X-Signature-Ed25519` the base64 Ed25519 signature of `timestamp + body` (UTF-8),
 * `X-Signature-Key-Id` the current key's kid. Send `body` byte for byte as signed.
 */
export async function signRequest(keySet: BrokerKeySet, body: string, now: number = Date.now()): Promise<WebhookSignatureHeaders> {
  const timestamp = String(Math.floor(now / 1000));
  const signature = await crypto.subtle.sign({ name: "Ed25519" }, await signingKey(keySet.current), signedBytes(timestamp, body));
  return {
    [SIGNATURE_HEADER]: Buffer.from(signature).toString("base64"),
    [TIMESTAMP_HEADER]: timestamp,
    [KEY_ID_HEADER]: keySet.current.kid,
  };
}
