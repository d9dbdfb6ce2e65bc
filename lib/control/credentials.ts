// Device credentials of each broker: its Ed25519 key set, issuing, revoking and rotating. The
// store is the record; the in-memory caches here are what CONNECT checks synchronously
// (CredentialSource), and a revocation also disconnects live clients at once (0x98).
import { decodeJwt } from "jose";
import { type AccessAnswer, checkAccess, type CredentialStatus } from "../auth/access-check.ts";
import type { TopicAcl } from "../auth/acl.ts";
import { type BrokerKeySet, createKeySet, publicJwks, retireKey, rotate } from "../auth/broker-keys.ts";
import type { CredentialSource } from "../auth/credential-authenticator.ts";
import { CLOCK_TOLERANCE_SECONDS, issueCredentials, type CredentialClaims } from "../auth/device-credentials.ts";
import type { BrokerHost } from "../broker/host.ts";
import type { Store } from "../store/index.ts";
import type { BrokerRecord } from "../store/repositories/brokers.ts";
import type { CredentialCheck, CredentialIssue } from "../validations/credentials.ts";
import { ControlError } from "./errors.ts";

const keyOf = (namespace: string, broker: string) => `${namespace}/${broker}`;
/** Credential uses kept between flushes; beyond it, uses of further credentials wait for the next interval. */
const maxPendingUses = 10_000;

export function credentialService(store: Store, host: BrokerHost) {
  const keySets = new Map<string, BrokerKeySet>();
  const revoked = new Map<string, Set<string>>();
  const brokerIds = new Map<string, string>();
  // Uses of credentials since the last flush, by broker id and jti: written behind, never on CONNECT's path.
  let uses = new Map<string, { brokerId: string; jti: string; connectedAt?: Date; failure?: string }>();

  const brokerOrThrow = async (namespace: string, name: string): Promise<BrokerRecord> => {
    const broker = await store.brokers.get(namespace, name);
    if (!broker) throw new ControlError("not_found", `no broker ${namespace}/${name}`);
    return broker;
  };
  const keySetOf = async (broker: BrokerRecord): Promise<BrokerKeySet> => {
    const key = keyOf(broker.namespace, broker.name);
    brokerIds.set(key, broker.id);
    let set = keySets.get(key);
    if (!set) {
      set = await createKeySet();
      await store.credentials.putKeySet(broker.id, set);
      keySets.set(key, set);
    }
    return set;
  };

  const source: CredentialSource = {
    keySetFor: (namespace, broker) => keySets.get(keyOf(namespace, broker)),
    isRevoked: (namespace, broker, jti) => revoked.get(keyOf(namespace, broker))?.has(jti) ?? false,
    recordUse(namespace, broker, jti, failure) {
      const brokerId = brokerIds.get(keyOf(namespace, broker));
      if (!brokerId || (uses.size >= maxPendingUses && !uses.has(`${brokerId}/${jti}`))) return;
      const use = uses.get(`${brokerId}/${jti}`) ?? { brokerId, jti };
      if (failure === null) use.connectedAt = new Date();
      else use.failure = failure;
      uses.set(`${brokerId}/${jti}`, use);
    },
  };

  return {
    source,

    /** Fills the caches from the store and gives every broker a key set (at start). */
    async load(): Promise<void> {
      const brokers = new Map((await store.brokers.list()).map((b) => [b.id, b]));
      for (const { brokerId, keySet } of await store.credentials.allKeySets()) {
        const b = brokers.get(brokerId);
        if (b) keySets.set(keyOf(b.namespace, b.name), keySet as BrokerKeySet);
      }
      for (const { brokerId, jti } of await store.credentials.allRevoked()) {
        const b = brokers.get(brokerId);
        if (!b) continue;
        const key = keyOf(b.namespace, b.name);
        if (!revoked.has(key)) revoked.set(key, new Set());
        revoked.get(key)!.add(jti);
      }
      for (const b of brokers.values()) await keySetOf(b);
    },

    /** Writes the credential uses recorded since the last call (the server calls it on a timer and at stop). */
    async flushUses(): Promise<void> {
      if (uses.size === 0) return;
      const batch = [...uses.values()];
      uses = new Map();
      await store.credentials.recordUses(batch);
    },

    /** A new broker gets its keys at once; a deleted one's are forgotten. */
    async brokerCreated(broker: BrokerRecord): Promise<void> {
      await keySetOf(broker);
    },
    brokerDeleted(namespace: string, name: string): void {
      brokerIds.delete(keyOf(namespace, name));
      keySets.delete(keyOf(namespace, name));
      revoked.delete(keyOf(namespace, name));
    },

    async issue(actor: string, namespace: string, name: string, request: CredentialIssue): Promise<Record<string, string>> {
      const broker = await brokerOrThrow(namespace, name);
      const expiresInSeconds = request.expiration === undefined ? broker.credentialExpiration : request.expiration;
      let tokens: Record<string, string>;
      try {
        tokens = await issueCredentials(await keySetOf(broker), { namespace, broker: name, number: request.number, clientId: request.clientId, expiresInSeconds, acl: request.acl });
      } catch (error) {
        if (error instanceof RangeError) throw new ControlError("invalid", error.message);
        throw error;
      }
      const rows = Object.values(tokens).map((token) => {
        const claims = decodeJwt(token) as unknown as CredentialClaims;
        return { brokerId: broker.id, jti: claims.jti, clientId: claims.sub, acl: claims.acl as TopicAcl, expiresAt: claims.exp === undefined ? null : new Date(claims.exp * 1000) };
      });
      await store.credentials.recordIssued(rows);
      await store.audit.append({ actor, action: "credential.issue", target: `${namespace}/${name}`, details: { jti: rows.map((r) => r.jti) } });
      return tokens;
    },

    /**
     * Signs a credential that is not recorded in the issued list: the console explorer's
     * short-lived sessions (explorer.ts), renewed every few minutes, would bury the devices'
     * credentials there. It verifies, and can be revoked by its jti, like any other.
     */
    async issueUnlisted(namespace: string, name: string, request: { clientId: string; expiresInSeconds: number; acl: TopicAcl }): Promise<{ token: string; claims: CredentialClaims }> {
      const broker = await brokerOrThrow(namespace, name);
      const tokens = await issueCredentials(await keySetOf(broker), { namespace, broker: name, ...request });
      const token = tokens[request.clientId]!;
      return { token, claims: decodeJwt(token) as unknown as CredentialClaims };
    },

    listIssued: async (namespace: string, name: string) => store.credentials.listIssued((await brokerOrThrow(namespace, name)).id),

    /** May credential `jti` publish to / subscribe to the topic, by which ACL rule, and can it connect at all? */
    async check(namespace: string, name: string, jti: string, { action, topic }: CredentialCheck): Promise<AccessAnswer> {
      const broker = await brokerOrThrow(namespace, name);
      const credential = await store.credentials.findIssued(broker.id, jti);
      if (!credential) throw new ControlError("not_found", `no credential ${jti} on broker ${namespace}/${name}`);
      // Expiry before revocation: CONNECT verifies the token (0x86) before it looks up revocations (0x87).
      const expired = credential.expiresAt !== null && Date.now() >= credential.expiresAt.getTime() + CLOCK_TOLERANCE_SECONDS * 1000;
      const status: CredentialStatus = expired ? "expired" : source.isRevoked(namespace, name, jti) ? "revoked" : "active";
      return checkAccess(credential.acl, status, action, topic);
    },

    /** Revokes at once: later CONNECTs are refused (0x87), live connections closed (0x98). */
    async revoke(actor: string, namespace: string, name: string, jtis: string[]): Promise<{ revoked: string[]; disconnected: number }> {
      const broker = await brokerOrThrow(namespace, name);
      await store.credentials.revoke(broker.id, jtis);
      const key = keyOf(namespace, name);
      if (!revoked.has(key)) revoked.set(key, new Set());
      let disconnected = 0;
      for (const jti of jtis) {
        revoked.get(key)!.add(jti);
        disconnected += host.disconnectCredential(namespace, name, jti);
      }
      await store.audit.append({ actor, action: "credential.revoke", target: key, details: { jti: jtis, disconnected } });
      return { revoked: jtis, disconnected };
    },

    async unrevoke(actor: string, namespace: string, name: string, jti: string): Promise<void> {
      const broker = await brokerOrThrow(namespace, name);
      if (!(await store.credentials.unrevoke(broker.id, jti))) throw new ControlError("not_found", `${jti} is not revoked`);
      revoked.get(keyOf(namespace, name))?.delete(jti);
      await store.audit.append({ actor, action: "credential.unrevoke", target: keyOf(namespace, name), details: { jti } });
    },

    listRevoked: async (namespace: string, name: string) => store.credentials.listRevoked((await brokerOrThrow(namespace, name)).id),

    publicKeys: async (namespace: string, name: string) => publicJwks(await keySetOf(await brokerOrThrow(namespace, name))),

    /** Removes a retired key for good: credentials it signed stop connecting (new CONNECTs get 0x86). */
    async retireKey(actor: string, namespace: string, name: string, kid: string) {
      const broker = await brokerOrThrow(namespace, name);
      let retired: BrokerKeySet;
      try {
        retired = retireKey(await keySetOf(broker), kid);
      } catch (error) {
        if (error instanceof RangeError) throw new ControlError(error.message.startsWith("no retired key") ? "not_found" : "conflict", error.message);
        throw error;
      }
      await store.credentials.putKeySet(broker.id, retired);
      keySets.set(keyOf(namespace, name), retired);
      await store.audit.append({ actor, action: "broker.retire-key", target: keyOf(namespace, name), details: { kid } });
      return publicJwks(retired);
    },

    /** Promotes the next key; tokens signed by the old one keep verifying (it is retired, not removed). */
    async rotateKeys(actor: string, namespace: string, name: string) {
      const broker = await brokerOrThrow(namespace, name);
      const rotated = await rotate(await keySetOf(broker));
      await store.credentials.putKeySet(broker.id, rotated);
      keySets.set(keyOf(namespace, name), rotated);
      await store.audit.append({ actor, action: "broker.rotate-keys", target: keyOf(namespace, name), details: { current: rotated.current.kid } });
      return publicJwks(rotated);
    },
  };
}

export type CredentialService = ReturnType<typeof credentialService>;
