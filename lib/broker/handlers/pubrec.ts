// PUBREC from a client: second step of a QoS 2 delivery; we answer PUBREL [MQTT-4.3.3-?].
import type mqttPacket from "mqtt-packet";
import type { Connection } from "../connection.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";

export function handlePubrec(conn: Connection, packet: mqttPacket.IPubrecPacket): void {
  const packetId = packet.messageId!;
  const outcome = conn.session!.received(packetId, packet.reasonCode ?? 0);
  if (outcome === "pubrel") conn.sendPubrel(packetId);
  else if (outcome === "unknown") {
    // [MQTT-3.6.2-?] PUBREL reason 0x92: we hold no such QoS 2 delivery
    conn.send(conn.version === 5 ? { cmd: "pubrel", messageId: packetId, reasonCode: ReasonCode.PacketIdentifierNotFound } : { cmd: "pubrel", messageId: packetId });
  }
}
