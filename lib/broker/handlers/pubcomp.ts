// PUBCOMP from a client: ends a QoS 2 delivery [MQTT-4.3.3-?].
import type mqttPacket from "mqtt-packet";
import type { Connection } from "../connection.ts";

export function handlePubcomp(conn: Connection, packet: mqttPacket.IPubcompPacket): void {
  if (!conn.session!.acknowledge(packet.messageId!, "pubcomp")) conn.log.debug({ packetId: packet.messageId }, "PUBCOMP for an unknown packet id");
}
