// The console's one way to the control-plane API, on the server side only: every call carries the
// console's token and, for a signed-in user, that user as X-Sluice-Actor, so the API applies the
// user's role and writes the user into the audit log. The browser reaches it through the BFF route
// (app/api/v1/[...path]) and never holds a token.
import "server-only";
import { consoleSettings } from "./settings.ts";

/** The API did not answer at all (down, restarting, wrong URL), as opposed to answering with an error. */
export class ApiUnreachableError extends Error {}

export interface ApiCall {
  method?: string;
  /** JSON text, sent as application/json. */
  body?: string;
  /** The signed-in user's email; left out only to check a sign-in. */
  actor?: string;
  /** The address the user came from, passed on when checking a sign-in (the API limits attempts per address). */
  clientIp?: string;
  /** The host the user reached the console by: the API names it in broker endpoints instead of the loopback address the console uses. */
  forwardedHost?: string;
  /** "https" when the user reached the console over TLS: the explorer's WebSocket must then be secure too. */
  forwardedProto?: string;
  signal?: AbortSignal;
}

/** Calls `/v1<path>` (path with its query string) and returns the API's response as it is. */
export async function callApi(path: string, call: ApiCall = {}): Promise<Response> {
  const { SLUICE_CONSOLE_API_URL, SLUICE_CONSOLE_API_TOKEN } = consoleSettings();
  const headers = new Headers({ authorization: `Bearer ${SLUICE_CONSOLE_API_TOKEN}` });
  if (call.actor) headers.set("x-sluice-actor", call.actor);
  if (call.clientIp) headers.set("x-sluice-client-ip", call.clientIp);
  if (call.forwardedHost) headers.set("x-forwarded-host", call.forwardedHost);
  if (call.forwardedProto) headers.set("x-forwarded-proto", call.forwardedProto);
  if (call.body !== undefined) headers.set("content-type", "application/json");
  try {
    return await fetch(new URL(`/v1${path}`, SLUICE_CONSOLE_API_URL), { method: call.method ?? "GET", headers, body: call.body, signal: call.signal, cache: "no-store" });
  } catch (error) {
    if (call.signal?.aborted) throw error;
    throw new ApiUnreachableError(`the Sluice API at ${SLUICE_CONSOLE_API_URL} cannot be reached`, { cause: error });
  }
}

/** Whether the API's server is up and has opened its store (GET /healthz). */
export async function apiStatus(): Promise<"ok" | "starting" | "unreachable"> {
  try {
    const response = await fetch(new URL("/healthz", consoleSettings().SLUICE_CONSOLE_API_URL), { cache: "no-store", signal: AbortSignal.timeout(3_000) });
    return response.ok ? "ok" : "starting";
  } catch {
    return "unreachable";
  }
}
