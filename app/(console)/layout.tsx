// Every console page: signed-in users only.
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button.tsx";
import { requireUser } from "@/lib/console/session.ts";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div>
      <header className="flex items-center justify-between border-b p-4">
        <span>{user.name} ({user.role})</span>
        <SignOutButton />
      </header>
      <main className="p-6">{children}</main>
    </div>
  );
}
