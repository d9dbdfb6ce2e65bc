// Syntax colours for every CodeMirror view, from CSS variables (app/globals.css) so they follow
// the light and dark themes; CodeMirror's default style is made for a light background only.
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";

const style = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.modifier, tags.controlKeyword], color: "var(--code-keyword)" },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: "var(--code-string)" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--code-literal)" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "var(--code-comment)", fontStyle: "italic" },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: "var(--code-function)" },
  { tag: [tags.definition(tags.variableName), tags.typeName, tags.className], color: "var(--code-definition)" },
  { tag: tags.propertyName, color: "var(--code-property)" },
  { tag: tags.invalid, color: "var(--code-invalid)" },
]);

export const codeHighlighting = syntaxHighlighting(style);
