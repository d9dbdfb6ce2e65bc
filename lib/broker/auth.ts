// Authentication and authorization seams. Handlers call these interfaces only, so device
// credentials (signed tokens with topic ACLs) plug in without touching the packet path.
import { ReasonCode } from "./protocol/reason-codes.ts";

/** What a CONNECT tells the authenticator, with where the connection came from. */
export interface ConnectCredentials {
  clientId: string;
  username?: string;
  password?: Buffer;
  protocolVersion: number;
  transport: string;
  remoteAddress: string;
  /** Broker named by the connection itself (TLS SNI or WebSocket path), if any. */
  brokerHint?: { namespace: string; broker: string };
}

/** An authenticated client: which broker it belongs to and what it may do there. */
export interface Principal {
  namespace: string;
  broker: string;
  /** When set, the client ID the credential is bound to (CONNECT must match or be empty). */
  clientId?: string;
  /** Credential identifier, for logs and revocation. */
  credentialId?: string;
  /** Epoch ms after which the connection must not live on. */
  expiresAt?: number;
  /** [DESIGN §4] checked on every PUBLISH before any hook runs. */
  authorizePublish(topic: string): boolean;
  /** Checked per filter on SUBSCRIBE. */
  authorizeSubscribe(filter: string): boolean;
}

export type AuthResult = { ok: true; principal: Principal } | { ok: false; reasonCode: number; reason: string };

export interface Authenticator {
  /** May await I/O; the connection holds its later packets until this settles. */
  authenticate(credentials: ConnectCredentials): Promise<AuthResult>;
}

const allowAll = () => true;

/**
 * `--allow-anonymous`: every client may use the broker its connection names, else
 * `default/default`, with no topic restrictions. Without the flag, nobody gets in.
 */
export class AnonymousAuthenticator implements Authenticator {
  constructor(private readonly allowAnonymous: boolean) {}

  async authenticate(credentials: ConnectCredentials): Promise<AuthResult> {
    if (!this.allowAnonymous) {
      return { ok: false, reasonCode: ReasonCode.NotAuthorized, reason: "anonymous access is off and no credential was accepted" };
    }
    const hint = credentials.brokerHint;
    return {
      ok: true,
      principal: {
        namespace: hint?.namespace ?? "default",
        broker: hint?.broker ?? "default",
        authorizePublish: allowAll,
        authorizeSubscribe: allowAll,
      },
    };
  }
}
