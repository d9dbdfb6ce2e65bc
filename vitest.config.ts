import { defineConfig } from "vitest/config";

// Unit tests run over in-memory streams; integration tests open real sockets on free ports.
// Only lib/: the console's end-to-end specs in e2e/ are Playwright's (playwright.config.ts).
export default defineConfig({
  test: {
    include: ["lib/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // isolated-vm (hook scripts) can crash Node ≥ 20 unless the process runs with --no-node-snapshot.
    poolOptions: { forks: { execArgv: ["--no-node-snapshot"] } },
  },
});
