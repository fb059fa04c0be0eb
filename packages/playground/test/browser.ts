// The playground's browser tests: Debian's Chromium through playwright-core (scripts/chromium.mjs
// starts it and `chatml playground`). Without Chromium the tests are skipped, saying so; CI
// (.ci/run) installs it and sets CHATML_REQUIRE_CHROMIUM=1, and then a missing Chromium fails.
import { existsSync } from "node:fs";
import { CHROMIUM } from "../scripts/chromium.mjs";

export { launch, ROOT, type Served, servePlayground, settled } from "../scripts/chromium.mjs";
export const chromiumFound = existsSync(CHROMIUM);
export const chromiumRequired = process.env.CHATML_REQUIRE_CHROMIUM === "1";
