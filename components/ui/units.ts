// Counts, rates and sizes as a person reads them, rates and sizes always with their unit:
// "12,345", "1.2k msg/s", "3.4 MB/s". The formatters are made once: views that redraw every
// frame (the explorer) or every tick (charts) call these often, and a new formatter per call is slow.

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

/** A count per second, e.g. 1234.5 → "1.2K msg/s". */
export function perSecond(value: number, unit: string): string {
  return `${value > 0 && value < 1 ? value.toFixed(2) : compact.format(value)} ${unit}/s`;
}

const integerFormat = new Intl.NumberFormat();

/** A count, e.g. 12345 → "12,345". */
export function integer(value: number): string {
  return integerFormat.format(value);
}

const byteUnits = ["B", "kB", "MB", "GB", "TB"];

const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const noDecimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A size in bytes with a decimal unit, e.g. 2048 → "2 kB". */
export function bytes(value: number): string {
  let unit = 0;
  while (value >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${(value < 10 ? oneDecimal : noDecimals).format(value)} ${byteUnits[unit]}`;
}

/** A duration given in milliseconds, with the precision that still means something: "0.42 ms", "12.5 ms", "340 ms", "12.3 s". */
export function duration(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} s`;
  const digits = ms < 10 ? 2 : ms < 100 ? 1 : 0;
  return `${ms.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
}
