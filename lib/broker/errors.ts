// The broker's one error type: a message for logs and the MQTT 5 reason code the client sees.
// handlers/index.ts turns any BrokerError thrown on the packet path into a DISCONNECT (or
// CONNACK before the session exists); anything else becomes 0x80 Unspecified error.
import type { ReasonCode } from "./protocol/reason-codes.ts";

export class BrokerError extends Error {
  constructor(
    readonly reasonCode: ReasonCode,
    message: string,
  ) {
    super(message);
    this.name = "BrokerError";
  }
}
