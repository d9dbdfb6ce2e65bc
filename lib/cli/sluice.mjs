#!/usr/bin/env node
// The `sluice` command's entry: registers the TypeScript loader (tsx) and runs lib/cli/index.ts,
// so `npx sluice …` works right after `npm install` without a build step.
import { register } from "tsx/esm/api";

register();
await import("./index.ts");
