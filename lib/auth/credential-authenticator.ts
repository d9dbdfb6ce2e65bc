// The broker's Authenticator for device credentials: the MQTT password is a JWT naming its
// broker; it is verified with that broker's keys, checked against revocations, and becomes a
// Principal whose ACL the PUBLISH and SUBSCRIBE handlers consult. Lookups are synchronous, from
// caches the server keeps (the control plane fills them from the store).
import { decodeJwt } from "jose";
import type { Authenticator, AuthResult, ConnectCredentials, Principal } from "../broker/auth.ts";
import { ReasonCode } from "../broker/protocol/reason-codes.ts";
import { aclAllowsPublish, aclAllowsSubscribe } from "./acl.ts";
import type { BrokerKeySet } from "./broker-keys.ts";
import { CLOCK_TOLERANCE_SECONDS, verifyCredential } from "./device-credentials.ts";

export interface CredentialSource {
  /** The broker's key set, or undefined when there is no such broker. */
  keySetFor(namespace: string, broker: string): BrokerKeySet | undefined;
  isRevoked(namespace: string, broker: string, jti: string): boolean;
  /** Told each use of a genuine credential: null when it was accepted, else why it was refused. */
  recordUse?(namespace: string, broker: string, jti: string, failure: string | null): void;
}

export class CredentialAuthenticator implements Authenticator {
  /**
   * @param anonymous serves CONNECTs without a password (`--allow-anonymous`); without it they
   * are refused. A CONNECT with a password never falls back to it.
   */
  constructor(
    private readonly source: CredentialSource,
    private readonly anonymous?: Authenticator,
  ) {}

  async authenticate(credentials: ConnectCredentials): Promise<AuthResult> {
    if (!credentials.password || credentials.password.length === 0) {
      return this.anonymous ? this.anonymous.authenticate(credentials) : refuse(ReasonCode.BadUserNameOrPassword, "no password (device credential) given");
    }
    const token = credentials.password.toString("utf8");

    // 1. The broker the token names. Unverified here: it only picks the keys to verify with, so a
    //    token signed by another broker's key fails the signature check.
    let claimed: { ns?: unknown; broker?: unknown };
    try {
      claimed = decodeJwt(token);
    } catch {
      return refuse(ReasonCode.BadUserNameOrPassword, "password is not a JWT");
    }
    if (typeof claimed.ns !== "string" || typeof claimed.broker !== "string") return refuse(ReasonCode.BadUserNameOrPassword, "token names no broker");
    const expected = { namespace: claimed.ns, broker: claimed.broker };
    const keySet = this.source.keySetFor(expected.namespace, expected.broker);
    if (!keySet) return refuse(ReasonCode.BadUserNameOrPassword, `token names unknown broker ${expected.namespace}/${expected.broker}`);

    // 2. Signature, expiry, claims.
    const verified = await verifyCredential(token, keySet, expected);
    if (!verified.ok) return verified;
    const claims = verified.claims;

    // 3. A connection that names its broker (WebSocket path, TLS SNI) takes only that broker's tokens.
    const hint = credentials.brokerHint;
    if (hint && (hint.namespace !== claims.ns || hint.broker !== claims.broker)) {
      return this.refuseUse(claims, ReasonCode.BadUserNameOrPassword, `token was issued for broker ${claims.ns}/${claims.broker}, the connection is for ${hint.namespace}/${hint.broker}`);
    }
    // [DESIGN §4] the client ID must be the credential's subject (an empty one is assigned it).
    if (credentials.clientId !== "" && credentials.clientId !== claims.sub) {
      return this.refuseUse(claims, ReasonCode.ClientIdentifierNotValid, `client id ${credentials.clientId} does not match the credential's ${claims.sub}`);
    }

    // 4. Revocation, after the last await: from here until the CONNECT handler registers the
    //    connection only microtasks run, so a revocation made by another task (cache entry,
    //    then BrokerHost.disconnectCredential) is seen here or finds the connection registered.
    if (this.source.isRevoked(claims.ns, claims.broker, claims.jti)) return this.refuseUse(claims, ReasonCode.NotAuthorized, `credential ${claims.jti} is revoked`);
    this.source.recordUse?.(claims.ns, claims.broker, claims.jti, null);

    const acl = claims.acl;
    const principal: Principal = {
      namespace: claims.ns,
      broker: claims.broker,
      clientId: claims.sub,
      credentialId: claims.jti,
      expiresAt: claims.exp === undefined ? undefined : (claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000,
      authorizePublish: (topic) => aclAllowsPublish(acl, topic),
      authorizeSubscribe: (filter) => aclAllowsSubscribe(acl, filter),
    };
    return { ok: true, principal };
  }

  private refuseUse(claims: { ns: string; broker: string; jti: string }, reasonCode: ReasonCode, reason: string): AuthResult {
    this.source.recordUse?.(claims.ns, claims.broker, claims.jti, reason);
    return refuse(reasonCode, reason);
  }
}

function refuse(reasonCode: ReasonCode, reason: string): AuthResult {
  return { ok: false, reasonCode, reason };
}
