// What PostgreSQL can store as text or in a jsonb string: not NUL, and in UTF-16 terms no
// surrogate without its pair (a JavaScript string may hold both; the database refuses them).
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !loneSurrogate.test(value);
}
