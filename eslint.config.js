// Lint: recommended JS + TypeScript rules; the type checker (npm run typecheck) does the rest.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".sluice/", ".next/", "lib/store/migrations/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", setImmediate: "readonly", queueMicrotask: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Tests read JSON responses field by field; typing every response shape would add nothing.
  { files: ["**/*.test.ts", "**/test/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
);
