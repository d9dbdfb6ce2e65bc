"use client";
// A CodeMirror 6 editor for the hook source (JavaScript) and analytics queries (SQL), labelled for
// screen readers and tests (the editable area is a textbox named by `label`), with problems shown
// at their line: JavaScript syntax errors as you type, and those the API reports (`diagnostics`,
// 1-based line and column).
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { sql } from "@codemirror/lang-sql";
import { bracketMatching, ensureSyntaxTree } from "@codemirror/language";
import { forceLinting, lintGutter, linter, type Diagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { codeHighlighting } from "./code-highlight.ts";

export interface CodeProblem {
  line: number;
  column?: number;
  message: string;
}

interface CodeEditorProps {
  label: string;
  value: string;
  onChange?: (value: string) => void;
  language: "javascript" | "sql";
  diagnostics?: CodeProblem[];
  readOnly?: boolean;
  /** Ctrl/Cmd+Enter, e.g. run the query. */
  onSubmit?: () => void;
  minHeight?: string;
}

export function CodeEditor({ label, value, onChange, language, diagnostics = [], readOnly = false, onSubmit, minHeight = "16rem" }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The latest callbacks and reported problems, read by the editor's listeners, which are set up once.
  const callbacks = useRef({ onChange, onSubmit });
  const reported = useRef(diagnostics);
  useEffect(() => {
    callbacks.current = { onChange, onSubmit };
  });

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          bracketMatching(),
          highlightActiveLine(),
          codeHighlighting,
          lintGutter(),
          linter((view) => [...(language === "javascript" ? syntaxErrors(view.state) : []), ...reported.current.map((problem) => toDiagnostic(view.state, problem))], { delay: 300 }),
          language === "javascript" ? javascript() : sql(),
          keymap.of([{ key: "Mod-Enter", run: () => (callbacks.current.onSubmit?.(), Boolean(callbacks.current.onSubmit)) }, indentWithTab, ...defaultKeymap, ...historyKeymap]),
          EditorState.readOnly.of(readOnly),
          // A read-only editor stays focusable to select and copy; say that it cannot be changed.
          EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true", ...(readOnly && { "aria-readonly": "true" }) }),
          EditorView.theme({ "&": { minHeight, fontSize: "0.8125rem" }, ".cm-scroller": { minHeight, fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" } }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is made once per mount; value changes from outside are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, readOnly, label]);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    reported.current = diagnostics;
    if (view.current) forceLinting(view.current);
  }, [diagnostics]);

  return <div ref={host} className="code-editor overflow-hidden rounded-md border border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900" />;
}

/** Where the JavaScript parser could not make sense of the source, as you type. */
function syntaxErrors(state: EditorState): Diagnostic[] {
  const found: Diagnostic[] = [];
  ensureSyntaxTree(state, state.doc.length, 200)?.iterate({
    enter: (node) => {
      if (!node.type.isError) return;
      const from = Math.min(node.from, state.doc.length);
      const at = state.doc.lineAt(from);
      found.push({ from, to: Math.max(node.to, Math.min(from + 1, at.to)), severity: "error", message: "Syntax error" });
    },
  });
  return found;
}

function toDiagnostic(state: EditorState, { line, column, message }: CodeProblem): Diagnostic {
  const at = state.doc.line(Math.min(Math.max(line, 1), state.doc.lines));
  const from = Math.min(at.from + Math.max((column ?? 1) - 1, 0), at.to);
  return { from, to: Math.max(from, at.to), severity: "error", message };
}
