// DISCONNECT from a client [MQTT-3.14]: may update the session expiry, decides the will's fate,
// then the connection closes.
import type mqttPacket from "mqtt-packet";
import type { Connection } from "../connection.ts";
import { BrokerError } from "../errors.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";

export function handleDisconnect(conn: Connection, packet: mqttPacket.IDisconnectPacket): void {
  const session = conn.session!;
  const expiry = packet.properties?.sessionExpiryInterval;
  if (expiry !== undefined) {
    // §3.14.2.2.2: a session that was to end with the connection cannot be made persistent now
    if (session.expiryInterval === 0 && expiry > 0) throw new BrokerError(ReasonCode.ProtocolError, "session expiry set on DISCONNECT after 0 at CONNECT");
    session.expiryInterval = Math.min(expiry, conn.broker!.limits.maxSessionExpirySeconds);
  }
  // [MQTT-3.14.4-3] only a normal disconnect (0x00) discards the will; 0x04 asks for it, and any
  // other (error) reason leaves it to be published as on a lost connection [MQTT-3.1.2-8].
  conn.publishWillOnClose = (packet.reasonCode ?? 0) !== ReasonCode.Success;
  conn.ending = { by: "client", reasonCode: packet.reasonCode ?? ReasonCode.Success, reason: packet.properties?.reasonString };
  conn.log.debug({ reasonCode: packet.reasonCode ?? 0 }, "client sent DISCONNECT");
  conn.end();
}
