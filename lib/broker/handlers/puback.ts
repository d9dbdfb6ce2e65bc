// PUBACK from a client: ends a QoS 1 delivery and frees its slot in the receive window.
import type mqttPacket from "mqtt-packet";
import type { Connection } from "../connection.ts";

export function handlePuback(conn: Connection, packet: mqttPacket.IPubackPacket): void {
  // An unknown packet id is ignored: it may be a late ack for a message the session dropped.
  if (!conn.session!.acknowledge(packet.messageId!, "puback")) conn.log.debug({ packetId: packet.messageId }, "PUBACK for an unknown packet id");
}
