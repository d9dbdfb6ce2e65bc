// UNSUBSCRIBE → UNSUBACK [MQTT-3.10, 3.11]: one reason code per filter, 0x11 when there was
// no such subscription.
import type mqttPacket from "mqtt-packet";
import type { Connection } from "../connection.ts";
import { BrokerError } from "../errors.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";

export function handleUnsubscribe(conn: Connection, packet: mqttPacket.IUnsubscribePacket): void {
  // [MQTT-3.10.3-2] at least one filter (mqtt-packet decodes an empty payload as none)
  if (packet.unsubscriptions.length === 0) throw new BrokerError(ReasonCode.ProtocolError, "UNSUBSCRIBE without a topic filter");
  const session = conn.session!;
  // [MQTT-3.10.4-2] no new messages for a removed subscription from now on
  const codes = packet.unsubscriptions.map((filter) => (session.unsubscribe(filter) ? ReasonCode.Success : ReasonCode.NoSubscriptionExisted));
  // [MQTT-3.10.4-4] UNSUBACK even when nothing was removed
  if (conn.version === 5) conn.send({ cmd: "unsuback", messageId: packet.messageId, granted: codes });
  else conn.send({ cmd: "unsuback", messageId: packet.messageId } as mqttPacket.IUnsubackPacket);
}
