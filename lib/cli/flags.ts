// Flag value parsers shared by more than one command. Commander calls them while parsing; an
// InvalidArgumentError becomes `sluice: option '--x <v>' argument 'y' is invalid. <message>`.
import { InvalidArgumentError } from "commander";

/** `--expiration 3600`, or `none`: kept as a string, since commander replaces a parsed null with "". */
export function parseExpiration(value: string): number | "none" {
  if (value === "none") return value;
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number of seconds, or none");
  return Number(value);
}

/** An --expiration as the API takes it: null for "does not expire", undefined when not given. */
export const expirationValue = (expiration: number | "none" | undefined) => (expiration === "none" ? null : expiration);
