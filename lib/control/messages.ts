// The HTTP on-ramp: publish into a broker as if from an MQTT client, and stream a filter's
// deliveries. Authorization (ACL or role) is the caller's; the broker rules apply here.
import type { Principal } from "../broker/auth.ts";
import type { BrokerHost } from "../broker/host.ts";
import { subscribeInProcess, type DeliveredMessage, type InProcessSubscriber } from "../broker/in-process-subscriber.ts";
import type { Message } from "../broker/message.ts";
import { topicFilterError, topicNameError } from "../broker/protocol/topic.ts";
import type { MessagePublish } from "../validations/messages.ts";
import { ControlError } from "./errors.ts";

export function messageService(host: BrokerHost) {
  const brokerOrThrow = (namespace: string, name: string) => {
    const broker = host.getBroker(namespace, name);
    if (!broker) throw new ControlError("not_found", `no broker ${namespace}/${name}`);
    return broker;
  };

  return {
    /**
     * Publishes through the broker's accepted-publish path, hook included, as a publisher allowed
     * `mayPublish`; resolves with how many sessions got it.
     */
    publish(namespace: string, name: string, publisherId: string, mayPublish: (topic: string) => boolean, input: MessagePublish): Promise<{ delivered: number }> {
      const broker = brokerOrThrow(namespace, name);
      const topicError = topicNameError(input.topic, broker.limits) ?? (input.topic.startsWith("$") ? "topics starting with $ are reserved for the server" : null);
      if (topicError) throw new ControlError("invalid", topicError, [{ path: "topic", message: topicError }]);
      const payload = Buffer.from(input.payload, input.encoding);
      if (input.retain && !broker.retained.hasRoomFor(input.topic)) throw new ControlError("conflict", "the broker holds its maximum of retained messages");
      const message: Message = {
        topic: input.topic,
        payload,
        qos: input.qos,
        retain: input.retain,
        properties: { contentType: input.contentType, userProperties: input.userProperties, payloadFormatIndicator: input.encoding === "utf8" ? true : undefined },
        publisherId,
        receivedAt: Date.now(),
      };
      return new Promise((resolve) => {
        const now = broker.acceptPublish(message, { mayPublish, settled: (result) => resolve({ delivered: result.delivered }) });
        if (now) resolve({ delivered: now.delivered });
      });
    },

    /** Subscribes in-process as `principal` (no client-ID binding: it must not take over a device's session). */
    async stream(namespace: string, name: string, filter: string, principal: Principal, remoteAddress: string, onMessage: (m: DeliveredMessage) => void): Promise<InProcessSubscriber> {
      const broker = brokerOrThrow(namespace, name);
      const filterError = topicFilterError(filter, broker.limits);
      if (filterError) throw new ControlError("invalid", filterError, [{ path: "filter", message: filterError }]);
      return subscribeInProcess(host, { ...principal, clientId: undefined }, filter, remoteAddress, onMessage);
    },
  };
}

export type MessageService = ReturnType<typeof messageService>;
