"use client";
// The three states every data view has besides its data: loading, empty, and failed (with the
// API's own message, a retry, and a way back in when the session has ended).
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { ApiRequestError } from "@/lib/swr/fetcher.ts";

export function Loading({ label }: { label: string }) {
  return (
    <p role="status" aria-live="polite" className="animate-pulse py-6 text-sm text-slate-600 dark:text-slate-400">
      {label}
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-2 text-sm text-slate-600 dark:text-slate-400">{children}</div>}
    </div>
  );
}

export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const signedOut = error instanceof ApiRequestError && error.status === 401;
  return (
    <Alert tone="error" className="space-y-2">
      <p>{signedOut ? "Your session has ended." : `Could not load this: ${error instanceof Error ? error.message : String(error)}`}</p>
      {signedOut ? (
        <Link href="/login" className="font-medium underline">
          Sign in again
        </Link>
      ) : (
        retry && (
          <Button variant="secondary" onClick={retry}>
            Try again
          </Button>
        )
      )}
    </Alert>
  );
}
