// Recognising database errors the repositories turn into results (PostgreSQL and PGlite alike).

/** A unique constraint said no (SQLSTATE 23505), directly or as the cause of a driver error. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return true;
  }
  return false;
}
