// The test bench's messages: edited as JSON, one object per message (topic and payload as text,
// clientId, qos, retain, contentType and userProperties optional), a sample to start from.
import type { CodeProblem } from "@/components/ui/code-editor.tsx";

export const sampleMessages = `[
  { "topic": "sensors/kitchen/temperature", "payload": "21.5", "clientId": "sensor-1" },
  { "topic": "sensors/kitchen/humidity", "payload": "{\\"rh\\": 48}", "clientId": "sensor-1", "contentType": "application/json" },
  { "topic": "debug/sensor-1", "payload": "boot ok", "clientId": "sensor-1" }
]
`;

/** The JSON, or where it stops being JSON (the browser names a position; most browsers also the line). */
export function parseMessagesJson(text: string): { ok: true; value: unknown } | { ok: false; message: string; problem?: CodeProblem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    if (lineColumn) return { ok: false, message, problem: { line: Number(lineColumn[1]), column: Number(lineColumn[2]), message } };
    const position = /at position (\d+)/.exec(message);
    if (!position) return { ok: false, message };
    const before = text.slice(0, Number(position[1])).split("\n");
    return { ok: false, message, problem: { line: before.length, column: before.at(-1)!.length + 1, message } };
  }
}
