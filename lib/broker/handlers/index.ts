// The packet dispatcher: one handler per packet type, CONNECT first (enforced by the reader),
// and the one place where errors on the packet path become a reason code for the client.
import type mqttPacket from "mqtt-packet";
import type { Connection } from "../connection.ts";
import { BrokerError } from "../errors.ts";
import type { IncomingPacket } from "../protocol/codec.ts";
import { connackReturnCode311, ReasonCode } from "../protocol/reason-codes.ts";
import { handleAuth } from "./auth.ts";
import { handleConnect } from "./connect.ts";
import { handleDisconnect } from "./disconnect.ts";
import { handlePingreq } from "./pingreq.ts";
import { handlePuback } from "./puback.ts";
import { handlePubcomp } from "./pubcomp.ts";
import { handlePublish } from "./publish.ts";
import { handlePubrec } from "./pubrec.ts";
import { handlePubrel } from "./pubrel.ts";
import { handleSubscribe } from "./subscribe.ts";
import { handleUnsubscribe } from "./unsubscribe.ts";

/** Handles one packet on the connection's ordered path. Never throws. */
export function dispatch(conn: Connection, packet: IncomingPacket): void {
  try {
    if (packet.cmd !== "connect" && conn.state !== "connected") {
      throw new BrokerError(ReasonCode.ProtocolError, `${packet.cmd} before the connection was accepted`);
    }
    switch (packet.cmd) {
      case "connect":
        handleConnect(conn, packet).catch((error) => handlePacketError(conn, error));
        return;
      case "publish":
        return handlePublish(conn, packet);
      case "puback":
        return handlePuback(conn, packet);
      case "pubrec":
        return handlePubrec(conn, packet);
      case "pubrel":
        return handlePubrel(conn, packet);
      case "pubcomp":
        return handlePubcomp(conn, packet);
      case "subscribe":
        return handleSubscribe(conn, packet);
      case "unsubscribe":
        return handleUnsubscribe(conn, packet);
      case "pingreq":
        return handlePingreq(conn);
      case "disconnect":
        return handleDisconnect(conn, packet);
      case "auth":
        return handleAuth(conn, packet);
      default:
        // [MQTT-4.8.0-?] server-to-client packets from a client are a protocol error
        throw new BrokerError(ReasonCode.ProtocolError, `a client may not send ${packet.cmd}`);
    }
  } catch (error) {
    handlePacketError(conn, error);
  }
}

/**
 * Turns an error into what the client sees: before CONNACK, a CONNACK with the reason code
 * (or its 3.1.1 return code) [MQTT-3.2.2-6]; after it, a DISCONNECT with reason code and string
 * [MQTT-4.13.1-1]. Unknown errors are logged and reported as 0x80 without internals.
 */
export function handlePacketError(conn: Connection, error: unknown): void {
  if (conn.state === "closed") return;
  let reasonCode: number = ReasonCode.UnspecifiedError;
  let reason = "internal error";
  if (error instanceof BrokerError) {
    reasonCode = error.reasonCode;
    reason = error.message;
    conn.log.info({ reasonCode: `0x${reasonCode.toString(16)}`, reason }, "protocol error");
  } else {
    conn.log.error({ err: error }, "internal error on the packet path");
  }
  if (conn.connackSent) {
    conn.disconnect(reasonCode, reason);
    return;
  }
  rejectConnect(conn, reasonCode, reason);
}

/** Answers a CONNECT that is refused, then closes [MQTT-3.2.2-7]. */
export function rejectConnect(conn: Connection, reasonCode: number, reason: string): void {
  let connack: mqttPacket.IConnackPacket | undefined;
  if (conn.version === 5) {
    connack = { cmd: "connack", sessionPresent: false, reasonCode, properties: { reasonString: reason } };
  } else if (conn.version !== 0 || reasonCode === ReasonCode.UnsupportedProtocolVersion) {
    // [MQTT-3.1.2-2] 3.1.1: an unsupported protocol level gets return code 0x01
    connack = { cmd: "connack", sessionPresent: false, returnCode: connackReturnCode311(reasonCode) };
  }
  conn.log.info({ reasonCode: `0x${reasonCode.toString(16)}`, reason }, "connection refused");
  if (connack) conn.send(connack);
  conn.end();
}
