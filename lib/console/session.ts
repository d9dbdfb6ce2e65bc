// The signed-in user for server pages and route handlers.
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { authOptions } from "./auth.ts";
import type { ConsoleUser } from "./user.ts";

export async function currentUser(): Promise<ConsoleUser | undefined> {
  // Marks the page as rendered per request: `next build` must not prerender one without a user.
  await connection();
  return (await getServerSession(authOptions()))?.user;
}

/** The signed-in user; anyone else is sent to the sign-in page. */
export async function requireUser(): Promise<ConsoleUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
