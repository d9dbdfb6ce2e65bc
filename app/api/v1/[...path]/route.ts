// /api/v1/* — the browser's way to the API (lib/swr): the session cookie comes in; the console's
// token and the signed-in user go out (lib/console/api.ts). The API's answer passes through as it
// is, event streams included; roles are the API's to enforce.
import type { NextRequest } from "next/server";
import { ApiUnreachableError, callApi } from "@/lib/console/api.ts";
import { currentUser } from "@/lib/console/session.ts";

type Context = { params: Promise<{ path: string[] }> };

/** Headers of the API's answer that mean something to the browser. */
const passedOn = ["content-type", "cache-control", "retry-after"];

async function forward(request: NextRequest, { params }: Context): Promise<Response> {
  const user = await currentUser();
  if (!user) return problem(401, "unauthorized", "Your session has ended. Sign in again.");
  // Bodies must be declared JSON: a form on another site cannot send that without a CORS
  // preflight, which this route never approves.
  const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
  if (body && !request.headers.get("content-type")?.startsWith("application/json")) return problem(415, "unsupported_media_type", "send the body as JSON");
  const path = (await params).path.map(encodeURIComponent).join("/");
  try {
    const answer = await callApi(`/${path}${request.nextUrl.search}`, {
      method: request.method,
      body: body || undefined,
      actor: user.email,
      // Next.js sets X-Forwarded-Host to the Host header unless a proxy in front already set it.
      forwardedHost: request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? undefined,
      // Behind a TLS-terminating proxy the proxy says so; else the console's own URL does.
      forwardedProto: request.headers.get("x-forwarded-proto") ?? request.nextUrl.protocol.replace(/:$/, ""),
      signal: request.signal,
    });
    const headers = new Headers();
    for (const name of passedOn) if (answer.headers.has(name)) headers.set(name, answer.headers.get(name)!);
    return new Response(answer.body, { status: answer.status, headers });
  } catch (error) {
    if (error instanceof ApiUnreachableError) return problem(502, "api_unreachable", "The Sluice server cannot be reached.");
    throw error;
  }
}

function problem(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

export { forward as GET, forward as POST, forward as PUT, forward as PATCH, forward as DELETE };
