// mqtt-packet gives user properties of non-PUBLISH packets as an object (repeated keys as
// arrays); the broker keeps them as ordered pairs like PUBLISH's.
import type mqttPacket from "mqtt-packet";

export function userPropertyPairs(properties: mqttPacket.UserProperties | undefined): Array<[string, string]> | undefined {
  if (!properties) return undefined;
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(properties)) {
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([key, v]);
  }
  return pairs;
}
