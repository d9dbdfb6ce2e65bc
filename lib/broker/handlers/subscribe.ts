// SUBSCRIBE → SUBACK [MQTT-3.8, 3.9]: per filter validate → authorize → add or replace the
// subscription; after the SUBACK, send matching retained messages per retain handling.
import type mqttPacket from "mqtt-packet";
import type { Connection } from "../connection.ts";
import { BrokerError } from "../errors.ts";
import type { Message, QoS } from "../message.ts";
import { ReasonCode, SubackFailure311 } from "../protocol/reason-codes.ts";
import { parseSharedFilter, topicFilterError } from "../protocol/topic.ts";
import type { Subscription } from "../routing/subscription.ts";

export function handleSubscribe(conn: Connection, packet: mqttPacket.ISubscribePacket): void {
  const broker = conn.broker!;
  const session = conn.session!;
  const v5 = conn.version === 5;
  // [MQTT-3.8.3-2] at least one filter (mqtt-packet decodes an empty payload as no subscriptions)
  if (packet.subscriptions.length === 0) throw new BrokerError(ReasonCode.ProtocolError, "SUBSCRIBE without a topic filter");
  const subscriptionId = packet.properties?.subscriptionIdentifier;
  if (subscriptionId === 0) throw new BrokerError(ReasonCode.ProtocolError, "subscription identifier 0"); // [MQTT-3.8.2-?]
  const codes: number[] = [];
  const retainedToSend: Array<[Subscription, Message[]]> = [];

  for (const request of packet.subscriptions) {
    const filter = request.topic;
    const failure = (code: number) => codes.push(v5 ? code : SubackFailure311);
    const shared = parseSharedFilter(filter);
    if (topicFilterError(filter, broker.limits) !== null) {
      failure(ReasonCode.TopicFilterInvalid);
      continue;
    }
    // [MQTT-3.8.3-4] no-local on a shared subscription is a protocol error
    if (shared && request.nl) throw new BrokerError(ReasonCode.ProtocolError, "no-local on a shared subscription");
    if (!conn.principal!.authorizeSubscribe(filter)) {
      failure(ReasonCode.NotAuthorized);
      continue;
    }
    if (!session.subscriptions.has(filter) && session.subscriptions.size >= broker.limits.maxSubscriptionsPerClient) {
      failure(ReasonCode.QuotaExceeded);
      continue;
    }
    const { subscription, existed } = session.subscribe(filter, {
      qos: request.qos as QoS,
      noLocal: request.nl ?? false,
      retainAsPublished: request.rap ?? false,
      retainHandling: (request.rh ?? 0) as 0 | 1 | 2,
      subscriptionId,
    });
    codes.push(subscription.qos); // [MQTT-3.9.3-?] granted QoS
    // [MQTT-3.3.1-9] [MQTT-3.3.1-10] [MQTT-3.3.1-11] retain handling 0: always, 1: only new, 2: never;
    // shared subscriptions get no retained messages [MQTT-4.8.2-?].
    const sendRetained = !shared && (subscription.retainHandling === 0 || (subscription.retainHandling === 1 && !existed));
    if (sendRetained) retainedToSend.push([subscription, broker.retained.match(subscription.topicFilter)]);
  }

  conn.send({ cmd: "suback", messageId: packet.messageId, granted: codes }); // [MQTT-3.8.4-1]
  for (const [subscription, messages] of retainedToSend) {
    const ids = subscription.subscriptionId === undefined ? undefined : [subscription.subscriptionId];
    for (const message of messages) {
      // Retained messages go out with RETAIN set whatever retain-as-published says [MQTT-3.3.1-9].
      session.deliver(message, Math.min(message.qos, subscription.qos) as QoS, true, ids, undefined);
    }
  }
}
