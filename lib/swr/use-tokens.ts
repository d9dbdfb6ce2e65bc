// API tokens, without their secrets (GET /v1/tokens).
import useSWR from "swr";
import type { z } from "zod";
import type { token } from "../validations/users.ts";
import { fetchJson } from "./fetcher.ts";

export type ApiToken = z.infer<typeof token>;

export const tokensKey = "/tokens";

export function useTokens() {
  return useSWR(tokensKey, (path: string) => fetchJson<{ tokens: ApiToken[] }>(path).then((body) => body.tokens));
}
