// Recognising database errors the repositories turn into results (PostgreSQL and PGlite alike).

/** A unique constraint said no (SQLSTATE 23505), directly or as the cause of a driver error. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return true;
  }
  return false;
}

/**
 * The SQLSTATE and message PostgreSQL (or PGlite) gave for an error, found through the driver's
 * wrapping; undefined for errors that did not come from the database.
 */
export function databaseError(error: unknown): { code: string; message: string } | undefined {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.message === "string") return { code: e.code, message: e.message };
  }
  return undefined;
}
