// The signed-in user for server pages and route handlers.
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { authOptions } from "./auth.ts";
import type { ConsoleUser } from "./user.ts";

/** Read once per request however many layouts and pages ask (React's cache). */
export const currentUser = cache(async (): Promise<ConsoleUser | undefined> => {
  // Marks the page as rendered per request: `next build` must not prerender one without a user.
  await connection();
  return (await getServerSession(authOptions()))?.user;
});

/** The signed-in user; anyone else is sent to the sign-in page. */
export async function requireUser(): Promise<ConsoleUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
