// /login — sign in with email and password, or an identity provider when one is configured;
// someone already signed in goes straight on.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form.tsx";
import { identityProviders, signInProblem } from "@/lib/console/identity-providers.ts";
import { currentUser } from "@/lib/console/session.ts";
import { consoleSettings } from "@/lib/console/settings.ts";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = { callbackUrl?: string | string[]; error?: string | string[] };

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { callbackUrl, error } = await searchParams;
  const next = sameSitePath(callbackUrl);
  if (await currentUser()) redirect(next);
  const providers = identityProviders(consoleSettings()).map(({ id, name }) => ({ id, name }));
  return <LoginForm next={next} providers={providers} problem={signInProblem(typeof error === "string" ? error : undefined)} />;
}

// Only a path on this site: "//evil.example" or a full URL would make the form an open redirect.
function sameSitePath(value: string | string[] | undefined): string {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) ? value : "/";
}
