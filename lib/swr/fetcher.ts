// The browser's client for the API, through the console's BFF route (/api/v1 → /v1): JSON in and
// out, and every failure as an ApiRequestError carrying the API's {error: {code, message, details}}.
// SWR hooks (use-*.ts beside this file) read with fetchJson; forms change things with sendJson.

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For 422: the invalid fields, named by path ("limits.maxConnections"). */
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export async function fetchJson<T>(path: string): Promise<T> {
  return parse<T>(await request(path, { headers: { accept: "application/json" } }));
}

/** POST, PUT, PATCH or DELETE; resolves with the response body, or undefined for 204. */
export async function sendJson<T = unknown>(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
  const init: RequestInit =
    body === undefined
      ? { method, headers: { accept: "application/json" } }
      : { method, headers: { accept: "application/json", "content-type": "application/json" }, body: JSON.stringify(body) };
  return parse<T>(await request(path, init));
}

async function request(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiRequestError(0, "console_unreachable", "The console cannot be reached. Check your connection.");
  }
}

async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
  if (response.ok) return body as T;
  const error = body?.error;
  const fields = Array.isArray(error?.details) ? (error.details as FieldProblem[]) : [];
  throw new ApiRequestError(response.status, error?.code ?? "unknown", error?.message ?? `the server answered ${response.status}`, fields);
}
