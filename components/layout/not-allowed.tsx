// What a page shows someone whose role may not use it (DESIGN §4), when its URL is opened directly.
import Link from "next/link";
import type { Role } from "@/lib/auth/roles.ts";

export function NotAllowed({ role, what }: { role: Role; what: string }) {
  return (
    <section aria-labelledby="not-allowed" className="max-w-xl space-y-3">
      <h1 id="not-allowed" className="text-2xl font-semibold">
        Not allowed
      </h1>
      <p>
        Your role, <strong>{role}</strong>, may not {what}. An admin can change your role if you need this.
      </p>
      <p>
        <Link href="/" className="text-sky-700 underline dark:text-sky-400">
          Back to the overview
        </Link>
      </p>
    </section>
  );
}
