// PUBREL from a client: the publisher releases a QoS 2 packet id; we answer PUBCOMP.
// Delivery already happened on PUBLISH (method A), so nothing is routed here.
import type mqttPacket from "mqtt-packet";
import type { Connection } from "../connection.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";

export function handlePubrel(conn: Connection, packet: mqttPacket.IPubrelPacket): void {
  const session = conn.session!;
  const packetId = packet.messageId!;
  const known = session.incomingQos2.delete(packetId);
  if (known) conn.broker!.markSessionDirty(session);
  // [MQTT-4.3.3-?] PUBCOMP 0x92 when the packet id is not awaiting release
  const reasonCode = known ? ReasonCode.Success : ReasonCode.PacketIdentifierNotFound;
  conn.send(conn.version === 5 ? { cmd: "pubcomp", messageId: packetId, reasonCode } : { cmd: "pubcomp", messageId: packetId });
}
