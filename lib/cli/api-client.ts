// How CLI commands reach the control-plane API (/v1): where it is and which token to send come
// from --api-url/--api-token or SLUICE_API_URL/SLUICE_API_TOKEN. Every failure (API error,
// network, missing token) becomes a CliError, which lib/cli/index.ts prints as one line.
import type { Command } from "commander";
import type { Environment } from "../config.ts";

export const defaultApiUrl = "http://127.0.0.1:8080";

/** A failure reported as `sluice: <message>` on stderr with exit code 1. */
export class CliError extends Error {}

/** The options every API command takes (see addApiOptions). */
export interface ApiOptions {
  apiUrl?: string;
  apiToken?: string;
  json?: boolean;
}

/** Adds --json, --api-url and --api-token to each subcommand of `group`; called once they are defined, so these are listed last in their help. */
export function addApiOptions(group: Command): void {
  for (const command of group.commands) {
    command
      .option("--json", "print the API's JSON response instead of text")
      .option("--api-url <url>", `the Sluice server's HTTP address [SLUICE_API_URL] (default ${defaultApiUrl})`)
      .option("--api-token <token>", "API token [SLUICE_API_TOKEN] (prefer the environment variable)");
  }
}

export interface ApiClient {
  /** `method /v1/<segments…>`, each segment encoded as one path segment; resolves with the parsed body (undefined for 204). */
  request<T>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", segments: string[], body?: unknown, query?: Record<string, string>): Promise<T>;
  /** GET of a Server-Sent Events route: calls `onEvent` per event until the server ends the stream. */
  stream(segments: string[], query: Record<string, string>, onEvent: (event: string, data: string) => void): Promise<void>;
}

/** Resolves the API's address and token once (flags win over the environment). */
export function connect(options: ApiOptions, env: Environment = process.env): ApiClient {
  const base = (options.apiUrl ?? (env.SLUICE_API_URL || defaultApiUrl)).replace(/\/+$/, "");
  if (!/^https?:$/.test(URL.canParse(base) ? new URL(base).protocol : "")) throw new CliError(`--api-url (SLUICE_API_URL) must be an http:// or https:// URL, not ${base}`);
  const token = options.apiToken ?? env.SLUICE_API_TOKEN;
  if (!token) throw new CliError("no API token: set SLUICE_API_TOKEN (or pass --api-token)");

  return {
    async request<T>(method: string, segments: string[], body?: unknown, query?: Record<string, string>): Promise<T> {
      const url = `${base}/v1/${segments.map(pathSegment).join("/")}${query ? `?${new URLSearchParams(query)}` : ""}`;
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
      if (body !== undefined) headers["content-type"] = "application/json";
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        text = await response.text();
      } catch (error) {
        throw new CliError(`cannot reach the API at ${base}: ${networkReason(error)}`);
      }
      const parsed = parseJson(text);
      if (!response.ok) throw new CliError(describeFailure(response, parsed));
      if (response.status === 204) return undefined as T;
      if (parsed === undefined) throw new CliError(`${method} ${url} answered ${response.status} without JSON: is ${base} a Sluice server?`);
      return parsed as T;
    },

    async stream(segments, query, onEvent) {
      const url = `${base}/v1/${segments.map(pathSegment).join("/")}?${new URLSearchParams(query)}`;
      let response: Response;
      try {
        response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" } });
      } catch (error) {
        throw new CliError(`cannot reach the API at ${base}: ${networkReason(error)}`);
      }
      if (!response.ok || !response.body) throw new CliError(describeFailure(response, parseJson(await response.text())));
      const decoder = new TextDecoder();
      let buffered = "";
      try {
        const reader = response.body.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          buffered += decoder.decode(read.value, { stream: true });
          // Events end with a blank line; each has `event:` and `data:` fields (hono's writeSSE).
          for (let end = buffered.indexOf("\n\n"); end >= 0; end = buffered.indexOf("\n\n")) {
            const lines = buffered.slice(0, end).split("\n");
            buffered = buffered.slice(end + 2);
            const field = (name: string) => lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).trimStart());
            const data = field("data");
            if (data.length > 0) onEvent(field("event")[0] ?? "message", data.join("\n"));
          }
        }
      } catch (error) {
        throw new CliError(`the stream from ${base} broke off: ${networkReason(error)}`);
      }
    },
  };
}

/** Names become single path segments; `.` and `..` would be resolved away by the URL, changing the route. */
function pathSegment(name: string): string {
  if (name === "." || name === ".." || name === "") throw new CliError(`invalid name "${name}"`);
  return encodeURIComponent(name);
}

/** `422 validation_failed: name: must be …` from the API's `{error: {code, message, details?}}`. */
function describeFailure(response: Response, body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (typeof error?.code !== "string") return `${response.status} ${response.statusText || "error"} from ${response.url}`;
  const fields = Array.isArray(error.details) && error.details.every(isFieldIssue) ? error.details.map((d) => `${d.path}: ${d.message}`).join("; ") : undefined;
  return `${response.status} ${error.code}: ${fields || String(error.message)}`;
}

function isFieldIssue(value: unknown): value is { path: string; message: string } {
  return typeof value === "object" && value !== null && typeof (value as { path?: unknown }).path === "string" && typeof (value as { message?: unknown }).message === "string";
}

/** fetch only says "fetch failed"; the reason (`connect ECONNREFUSED …`) is in its cause. */
function networkReason(error: unknown): string {
  let cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  // Happy eyeballs tries each address of a host name and reports them together.
  if (cause instanceof AggregateError && cause.errors[0] instanceof Error) cause = cause.errors[0];
  return cause instanceof Error ? cause.message || String((cause as { code?: unknown }).code ?? cause.name) : String(cause);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
