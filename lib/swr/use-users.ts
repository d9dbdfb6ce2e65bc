// Console users (GET /v1/users).
import useSWR from "swr";
import { fetchJson } from "./fetcher.ts";
import type { User } from "./use-user.ts";

export const usersKey = "/users";

export function useUsers() {
  return useSWR(usersKey, (path: string) => fetchJson<{ users: User[] }>(path).then((body) => body.users));
}
