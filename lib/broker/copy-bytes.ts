// Byte copies on the per-message path of the explorer's records (topic-index.ts,
// recent-messages.ts). Buffer#copy costs about 100 ns a call whatever the length; a plain loop
// is cheaper for the short payloads most MQTT traffic carries.
const LOOP_MAX = 32;

export function copyBytes(source: Buffer, sourceStart: number, target: Buffer, targetStart: number, length: number): void {
  if (length > LOOP_MAX) {
    source.copy(target, targetStart, sourceStart, sourceStart + length);
    return;
  }
  for (let i = 0; i < length; i++) target[targetStart + i] = source[sourceStart + i]!;
}
