// A subscriber inside the server (the HTTP on-ramp's event stream): a real MQTT 5 client over an
// in-memory connection, so broker rules — ACL, limits, slow-subscriber drops — apply to it as to
// any device. Its principal was authenticated by the caller. QoS 0 only: a stream that falls
// behind loses messages (counted as slow_subscriber) instead of growing a queue.
import { randomBytes } from "node:crypto";
import mqttPacket from "mqtt-packet";
import type { Principal } from "./auth.ts";
import type { BrokerHost } from "./host.ts";
import { ReasonCode } from "./protocol/reason-codes.ts";
import { memoryPair } from "./transport/memory.ts";

export interface DeliveredMessage {
  topic: string;
  payload: Buffer;
  retain: boolean;
  properties: mqttPacket.IPublishPacket["properties"];
}

export interface InProcessSubscriber {
  /** Stops reading (backpressure toward the broker) until resume(). */
  pause(): void;
  resume(): void;
  close(): void;
  /** Resolves when the connection has closed, from either side. */
  closed: Promise<void>;
}

/** Connects as `principal`, subscribes to `filter`; rejects with the refusal reason if refused. */
export function subscribeInProcess(host: BrokerHost, principal: Principal, filter: string, remoteAddress: string, onMessage: (message: DeliveredMessage) => void): Promise<InProcessSubscriber> {
  const [client, server] = memoryPair();
  host.handle(server, { transport: "internal", remoteAddress, principal });
  const parser = mqttPacket.parser({ protocolVersion: 5 });
  const send = (packet: mqttPacket.Packet) => client.write(mqttPacket.generate(packet, { protocolVersion: 5 }));
  const closed = new Promise<void>((resolve) => client.on("close", resolve));

  return new Promise((resolve, reject) => {
    parser.on("packet", (packet: mqttPacket.Packet) => {
      if (packet.cmd === "connack" && packet.reasonCode !== 0) reject(new Error(`connection refused (0x${packet.reasonCode?.toString(16)})`));
      else if (packet.cmd === "connack") send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: filter, qos: 0 }] });
      else if (packet.cmd === "suback") {
        const code = packet.granted[0] as number;
        if (code >= 0x80) {
          client.destroy();
          reject(new Error(code === ReasonCode.NotAuthorized ? `not authorized to subscribe to ${filter}` : `subscription refused (0x${code.toString(16)})`));
        } else resolve({ pause: () => client.pause(), resume: () => client.resume(), close: () => client.end(), closed });
      } else if (packet.cmd === "publish") {
        onMessage({ topic: packet.topic, payload: Buffer.from(packet.payload as Buffer), retain: packet.retain, properties: packet.properties });
      }
    });
    client.on("data", (chunk: Buffer) => parser.parse(chunk));
    client.on("error", () => client.destroy());
    void closed.then(() => reject(new Error("connection closed")));
    // Topic aliases off so each PUBLISH names its topic; no will, no session.
    send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clean: true, keepalive: 0, clientId: `http-stream-${randomBytes(6).toString("hex")}`, properties: { topicAliasMaximum: 0 } });
  });
}
