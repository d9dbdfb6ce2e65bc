// AUTH: enhanced authentication is not supported. A CONNECT naming an authentication method is
// refused with 0x8C (handlers/connect.ts); an AUTH without one is a protocol error [MQTT-4.12.0-?].
import type mqttPacket from "mqtt-packet";
import type { Connection } from "../connection.ts";
import { BrokerError } from "../errors.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";

export function handleAuth(_conn: Connection, _packet: mqttPacket.IAuthPacket): void {
  throw new BrokerError(ReasonCode.ProtocolError, "AUTH without an authentication method in CONNECT");
}
