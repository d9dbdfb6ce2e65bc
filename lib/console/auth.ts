// Sign-in for the console (next-auth v4): email and password checked by the API's
// POST /v1/auth/verify, which also limits attempts; or, when configured, GitHub or an OpenID
// Connect provider, whose verified email must belong to a Sluice user (POST /v1/auth/external).
// The session is a signed, encrypted JWT cookie carrying the user's id, email, name and role, and
// nothing else.
import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { identityProviders, type ExternalSignInProblem } from "./identity-providers.ts";
import { callApi, ApiUnreachableError } from "./api.ts";
import { consoleSettings } from "./settings.ts";
import type { ConsoleUser } from "./user.ts";

/**
 * A session lasts eight hours from sign-in: a working day. It is not extended by activity, since
 * server-rendered pages cannot re-issue the cookie. The role in it is a copy made at sign-in for
 * the UI; the API looks up the user's current role on every call.
 */
export const sessionMaxAgeSeconds = 8 * 60 * 60;

let options: NextAuthOptions | undefined;

/** Built on first use: the settings exist when the console runs, not while `next build` imports it. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: consoleSettings().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        // Throwing sends the message to the sign-in form, which shows it as it is.
        async authorize(credentials, request) {
          const result = await verifySignIn(credentials?.email ?? "", credentials?.password ?? "", clientAddress(request.headers));
          if ("problem" in result) throw new Error(result.problem);
          return result;
        },
      }),
    ...identityProviders(consoleSettings()).map((provider) => provider.nextAuth),
    ],
    callbacks: {
      // Credentials sign-ins were checked in authorize(); a provider's needs a Sluice user.
      async signIn({ user, account, profile }) {
        if (!account || account.provider === "credentials") return true;
        const result = await externalSignIn(user.email, account.provider, profile);
        if ("problem" in result) return `/login?error=${result.problem}`;
        Object.assign(user, result);
        return true;
      },
      jwt: ({ token, user }) => (user ? { ...token, user: toConsoleUser(user) } : token),
      session: ({ session, token }) => ({ ...session, user: token.user! }),
    },
  };
  return options;
}

async function verifySignIn(email: string, password: string, clientIp: string | undefined): Promise<ConsoleUser | { problem: string }> {
  let response: Response;
  try {
    response = await callApi("/auth/verify", { method: "POST", body: JSON.stringify({ email, password }), clientIp });
  } catch (error) {
    if (error instanceof ApiUnreachableError) return { problem: "The Sluice server cannot be reached. Try again in a moment." };
    throw error;
  }
  if (response.ok) return ((await response.json()) as { user: ConsoleUser }).user;
  if (response.status === 401) return { problem: "Wrong email or password." };
  if (response.status === 422) return { problem: "Enter your email address and password." };
  if (response.status === 429) return { problem: `Too many sign-in attempts. Try again in ${waitInWords(Number(response.headers.get("retry-after")))}.` };
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  return { problem: `Sign-in failed: ${body?.error?.message ?? `the server answered ${response.status}`}.` };
}

/** The Sluice user with the email a provider vouched for (OIDC: only when it says the email is verified). */
async function externalSignIn(email: string | null | undefined, provider: string, profile: unknown): Promise<ConsoleUser | { problem: ExternalSignInProblem }> {
  if (!email) return { problem: "NoEmail" };
  if (provider === "oidc" && (profile as { email_verified?: unknown } | undefined)?.email_verified !== true) return { problem: "EmailNotVerified" };
  let response: Response;
  try {
    response = await callApi("/auth/external", { method: "POST", body: JSON.stringify({ email, provider }) });
  } catch (error) {
    if (error instanceof ApiUnreachableError) return { problem: "ServerUnreachable" };
    throw error;
  }
  if (response.ok) return ((await response.json()) as { user: ConsoleUser }).user;
  return { problem: response.status === 404 ? "NoSluiceUser" : "ExternalSignInFailed" };
}

/** Retry-After (seconds) as a person reads it: "40 seconds", "15 minutes". */
function waitInWords(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return "a moment";
  return seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/** Only the four fields the console needs go into the session cookie. */
function toConsoleUser(user: User): ConsoleUser {
  return { id: user.id, email: user.email!, name: user.name ?? user.email!, role: user.role };
}

// Next.js sets X-Forwarded-For to the client's address unless the request already has one, so its
// first entry is the client as a proxy in front saw it. Without such a proxy a client may send its
// own, which moves it to another per-address count; the per-email limit holds regardless.
function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string | undefined {
  const forwarded = headers?.["x-forwarded-for"];
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0].trim() || undefined;
}
