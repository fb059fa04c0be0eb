#!/usr/bin/env node
// The `chatml` command: the bundled CLI (built by `pnpm build`, see build.mjs).
import "../dist/chatml.mjs";
