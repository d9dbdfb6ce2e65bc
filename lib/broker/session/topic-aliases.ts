// Topic aliases [MQTT-3.3.2.3.4], one map per direction and per connection (they do not
// survive a reconnect [MQTT-3.3.2-7]). The maps are made on first use: most connections never
// use aliases, and every idle connection's bytes count (docs/benchmarks.md).
import { BrokerError } from "../errors.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";

/** Aliases the client set on its PUBLISHes, bounded by the Topic Alias Maximum we announced. */
export class InboundTopicAliases {
  private topics: Map<number, string> | undefined;
  constructor(private readonly maximum: number) {}

  /** Resolves a PUBLISH's topic from its topic and alias, recording new mappings. */
  resolve(topic: string, alias: number | undefined): string {
    if (alias === undefined) {
      // §3.3.2.1: a zero-length topic name without a topic alias is a protocol error, not 0x90
      if (topic.length === 0) throw new BrokerError(ReasonCode.ProtocolError, "empty topic name without a topic alias");
      return topic;
    }
    // [MQTT-3.3.2-8] [MQTT-3.3.2-9] alias 0 or above our maximum is a protocol error (0x94)
    if (alias === 0 || alias > this.maximum) throw new BrokerError(ReasonCode.TopicAliasInvalid, `topic alias ${alias} outside 1..${this.maximum}`);
    if (topic.length > 0) {
      (this.topics ??= new Map()).set(alias, topic);
      return topic;
    }
    const known = this.topics?.get(alias);
    if (known === undefined) throw new BrokerError(ReasonCode.ProtocolError, `topic alias ${alias} has no topic yet`); // §3.3.2.3.4
    return known;
  }
}

/**
 * Aliases the server assigns on PUBLISHes to a client that allows them (its Topic Alias
 * Maximum). First come, first served; when full, further topics are sent without an alias.
 */
export class OutboundTopicAliases {
  private aliases: Map<string, number> | undefined;
  /** Aliases withdrawn by `forget`, to hand out again. */
  private free: number[] | undefined;
  private next = 1;
  constructor(private readonly maximum: number) {}

  get enabled(): boolean {
    return this.maximum > 0;
  }

  /** Returns the alias and whether the topic must still be sent (first use). */
  lookup(topic: string): { alias: number; sendTopic: boolean } | undefined {
    const existing = this.aliases?.get(topic);
    if (existing !== undefined) return { alias: existing, sendTopic: false };
    // [MQTT-3.3.2-10] never above the client's maximum
    const alias = this.free?.pop() ?? (this.next <= this.maximum ? this.next++ : undefined);
    if (alias === undefined) return undefined;
    (this.aliases ??= new Map()).set(topic, alias);
    return { alias, sendTopic: true };
  }

  /** Withdraws an alias whose first PUBLISH was never sent, so the client never learnt it. */
  forget(topic: string): void {
    const alias = this.aliases?.get(topic);
    if (alias === undefined) return;
    this.aliases!.delete(topic);
    (this.free ??= []).push(alias);
  }
}
