// Lint: recommended JS + TypeScript rules; the type checker (npm run typecheck) does the rest.
// The console (app/, components/, lib/console, lib/swr, lib/mqtt) adds the rules of hooks and Next.js's rules.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const consoleFiles = ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/console/**/*.{ts,tsx}", "lib/swr/**/*.{ts,tsx}", "lib/mqtt/**/*.{ts,tsx}"];

export default tseslint.config(
  { ignores: ["node_modules/", ".sluice/", ".next/", "next-env.d.ts", "test-results/", "playwright-report/", "lib/store/migrations/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", setImmediate: "readonly", queueMicrotask: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { files: consoleFiles, ...reactHooks.configs.flat["recommended-latest"], languageOptions: { globals: globals.browser } },
  { files: consoleFiles, ...nextPlugin.configs["core-web-vitals"], settings: { next: { rootDir: "." } } },
  // DESIGN §2: the server side stays free of the console's framework.
  {
    files: ["lib/{broker,hook-runtime,server,store,cli}/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["next", "next/*", "next-auth", "next-auth/*", "react", "react/*", "react-dom", "react-dom/*"], message: "lib/broker, hook-runtime, server, store and cli never import Next.js or React" }] }] },
  },
  // Tests read JSON responses field by field; typing every response shape would add nothing.
  { files: ["**/*.test.ts", "**/test/**/*.ts", "e2e/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
);
