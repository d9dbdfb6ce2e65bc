"use client";
// The sign-in form: next-auth's Credentials sign-in without a page reload, showing the reason a
// sign-in failed (wrong password, too many attempts, server unreachable) as lib/console/auth.ts words it;
// and a button per configured identity provider, whose sign-in leaves the page and comes back.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";

export function LoginForm({ next, providers, problem: initialProblem }: { next: string; providers: { id: string; name: string }[]; problem?: string }) {
  const router = useRouter();
  const [problem, setProblem] = useState(initialProblem);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setProblem(undefined);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    if (result?.ok && !result.error) {
      router.replace(next);
      router.refresh();
      return;
    }
    setPending(false);
    setProblem(result?.error ?? "Sign-in failed. Try again.");
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <h1 className="text-xl font-semibold">Sign in to Sluice</h1>
      {problem && <Alert tone="error">{problem}</Alert>}
      <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      {providers.length > 0 && (
        <div className="space-y-2 border-t border-slate-200 pt-4 dark:border-slate-800">
          {providers.map((provider) => (
            <Button key={provider.id} variant="secondary" className="w-full" onClick={() => signIn(provider.id, { callbackUrl: next })}>
              Sign in with {provider.name}
            </Button>
          ))}
        </div>
      )}
    </form>
  );
}
