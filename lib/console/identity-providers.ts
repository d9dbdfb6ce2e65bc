// The identity providers the sign-in page offers besides email and password: GitHub and any
// OpenID Connect provider, each when its settings are present (lib/console/settings.ts). Whoever
// signs in through one must already be a Sluice user with the same email (lib/console/auth.ts).
import "server-only";
import type { Provider } from "next-auth/providers/index";
import GitHubProvider from "next-auth/providers/github";
import type { ConsoleSettings } from "./settings.ts";

export interface IdentityProvider {
  id: "github" | "oidc";
  /** On the button: "Sign in with <name>". */
  name: string;
  nextAuth: Provider;
}

export function identityProviders(settings: ConsoleSettings): IdentityProvider[] {
  const providers: IdentityProvider[] = [];
  const { SLUICE_CONSOLE_GITHUB_CLIENT_ID: githubId, SLUICE_CONSOLE_GITHUB_CLIENT_SECRET: githubSecret } = settings;
  if (githubId && githubSecret) providers.push({ id: "github", name: "GitHub", nextAuth: GitHubProvider({ clientId: githubId, clientSecret: githubSecret }) });

  const { SLUICE_CONSOLE_OIDC_ISSUER: issuer, SLUICE_CONSOLE_OIDC_CLIENT_ID: clientId, SLUICE_CONSOLE_OIDC_CLIENT_SECRET: clientSecret } = settings;
  if (issuer && clientId && clientSecret) {
    const name = settings.SLUICE_CONSOLE_OIDC_NAME ?? "single sign-on";
    providers.push({
      id: "oidc",
      name,
      nextAuth: {
        id: "oidc",
        name,
        type: "oauth",
        wellKnown: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
        clientId,
        clientSecret,
        idToken: true,
        checks: ["pkce", "state"],
        authorization: { params: { scope: "openid email profile" } },
        // The role comes from the Sluice user, filled in by the signIn callback.
        profile: (profile: { sub: string; email?: string; name?: string }) => ({ id: profile.sub, email: profile.email, name: profile.name ?? profile.email, role: "support" as const }),
      },
    });
  }
  return providers;
}

/** Why a provider's sign-in was turned away (the signIn callback's redirect carries the code). */
export type ExternalSignInProblem = "NoEmail" | "EmailNotVerified" | "NoSluiceUser" | "ServerUnreachable" | "ExternalSignInFailed";

const problems: Record<ExternalSignInProblem, string> = {
  NoEmail: "The identity provider did not give an email address, so no Sluice user could be found.",
  EmailNotVerified: "The identity provider has not verified that email address.",
  NoSluiceUser: "No Sluice user has the email address you signed in with. Ask an admin to add you.",
  ServerUnreachable: "The Sluice server cannot be reached. Try again in a moment.",
  ExternalSignInFailed: "Signing in with the identity provider failed. Try again, or use your email and password.",
};

/** The sign-in page's message for `?error=`: ours above, or next-auth's own codes (OAuthCallback, …). */
export function signInProblem(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return problems[code as ExternalSignInProblem] ?? problems.ExternalSignInFailed;
}
