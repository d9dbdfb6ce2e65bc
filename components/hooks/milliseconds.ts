// Durations as the hook pages show them: milliseconds, with the precision that still means something.
export function milliseconds(ms: number): string {
  const digits = ms < 10 ? 2 : ms < 100 ? 1 : 0;
  return `${ms.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
}
