// A credential lifetime in seconds as a person reads it: "1 hour", "90 days", "never".
const units = [
  { seconds: 86_400, name: "day" },
  { seconds: 3_600, name: "hour" },
  { seconds: 60, name: "minute" },
  { seconds: 1, name: "second" },
];

export function expirationText(seconds: number | null): string {
  if (seconds === null) return "never";
  const unit = units.find((u) => seconds % u.seconds === 0)!;
  const count = seconds / unit.seconds;
  return `${count.toLocaleString()} ${unit.name}${count === 1 ? "" : "s"}`;
}
