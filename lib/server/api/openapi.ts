// Shared pieces of the OpenAPI route definitions: JSON bodies and responses, path parameters and
// the error responses every route can give.
import { z } from "@hono/zod-openapi";
import { dnsLabel } from "../../validations/names.ts";

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi("Error");

const errorResponse = (description: string) => ({ content: { "application/json": { schema: errorSchema } }, description });

export const errorResponses = {
  400: errorResponse("Malformed request"),
  401: errorResponse("Missing or invalid token"),
  403: errorResponse("The actor's role does not allow this"),
  404: errorResponse("No such resource"),
  409: errorResponse("Name already taken"),
  422: errorResponse("Invalid input; details name each field"),
};

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { "application/json": { schema } }, required: true };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

export const namespaceParams = z.object({ ns: dnsLabel.openapi({ param: { name: "ns", in: "path" } }) });
export const brokerParams = namespaceParams.extend({ b: dnsLabel.openapi({ param: { name: "b", in: "path" } }) });
