// PINGREQ → PINGRESP [MQTT-3.12.4-1]. Any packet already counts as keep-alive activity.
import type { Connection } from "../connection.ts";

export function handlePingreq(conn: Connection): void {
  conn.send({ cmd: "pingresp" });
}
