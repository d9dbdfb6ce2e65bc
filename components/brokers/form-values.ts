// Form fields → the values the shared schemas expect. Left as they are when they do not parse, so
// the schema names the field in its error rather than this code guessing.
import type { FieldErrors } from "@/lib/validations/field-errors.ts";

/** A number of seconds, or null for an empty field ("does not expire"). */
export function secondsOrNull(value: FormDataEntryValue | null): number | null | string {
  const text = String(value ?? "").trim();
  return text === "" ? null : /^\d+$/.test(text) ? Number(text) : text;
}

/** A number, or undefined for an empty field ("the default"). */
export function numberOrDefault(value: FormDataEntryValue | null): number | undefined | string {
  const text = String(value ?? "").trim();
  return text === "" ? undefined : /^\d+$/.test(text) ? Number(text) : text;
}

/** One entry per non-empty line. */
export function lines(value: FormDataEntryValue | null): string[] {
  return String(value ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * The first problem with a one-entry-per-line field, saying which line: the schema names an
 * entry by its index ("fetchAllowList.2").
 */
export function lineError(errors: FieldErrors, field: string): string | undefined {
  const key = Object.keys(errors).find((path) => path === field || path.startsWith(`${field}.`));
  if (!key) return undefined;
  const index = key.split(".")[1];
  return index === undefined ? errors[key] : `Line ${Number(index) + 1}: ${errors[key]}`;
}
