"use client";
// Two texts side by side with their differences marked (CodeMirror's MergeView), read-only:
// comparing two versions of a hook's source, or two payloads (JSON highlighted as JavaScript,
// anything else plain). Each side is a textbox named by its label.
import { javascript } from "@codemirror/lang-javascript";
import { MergeView } from "@codemirror/merge";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { codeHighlighting } from "./code-highlight.ts";

interface CodeDiffProps {
  left: { label: string; text: string };
  right: { label: string; text: string };
  language?: "javascript" | "plain";
}

export function CodeDiff({ left, right, language = "javascript" }: CodeDiffProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const side = (label: string, text: string) => ({ doc: text, extensions: readOnlySide(label, language) });
    const view = new MergeView({ parent: host.current!, a: side(left.label, left.text), b: side(right.label, right.text), collapseUnchanged: { margin: 3, minSize: 8 } });
    return () => view.destroy();
  }, [left.label, left.text, right.label, right.text, language]);
  return <div ref={host} className="code-editor overflow-hidden rounded-md border border-slate-300 bg-white text-[0.8125rem] dark:border-slate-600 dark:bg-slate-900" />;
}

function readOnlySide(label: string, language: CodeDiffProps["language"]): Extension[] {
  return [
    lineNumbers(),
    ...(language === "javascript" ? [codeHighlighting, javascript()] : []),
    EditorState.readOnly.of(true),
    EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true", "aria-readonly": "true" }),
    EditorView.theme({ ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" } }),
  ];
}
