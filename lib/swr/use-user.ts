// One console user (GET /v1/users/:id).
import useSWR from "swr";
import type { z } from "zod";
import type { user } from "../validations/users.ts";
import { fetchJson } from "./fetcher.ts";

export type User = z.infer<typeof user>;

export const userKey = (id: string) => `/users/${encodeURIComponent(id)}`;

export function useUser(id: string) {
  return useSWR(userKey(id), (path: string) => fetchJson<User>(path));
}
