// Regenerates the README's screenshots (docs/*.png) from the built page in Debian's Chromium:
// `pnpm run screenshots` at the repository root (it builds first), or
// `pnpm --dir packages/playground run screenshots` after a build.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launch, ROOT, servePlayground, settled } from "./chromium.mjs";

const OUT = join(ROOT, "packages/playground/docs");
/** Each view: the example it shows, its tab, the settings changed, and the file. */
const VIEWS = [
  { file: "messages.png", example: "injection", tab: "messages" },
  { file: "tokens.png", example: "injection", tab: "tokens" },
  { file: "convert.png", example: "few-shot", tab: "convert" },
  { file: "tools-qwen.png", example: "tools", tab: "tokens" },
  { file: "lookalike.png", example: "lookalike", tab: "tokens" },
];

mkdirSync(OUT, { recursive: true });
const [browser, served] = await Promise.all([launch(), servePlayground()]);
try {
  for (const view of VIEWS) {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${served.origin}/`);
    await settled(page);
    const before = await page.evaluate(() => Number(document.body.dataset.analysis));
    await page.selectOption("#example", view.example);
    await settled(page, before);
    await page.click(`#tab-${view.tab}`);
    await page.screenshot({ path: join(OUT, view.file), animations: "disabled" });
    console.log(`wrote packages/playground/docs/${view.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  served.stop();
}
