// <input type="datetime-local"> speaks the reader's local time without a zone ("2025-03-01T14:30");
// the URL and the API speak ISO 8601 in UTC. These convert between the two.

/** "2025-03-01T13:30:00.000Z" → "2025-03-01T14:30" in Berlin; "" for anything that is not a time. */
export function toLocalInput(iso: string | undefined): string {
  const date = new Date(iso ?? "");
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The other way; undefined for an empty field. A date-time without an offset is local time (ECMA-262 Date.parse). */
export function fromLocalInput(value: FormDataEntryValue | null): string | undefined {
  const date = new Date(String(value ?? ""));
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}
