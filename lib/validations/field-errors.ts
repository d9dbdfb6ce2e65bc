// Problems with a form's input, keyed by field path ("limits.maxConnections", "fetchAllowList.2"),
// from either side of the wire: zod's issues when a form checks its input with a shared schema, or
// the API's 422 details, which name fields the same way (lib/server/api/errors.ts).

export type FieldErrors = Record<string, string>;

export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> | string; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = typeof issue.path === "string" ? issue.path : issue.path.map(String).join(".");
    errors[path] ??= issue.message; // the first problem with a field is the one to fix first
  }
  return errors;
}

/**
 * The first problem with a list entered one item per line (`field`), naming the line: the
 * schemas name a list's items by index ("acl.pub.2" is line 3).
 */
export function lineError(errors: FieldErrors, field: string): string | undefined {
  const key = Object.keys(errors).find((path) => path === field || path.startsWith(`${field}.`));
  if (key === undefined) return undefined;
  const index = key.slice(field.length + 1);
  return index === "" ? errors[key] : `Line ${Number(index) + 1}: ${errors[key]}`;
}
