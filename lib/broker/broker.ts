// One broker instance (`namespace/broker`): an isolated world of sessions, subscriptions,
// retained messages, limits and counters. All instances share the host's listeners.
// Runs on the single event-loop thread; nothing here awaits I/O (persistence writes behind).
// An on-publish hook (hook-pipeline.ts) is the one step that makes a publish wait.
import type { Logger } from "../logger.ts";
import type { Connection } from "./connection.ts";
import { HookPipeline, type PublishOrigin, type PublishResult } from "./hook-pipeline.ts";
import { TapLog } from "./hook-tap.ts";
import type { BrokerLimits } from "./limits.ts";
import type { Message } from "./message.ts";
import { RecentMessages } from "./recent-messages.ts";
import { RetainedStore } from "./retained/retained-store.ts";
import { Router } from "./routing/router.ts";
import { Session, type Will } from "./session/session.ts";
import { BrokerStats } from "./stats.ts";
import { TopicIndex } from "./topic-index.ts";

export interface BrokerIdentity {
  id: string;
  namespace: string;
  name: string;
}

export class BrokerInstance {
  readonly stats = new BrokerStats();
  readonly router = new Router();
  readonly retained: RetainedStore;
  readonly sessions = new Map<string, Session>();
  readonly connections = new Set<Connection>();
  /** The on-publish hook's batches, in publication order; idle while the broker has no hook. */
  readonly hooks = new HookPipeline(this);
  /** For the console's explorer: every topic delivered, the last messages, and test publishes followed through the hook. */
  readonly topicIndex = new TopicIndex();
  readonly recentMessages = new RecentMessages();
  readonly taps = new TapLog();
  /** Sessions changed since the last persistence flush, and ended ones to delete. */
  private dirtySessions = new Set<Session>();
  private endedSessions = new Set<string>();

  constructor(
    readonly identity: BrokerIdentity,
    public limits: BrokerLimits,
    readonly log: Logger,
  ) {
    this.retained = new RetainedStore(() => this.limits.maxRetainedMessages);
  }

  get key(): string {
    return `${this.identity.namespace}/${this.identity.name}`;
  }

  /**
   * The accepted-publish path (STYLE rule 2): the message has been parsed, validated and
   * authorized. Steps: hook (when the broker has one for this topic) → retain → route.
   * Returns the result at once, or undefined when it waits behind the hook: `origin.settled`
   * then reports it.
   */
  acceptPublish(message: Message, origin?: PublishOrigin): PublishResult | undefined {
    this.stats.messagesReceived++;
    // An explorer test publish (user property `sluice-tap`) is followed to its delivery; a
    // message without user properties costs this one check.
    const tap = message.properties.userProperties === undefined ? undefined : this.taps.open(message);
    if (!this.hooks.wants(message.topic)) {
      const result = this.deliver(message);
      if (tap) tap.passedThrough(message, result);
      return result;
    }
    const refused = this.hooks.submit(message, origin, tap);
    if (refused?.dropped) {
      this.stats.drop(refused.dropped);
      tap?.finish(refused, null, false);
    }
    return refused;
  }

  /** Retain → route: the last steps of an accepted publish, after the hook if any. */
  deliver(message: Message): PublishResult {
    if (message.retain) {
      // A hook may have moved the message to a topic with no retained slot left.
      if (message.payload.length > 0 && !this.retained.hasRoomFor(message.topic)) {
        this.stats.drop("retained_limit");
        return { delivered: 0, dropped: "retained_limit" };
      }
      // Retain first, so a subscriber joining during routing sees the new value [MQTT-3.3.1-5].
      this.retained.set(message);
    }
    // The explorer shows what subscribers get: after the hook, whether or not anyone subscribes.
    this.topicIndex.record(message, this.limits.maxIndexedTopics);
    this.recentMessages.record(message, this.limits);
    const delivered = this.router.route(message);
    if (delivered > 0) return { delivered };
    this.stats.drop("no_subscribers");
    return { delivered: 0, dropped: "no_subscribers" };
  }

  /** Publishes a session's will message [MQTT-3.1.2-8], if its publisher may still publish there. */
  publishWill(session: Session, will: Will): void {
    const { message } = will;
    this.log.debug({ clientId: session.clientId, topic: message.topic }, "publishing will message");
    const now = Date.now();
    const expiresAt = will.expirySeconds === undefined ? undefined : now + will.expirySeconds * 1000;
    // The publisher's ACL for a hook's topic rewrite: a will restored after a restart has none,
    // so it may only keep its own topic.
    const mayPublish = will.mayPublish ?? ((topic: string) => topic === message.topic);
    this.acceptPublish({ ...message, receivedAt: now, expiresAt }, { mayPublish });
  }

  /** Publishes a retained $SYS message: not counted as client traffic, not persisted. */
  publishSystem(topic: string, value: string): void {
    const message: Message = { topic, payload: Buffer.from(value), qos: 0, retain: true, properties: {}, publisherId: "", receivedAt: Date.now() };
    this.retained.set(message);
    this.topicIndex.record(message, this.limits.maxIndexedTopics);
    this.router.route(message);
  }

  sessionFor(clientId: string): Session | undefined {
    return this.sessions.get(clientId);
  }

  createSession(clientId: string): Session {
    const session = new Session(this, clientId);
    this.sessions.set(clientId, session);
    this.endedSessions.delete(clientId);
    return session;
  }

  /** Called by Session.end(). */
  forgetSession(session: Session): void {
    if (this.sessions.get(session.clientId) !== session) return;
    this.sessions.delete(session.clientId);
    this.dirtySessions.delete(session);
    this.endedSessions.add(session.clientId);
  }

  markSessionDirty(session: Session): void {
    if (session.persistent) this.dirtySessions.add(session);
  }

  /** Puts back ended sessions whose deletion failed to persist. */
  requeueEndedSessions(clientIds: string[]): void {
    for (const id of clientIds) if (!this.sessions.has(id)) this.endedSessions.add(id);
  }

  /** Hands persistence the sessions to write and the client ids to delete since the last call. */
  takeSessionChanges(): { dirty: Session[]; ended: string[] } {
    const dirty = [...this.dirtySessions];
    const ended = [...this.endedSessions];
    this.dirtySessions = new Set();
    this.endedSessions = new Set();
    return { dirty, ended };
  }
}
