// PUBLISH from a client [MQTT-3.3]. "Is this publish allowed?" (alias, validation, QoS 2
// duplicate, authorization, quotas) is decided here; "what happens to an accepted publish"
// is BrokerInstance.acceptPublish (hook → retain → route). Then the ack, once that is decided.
import type { Connection } from "../connection.ts";
import { BrokerError } from "../errors.ts";
import type { PublishResult } from "../hook-pipeline.ts";
import type { Message, MessageProperties } from "../message.ts";
import type { PublishPacket } from "../protocol/publish-codec.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { topicNameError } from "../protocol/topic.ts";
import { isSysTopic } from "../sys-topics.ts";

export function handlePublish(conn: Connection, packet: PublishPacket): void {
  const broker = conn.broker!;
  const session = conn.session!;
  const props = packet.properties;
  conn.messagesIn++;

  // 1. Topic: resolve the alias [MQTT-3.3.2-12], then validate the name [MQTT-3.3.2-2].
  const topic = conn.inboundAliases.resolve(packet.topic, props.topicAlias);
  if (props.subscriptionIdentifiers) throw new BrokerError(ReasonCode.ProtocolError, "subscription identifier in a client PUBLISH"); // [MQTT-3.3.4-6]
  const topicError = topicNameError(topic, broker.limits);
  if (topicError) throw new BrokerError(ReasonCode.TopicNameInvalid, topicError);

  // 2. A QoS 2 retransmission of a message already delivered is acknowledged, not delivered again.
  if (packet.qos === 2) {
    if (session.incomingQos2.has(packet.packetId)) {
      conn.send({ cmd: "pubrec", messageId: packet.packetId });
      return;
    }
    // [MQTT-3.3.4-7] more unacknowledged QoS 2 PUBLISHes than our Receive Maximum
    if (session.incomingQos2.size >= broker.limits.receiveMaximum) throw new BrokerError(ReasonCode.ReceiveMaximumExceeded, "receive maximum exceeded");
  }

  // 3. Authorize before anything else sees the message (DESIGN §4), then quotas.
  let refusal = 0;
  if (isSysTopic(topic) || !conn.principal!.authorizePublish(topic)) {
    refusal = ReasonCode.NotAuthorized;
    broker.stats.drop("not_authorized");
  } else if (packet.retain && packet.payload.length > 0 && !broker.retained.hasRoomFor(topic)) {
    refusal = ReasonCode.QuotaExceeded;
    broker.stats.drop("retained_limit");
  }
  if (refusal !== 0) {
    conn.log.debug({ topic, reasonCode: refusal }, "publish refused");
    acknowledge(conn, packet, refusal);
    return;
  }

  // 4. The accepted path.
  const now = Date.now();
  const message: Message = {
    topic,
    payload: packet.payload,
    qos: packet.qos,
    retain: packet.retain,
    properties: forwardedProperties(props),
    expiresAt: props.messageExpiryInterval === undefined ? undefined : now + props.messageExpiryInterval * 1000,
    publisherId: conn.clientId,
    receivedAt: now,
  };
  // 5. QoS 2 remembers the packet id until PUBREL [MQTT-4.3.3-?], from now on: a retransmission
  //    while a hook decides must not be delivered twice.
  if (packet.qos === 2) {
    session.incomingQos2.add(packet.packetId);
    broker.markSessionDirty(session);
  }
  const principal = conn.principal!;
  const origin = {
    mayPublish: (t: string) => principal.authorizePublish(t),
    settled: packet.qos === 0 ? undefined : (result: PublishResult) => acknowledge(conn, packet, ackReason(result)),
  };
  const result = broker.acceptPublish(message, origin);

  // 6. Acknowledge now, or when the hook has decided (origin.settled).
  if (result) acknowledge(conn, packet, ackReason(result));
}

/** The PUBACK/PUBREC reason for what became of an accepted publish. */
function ackReason(result: PublishResult): number {
  switch (result.dropped) {
    case undefined:
      return ReasonCode.Success;
    case "no_subscribers":
      return ReasonCode.NoMatchingSubscribers;
    case "hook_error":
      return ReasonCode.ImplementationSpecificError;
    case "hook_backlog":
    case "retained_limit":
      return ReasonCode.QuotaExceeded;
    case "not_authorized":
      return ReasonCode.NotAuthorized;
    default:
      // Left out by the hook: the publish was handled as the broker's owner wants.
      return ReasonCode.Success;
  }
}

/**
 * PUBACK/PUBREC with a reason code (MQTT 5). MQTT 3.1.1 has no negative ack, so a refused
 * QoS 1/2 publish is acknowledged and dropped there [MQTT-3.3.5-2].
 */
function acknowledge(conn: Connection, packet: PublishPacket, reasonCode: number): void {
  if (packet.qos === 0 || conn.state === "closed") return;
  const cmd = packet.qos === 1 ? "puback" : "pubrec";
  if (conn.version === 5) conn.send({ cmd, messageId: packet.packetId, reasonCode });
  else conn.send({ cmd, messageId: packet.packetId });
}

/** The properties forwarded to subscribers unchanged, user properties in order [MQTT-3.3.2-18]. */
function forwardedProperties(p: MessageProperties): MessageProperties {
  if (p.payloadFormatIndicator === undefined && p.contentType === undefined && p.responseTopic === undefined && p.correlationData === undefined && p.userProperties === undefined) {
    return NO_PROPERTIES;
  }
  return {
    payloadFormatIndicator: p.payloadFormatIndicator,
    contentType: p.contentType,
    responseTopic: p.responseTopic,
    correlationData: p.correlationData,
    userProperties: p.userProperties,
  };
}

const NO_PROPERTIES: MessageProperties = Object.freeze({});
