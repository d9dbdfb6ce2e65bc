// The explorer's own MQTT connection, from the browser over WebSocket with MQTT.js (MQTT 5). It
// asks the API for a short-lived device credential (the explorer session), connects with it,
// renews it a minute before it expires (a new credential means a new client ID: it reconnects),
// reconnects by itself after a drop with a growing delay, and keeps the page's subscriptions
// across all of that: adding or removing one never reconnects.
//
// Lifecycle (state):  connecting ─CONNACK→ connected ─drop→ reconnecting ─CONNACK→ connected
//                     any ─browser offline / session refused→ offline ─online / retry()→ connecting
//
// Each subscription carries its own MQTT 5 subscription identifier, so every message says which
// subscriptions it came through [MQTT-3.3.4-3], and Retain As Published, so the retained marker
// is the publisher's [MQTT-3.3.1-12]. Nothing here touches React or the page: it runs in the
// explorer's Web Worker (explorer-link.ts), and the page follows its snapshot from there.
import mqtt, { type IClientOptions, type IClientPublishOptions, type IPublishPacket, type MqttClient } from "mqtt";
import { ReasonCode } from "../broker/protocol/reason-codes.ts";
import type { ExplorerSession } from "./explorer-api.ts";
import type { QoS } from "./explorer-message.ts";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";


export interface SubscriptionSpec {
  /** Its MQTT 5 subscription identifier (1 … 268,435,455). */
  id: number;
  filter: string;
  qos: QoS;
}

export type SubscriptionStatus = { state: "pending" } | { state: "active"; grantedQos: QoS } | { state: "refused"; reason: string };

export interface ConnectionSnapshot {
  state: ConnectionState;
  /** What went wrong last, while it matters (cleared on the next CONNACK). */
  error?: string;
  /** Whether retrying is up to the person (a refused session): the page offers "Try again". */
  stuck: boolean;
  clientId?: string;
  expiresAt?: string;
  acl?: ExplorerSession["acl"];
  subscriptions: ReadonlyMap<number, SubscriptionStatus>;
}

/** A refusal of the session request that retrying will not change (signed out, not allowed). */
export class SessionRefused extends Error {}

export interface ConnectionOptions {
  /** Asks the API for a new session; throws SessionRefused when retrying is pointless. */
  getSession(): Promise<ExplorerSession>;
  /** Every PUBLISH received, on MQTT.js's own event: keep it cheap. */
  onMessage(packet: IPublishPacket): void;
  connect?: (url: string, options: IClientOptions) => MqttClient;
  /** How long before the credential expires it is renewed. */
  renewBeforeMs?: number;
  /** Delays between reconnect attempts; the last one repeats. */
  retryDelaysMs?: readonly number[];
}

const authFailures: ReadonlySet<number> = new Set([ReasonCode.BadUserNameOrPassword, ReasonCode.NotAuthorized, ReasonCode.BadAuthenticationMethod]);

export class ExplorerConnection {
  private snapshot: ConnectionSnapshot = { state: "connecting", stuck: false, subscriptions: new Map() };
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Map<number, SubscriptionSpec>();
  private client: MqttClient | undefined;
  private session: ExplorerSession | undefined;
  /** The credential was refused: the next attempt asks for a new one. */
  private sessionSpent = false;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private online = true;
  private readonly connect: NonNullable<ConnectionOptions["connect"]>;
  private readonly renewBeforeMs: number;
  private readonly retryDelaysMs: readonly number[];

  constructor(private readonly options: ConnectionOptions) {
    this.connect = options.connect ?? mqtt.connect;
    this.renewBeforeMs = options.renewBeforeMs ?? 60_000;
    this.retryDelaysMs = options.retryDelaysMs ?? [1_000, 2_000, 5_000, 10_000, 15_000];
  }

  getSnapshot = (): ConnectionSnapshot => this.snapshot;

  onChange = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.open("connecting");
  }

  /** Ends the connection for good (the page is left). */
  stop(): void {
    this.running = false;
    this.clearTimers();
    this.dropClient();
  }

  /** The browser went offline or back online. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (!this.running) return;
    this.clearTimers();
    if (online) void this.open("connecting");
    else {
      this.dropClient();
      this.update({ state: "offline", error: "The browser is offline: the explorer reconnects when it is back online." });
    }
  }

  /** After a refused session (stuck): ask again now. */
  retry(): void {
    if (!this.running || this.snapshot.state === "connected") return;
    this.clearTimers();
    this.sessionSpent = true;
    void this.open("connecting");
  }

  /**
   * Adds a subscription, or changes one's QoS (same id): subscribed at once when connected, on
   * every connect after. One per filter: the broker keeps one subscription per filter and
   * session [MQTT-3.8.4-3], so a second with the same filter would replace the first.
   */
  async subscribe(spec: SubscriptionSpec): Promise<void> {
    this.subscriptions.set(spec.id, spec);
    this.setStatus(spec.id, { state: "pending" });
    if (this.client?.connected) await this.sendSubscribe(this.client, spec);
  }

  async unsubscribe(id: number): Promise<void> {
    const spec = this.subscriptions.get(id);
    if (!spec) return;
    this.subscriptions.delete(id);
    const statuses = new Map(this.snapshot.subscriptions);
    statuses.delete(id);
    this.update({ subscriptions: statuses });
    if (this.client?.connected) await this.client.unsubscribeAsync(spec.filter);
  }

  /** Publishes with the session's credential; QoS 1 and 2 reject with the broker's refusal. */
  async publish(topic: string, payload: Uint8Array, options: IClientPublishOptions): Promise<void> {
    const client = this.client;
    if (!client?.connected) throw new Error("The explorer is not connected.");
    try {
      await client.publishAsync(topic, payload as Buffer, options);
    } catch (error) {
      throw new Error(`The broker refused the message: ${describeError(error)}`);
    }
  }

  /** Connects: with the session held unless it is spent or about to expire. */
  private async open(state: "connecting" | "reconnecting"): Promise<void> {
    this.update({ state, stuck: false });
    let session = this.session;
    if (!session || this.sessionSpent || Date.parse(session.expiresAt) - Date.now() < this.renewBeforeMs) {
      try {
        session = await this.options.getSession();
      } catch (error) {
        if (!this.running || !this.online) return;
        if (error instanceof SessionRefused) return this.update({ state: "offline", stuck: true, error: error.message });
        this.update({ error: `Could not get a credential for the explorer: ${describeError(error)}` });
        return this.retryLater();
      }
      if (!this.running || !this.online) return;
      this.session = session;
      this.sessionSpent = false;
      this.update({ clientId: session.clientId, expiresAt: session.expiresAt, acl: session.acl });
    }
    this.dropClient();
    const client = this.connect(session.websocketUrl, {
      protocolVersion: 5,
      clientId: session.clientId,
      username: session.username,
      password: session.password,
      clean: true,
      // This class reconnects and resubscribes itself: a renewed credential needs a new client ID.
      reconnectPeriod: 0,
      resubscribe: false,
      connectTimeout: 10_000,
      keepalive: 30,
    });
    this.client = client;
    const current = () => this.client === client;
    client.on("connect", () => {
      if (!current()) return;
      this.attempts = 0;
      this.update({ state: "connected", error: undefined });
      this.scheduleRenewal(session);
      for (const spec of this.subscriptions.values()) void this.sendSubscribe(client, spec);
    });
    client.on("message", (_topic, _payload, packet) => {
      if (current()) this.options.onMessage(packet);
    });
    client.on("error", (error: Error & { code?: number }) => {
      if (!current()) return;
      // A refused CONNECT: the credential expired or was revoked meanwhile.
      if (error.code !== undefined && authFailures.has(error.code)) this.sessionSpent = true;
      this.update({ error: `The broker refused the connection: ${describeError(error)}` });
    });
    client.on("disconnect", (packet) => {
      if (!current()) return;
      if (packet.reasonCode === ReasonCode.AdministrativeAction) this.sessionSpent = true; // revoked
      this.update({ error: `The broker disconnected the explorer: ${reasonName(packet.reasonCode ?? 0)}${packet.properties?.reasonString ? ` (${packet.properties.reasonString})` : ""}` });
    });
    client.on("close", () => {
      if (!current() || !this.running) return;
      this.client = undefined;
      client.end(true);
      this.clearRenewal();
      this.update({ state: "reconnecting", subscriptions: pendingAll(this.snapshot.subscriptions) });
      this.retryLater();
    });
  }

  private async sendSubscribe(client: MqttClient, spec: SubscriptionSpec): Promise<void> {
    let status: SubscriptionStatus;
    try {
      const [grant] = await client.subscribeAsync(spec.filter, { qos: spec.qos, rap: true, properties: { subscriptionIdentifier: spec.id } });
      const code = grant?.qos ?? ReasonCode.UnspecifiedError;
      status = code >= 0x80 ? { state: "refused", reason: reasonName(code) } : { state: "active", grantedQos: code as QoS };
    } catch (error) {
      if (client !== this.client) return; // the connection went meanwhile: resubscribed on the next
      // MQTT.js rejects a refused filter with the SUBACK attached.
      const code = (error as { packet?: { granted?: number[] } }).packet?.granted?.[0];
      status = { state: "refused", reason: code === undefined ? describeError(error) : reasonName(code) };
    }
    // Removed or changed meanwhile: the newer request's answer counts.
    if (this.subscriptions.get(spec.id) === spec) this.setStatus(spec.id, status);
  }

  private scheduleRenewal(session: ExplorerSession): void {
    this.clearRenewal();
    const due = Date.parse(session.expiresAt) - this.renewBeforeMs - Date.now();
    this.renewTimer = setTimeout(() => void this.renew(session), Math.max(due, 0));
  }

  /** A new credential before the old one expires; then the connection starts over with it. */
  private async renew(old: ExplorerSession): Promise<void> {
    let session: ExplorerSession;
    try {
      session = await this.options.getSession();
    } catch (error) {
      if (!this.running || this.session !== old) return;
      this.update({ error: `Could not renew the explorer's credential: ${describeError(error)}` });
      // Try again until it expires; after that the broker's refusal leads to a new session anyway.
      if (!(error instanceof SessionRefused) && Date.parse(old.expiresAt) > Date.now()) this.renewTimer = setTimeout(() => void this.renew(old), 5_000);
      return;
    }
    if (!this.running || this.session !== old) return;
    this.session = session;
    this.update({ clientId: session.clientId, expiresAt: session.expiresAt, acl: session.acl, subscriptions: pendingAll(this.snapshot.subscriptions) });
    await this.open("reconnecting");
  }

  private retryLater(): void {
    const delay = this.retryDelaysMs[Math.min(this.attempts, this.retryDelaysMs.length - 1)]!;
    this.attempts++;
    this.timer = setTimeout(() => void this.open("reconnecting"), delay);
  }

  private dropClient(): void {
    const client = this.client;
    this.client = undefined;
    client?.end(true);
  }

  private clearRenewal(): void {
    clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
  }

  private clearTimers(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.clearRenewal();
  }

  private setStatus(id: number, status: SubscriptionStatus): void {
    this.update({ subscriptions: new Map(this.snapshot.subscriptions).set(id, status) });
  }

  private update(change: Partial<ConnectionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

function pendingAll(statuses: ReadonlyMap<number, SubscriptionStatus>): Map<number, SubscriptionStatus> {
  return new Map([...statuses.keys()].map((id) => [id, { state: "pending" }]));
}

/** "Not authorized (0x87)", from the project's reason codes. */
export function reasonName(code: number): string {
  const name = Object.entries(ReasonCode).find(([key, value]) => value === code && !key.startsWith("Granted"))?.[0];
  const hex = `0x${code.toString(16).padStart(2, "0")}`;
  if (!name) return hex;
  const words = name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `${words[0]!.toUpperCase()}${words.slice(1)} (${hex})`;
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "number") return reasonName(code);
  return error instanceof Error ? error.message : String(error);
}
