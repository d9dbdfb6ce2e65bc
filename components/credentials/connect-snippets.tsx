"use client";
// The connect snippets of one credential, each with a copy button (components/credentials/snippets.ts
// writes them). They hold the token: shown only while the token itself is.
import { useId } from "react";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { connectSnippets, type Snippet, type SnippetTarget } from "./snippets.ts";

export function ConnectSnippets({ target }: { target: SnippetTarget }) {
  return (
    <div className="space-y-4">
      <div className="grid gap-4 xl:grid-cols-2">
        {connectSnippets(target).map((snippet) => (
          <SnippetFigure key={snippet.title} snippet={snippet} />
        ))}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Each snippet connects as <code>{target.clientId}</code>, the client ID the credential is bound to. One connection at a time: a second one with the same client ID takes the session over and the first is disconnected.
      </p>
    </div>
  );
}

function SnippetFigure({ snippet }: { snippet: Snippet }) {
  const titleId = useId();
  return (
    <figure aria-labelledby={titleId} className="min-w-0 space-y-2">
      <div className="flex items-center justify-between gap-2">
        <span id={titleId} className="text-sm font-medium">
          {snippet.title}
        </span>
        <CopyButton value={snippet.code} label={`Copy ${snippet.title}`} />
      </div>
      <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-800">
        <code>{snippet.code}</code>
      </pre>
    </figure>
  );
}
