// The API's one error vocabulary: a code catalogue with its HTTP status, one ApiError, and one
// handler that turns anything thrown into `{error: {code, message, details?}}`.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { ControlError } from "../../control/errors.ts";
import type { Logger } from "../../logger.ts";

export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** 422 naming each invalid field: `{details: [{path: "limits.maxConnections", message}]}`. */
export function validationError(error: ZodError): ApiError {
  const details = error.issues.map((issue) => ({ path: issue.path.join(".") || "(body)", message: issue.message }));
  return new ApiError("validation_failed", `invalid input: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`, details);
}

export function errorHandler(log: Logger) {
  return (error: Error, c: Context): Response => {
    const known = toApiError(error);
    if (known) {
      for (const [name, value] of Object.entries(known.headers ?? {})) c.header(name, value);
      return c.json(errorBody(known.code, known.message, known.details), errorStatus[known.code]);
    }
    log.error({ err: error, method: c.req.method, path: c.req.path }, "API request failed");
    return c.json(errorBody("internal", "internal error"), 500);
  };
}

function toApiError(error: Error): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof ControlError) return new ApiError(error.code === "invalid" ? "validation_failed" : error.code, error.message, error.details);
  // Hono's own refusals: a body that is not JSON, or not declared as JSON.
  if (error instanceof HTTPException && error.status === 415) return new ApiError("unsupported_media_type", "send the body as JSON with Content-Type: application/json");
  if (error instanceof HTTPException && error.status < 500) return new ApiError("bad_request", error.message || "malformed request");
  return undefined;
}
