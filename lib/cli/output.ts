// What API commands print on stdout: aligned text for people, or with --json the API's response
// as pretty JSON for scripts.

/** Prints `value` as JSON with --json, else as `human(value)`. */
export function print<T>(options: { json?: boolean }, value: T, human: (value: T) => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : human(value));
}

/** A table: the header row, then one row per item, columns aligned. */
export function table(header: string[], rows: string[][]): string {
  return align([header, ...rows]);
}

/** One `label  value` line per field, values aligned. */
export function fields(entries: Array<[label: string, value: string]>): string {
  return align(entries);
}

function align(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd() + "\n").join("");
}
