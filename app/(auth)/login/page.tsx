// /login — sign in with email and password; someone already signed in goes straight on.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form.tsx";
import { currentUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const next = sameSitePath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(next);
  return <LoginForm next={next} />;
}

// Only a path on this site: "//evil.example" or a full URL would make the form an open redirect.
function sameSitePath(value: string | string[] | undefined): string {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) ? value : "/";
}
