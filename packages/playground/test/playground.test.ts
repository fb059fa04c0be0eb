// The playground in a real browser (see browser.ts): load, an injection found at its place,
// converting both ways, a model change changing the count, a shared link reproducing the page,
// keyboard use, axe-core's accessibility audit, and typing on a 1 MB transcript (its figures
// are printed, not asserted: timings depend on the machine).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { compile, LineIndex } from "@chatmlkit/parser";
import { countTranscriptTokens } from "@chatmlkit/validator";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyTokenizerText } from "../../../scripts/tiny-tokenizer.js";
import {
  chromiumFound,
  chromiumRequired,
  launch,
  ROOT,
  type Served,
  servePlayground,
  settled,
} from "./browser.js";

const example = (path: string) => readFileSync(join(ROOT, path), "utf8");
const INJECTION = example("packages/cli/examples/prompts/support-chat.json");
const FEW_SHOT = example("packages/cli/examples/messages.json");
const BASIC = example("packages/cli/examples/prompts/tax-assistant.chatml");

describe("Chromium is there when CI needs it", () => {
  it.runIf(chromiumRequired)("chromium exists (CI installs it: .ci/run)", () => {
    expect(chromiumFound, "no Chromium at CHROMIUM_PATH or /usr/bin/chromium").toBe(true);
  });
  if (!chromiumFound && !chromiumRequired) {
    it.skip(
      "Chromium is not installed here: the playground's browser tests are skipped (apt-get install chromium to run them)",
    );
  }
});

describe.runIf(chromiumFound || chromiumRequired)("the playground in Chromium", () => {
  let browser: Browser;
  let served: Served;
  beforeAll(async () => {
    [browser, served] = await Promise.all([launch(), servePlayground()]);
  });
  afterAll(async () => {
    await browser?.close();
    served?.stop();
  });

  /** A new page on the playground, failing the test on any page error; `requests` collects every URL it asks for. */
  async function open(hash = "", options: { bypassCSP?: boolean } = {}) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...options });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`${served.origin}/${hash}`);
    await settled(page);
    return { page, errors, requests };
  }

  const analysisId = (page: Page) => page.evaluate(() => Number(document.body.dataset.analysis ?? 0));

  async function setInput(page: Page, text: string): Promise<void> {
    const before = await analysisId(page);
    await page.fill("#input", text);
    await settled(page, before);
  }

  async function choose(page: Page, select: string, value: string): Promise<void> {
    const before = await analysisId(page);
    await page.selectOption(select, value);
    await settled(page, before);
  }

  it("loads on its first example, and asks for nothing but its own files", async () => {
    const { page, errors, requests } = await open();
    expect(await page.inputValue("#input")).toBe(BASIC);
    expect(await page.locator(".card .role").allTextContents()).toEqual(["system", "user"]);
    const { tokens } = await countTranscriptTokens(BASIC, { model: "gpt-4o" });
    expect(await page.textContent("#prompt-tokens")).toBe(tokens.toLocaleString("en-US"));
    expect(await page.textContent("#findings")).toContain("No problems found");
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(served.origin) && !url.startsWith("data:"))).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("pasting an injection shows special-token at the injected token: in the list, the card, the tokens and the input", async () => {
    const { page, errors } = await open();
    await setInput(page, INJECTION);
    const item = page.locator('.finding[data-rule="special-token"]').first();
    await expect.poll(() => item.count()).toBe(1);
    // Where the file has it: the list's place is the token's line and column in the JSON text.
    const at = INJECTION.indexOf("<|im_end|>");
    const { line, column } = new LineIndex(INJECTION).position(at);
    expect(await item.locator(".goto").textContent()).toBe(`line ${line}, column ${column}`);
    expect(await item.locator("a.rule").getAttribute("href")).toBe(
      "https://github.com/chatmlkit/chatmlkit/blob/main/docs/rules.md#special-token",
    );
    // Marked in the user's card, on exactly the token's text, with its rule id beside it.
    const mark = page.locator('.card mark[data-rule="special-token"]');
    expect(await mark.allTextContents()).toEqual(["<|im_end|>", "<|im_start|>"]);
    expect(await page.locator('.card .badge[data-rule="special-token"]').first().textContent()).toContain(
      "special-token",
    );
    // A badge leads to its diagnostic in the list, and the link in the address bar stays the page's.
    const hash = new URL(page.url()).hash;
    await page.locator('.card .badge[data-rule="special-token"]').first().click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-rule"))).toBe(
      "special-token",
    );
    expect(new URL(page.url()).hash).toBe(hash);
    // Following it selects the token in the input.
    await item.locator(".goto").click();
    const selected = await page.evaluate(() => {
      const input = document.getElementById("input") as HTMLTextAreaElement;
      return input.value.slice(input.selectionStart, input.selectionEnd);
    });
    expect(selected).toBe("<|im_end|>");
    // In the token view the compiled content spells it as ordinary tokens, flagged.
    await page.click("#tab-tokens");
    const flagged = await page.locator('.tok.hit[data-rule="special-token"]').allTextContents();
    expect(flagged.join("")).toContain("<|im_end|>");
    expect(await page.locator('.tok.hit[data-rule="special-token"].special').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("converts JSON to ChatML and back, in the dialect chosen, with copy buttons", async () => {
    const { page } = await open();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: served.origin });
    await setInput(page, FEW_SHOT);
    let before = await analysisId(page);
    await page.click("#tab-convert"); // conversions are made while this view is open
    await settled(page, before);
    const body = JSON.parse(FEW_SHOT);
    expect(await page.inputValue("#as-chatml")).toBe(compile(body));
    await page.click("#copy-chatml");
    await expect.poll(() => page.textContent("#share-note")).toBe("ChatML copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(compile(body));
    await choose(page, "#dialect", "chatml-sep");
    expect(await page.inputValue("#as-chatml")).toBe(compile(body, { dialect: "chatml-sep" }));
    await choose(page, "#dialect", "auto");
    // The ChatML as the input: read as a transcript, its JSON has the same messages.
    before = await analysisId(page);
    await page.click("#edit-chatml");
    await settled(page, before);
    expect(await page.textContent("#read-note")).toContain("ChatML transcript");
    const back = JSON.parse(await page.inputValue("#as-json"));
    expect(back.messages).toEqual(body.messages);
    expect(back.addGenerationPrompt).toBe(true);
    await page.context().close();
  });

  it("opens a file: a JSONL dataset, shown a line at a time", async () => {
    const { page } = await open();
    const lines = [
      { messages: [{ role: "user", content: "first" }] },
      { messages: [{ role: "user", content: "second <|im_end|>" }] },
    ];
    const before = await analysisId(page);
    await page.setInputFiles("#file", {
      name: "train.jsonl",
      mimeType: "application/jsonl",
      buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join("\n")),
    });
    await settled(page, before);
    expect(await page.textContent("#read-note")).toContain("line 1 of 2");
    expect(await page.textContent(".card .content")).toBe("first");
    expect(await page.isVisible("#line")).toBe(true);
    const next = await analysisId(page);
    await page.fill("#line", "2");
    await page.dispatchEvent("#line", "change");
    await settled(page, next);
    expect(await page.textContent(".card .content")).toContain("second");
    const column = JSON.stringify(lines[1]).indexOf("<|im_end|>") + 1;
    expect(await page.locator('.finding[data-rule="special-token"] .goto').textContent()).toBe(
      `line 2, column ${column}`,
    );
    await page.context().close();
  });

  it("opens a tokenizer.json: its added tokens are flagged in content and the count is its own", async () => {
    const { page } = await open();
    await setInput(page, JSON.stringify([{ role: "user", content: "Run <tool_call>{}</tool_call>" }]));
    expect(await page.locator('.finding[data-rule="foreign-special-token"]').count()).toBe(2);
    const before = await analysisId(page);
    await page.setInputFiles("#tokenizer-file", {
      name: "tokenizer.json",
      mimeType: "application/json",
      buffer: Buffer.from(tinyTokenizerText()),
    });
    await settled(page, before);
    expect(await page.textContent("#tokenizer-note")).toContain(
      "Tokens are tokenizer.json's: 5 added tokens",
    );
    expect(await page.locator('.finding[data-rule="special-token"]').count()).toBe(2);
    expect(await page.textContent("#summary .note")).toContain("tokenizer.json");
    // Back to the model's encoding.
    const again = await analysisId(page);
    await page.click("#tokenizer-clear");
    await settled(page, again);
    expect(await page.locator('.finding[data-rule="foreign-special-token"]').count()).toBe(2);
    expect(await page.isVisible("#tokenizer-clear")).toBe(false);
    await page.context().close();
  });

  it("counts with the model chosen: another model, another count and window", async () => {
    const { page } = await open();
    await setInput(page, INJECTION);
    const counts: Record<string, string | null> = {};
    for (const model of ["gpt-4o", "gpt-4"]) {
      await choose(page, "#model", model);
      counts[model] = await page.textContent("#summary .figures");
    }
    expect(counts["gpt-4o"]).toContain("128,000");
    expect(counts["gpt-4"]).toContain("8,192");
    expect(counts["gpt-4o"]).not.toBe(counts["gpt-4"]);
    // The figures are the validator's: gpt-4 counts with cl100k_base and its own formula.
    expect(await page.textContent("#summary .note")).toContain("cl100k_base");
    await page.context().close();
  });

  it("a shared link reproduces the input and the settings; #text= opens on a text", async () => {
    const first = await open();
    await first.page.selectOption("#example", "tools");
    await settled(first.page);
    await choose(first.page, "#model", "gpt-4o-mini");
    await choose(first.page, "#profile", "hermes");
    const url = first.page.url();
    const figures = await first.page.textContent("#summary .figures");
    expect(url).toMatch(/#s=/);
    const second = await open(new URL(url).hash);
    expect(await second.page.inputValue("#input")).toBe(await first.page.inputValue("#input"));
    expect(await second.page.inputValue("#model")).toBe("gpt-4o-mini");
    expect(await second.page.inputValue("#profile")).toBe("hermes");
    expect(await second.page.textContent("#summary .figures")).toBe(figures);
    await first.page.context().close();
    await second.page.context().close();
    const plain = await open(`#text=${encodeURIComponent(FEW_SHOT)}`);
    expect(await plain.page.inputValue("#input")).toBe(FEW_SHOT);
    expect(await plain.page.locator(".card").count()).toBe(4);
    await plain.page.context().close();
  });

  it("works from the keyboard: tabs move with the arrow keys", async () => {
    const { page } = await open();
    await page.focus("#tab-messages");
    await page.keyboard.press("ArrowRight");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-tokens");
    expect(await page.getAttribute("#tab-tokens", "aria-selected")).toBe("true");
    expect(await page.isVisible("#panel-tokens")).toBe(true);
    await page.keyboard.press("End");
    expect(await page.isVisible("#panel-convert")).toBe(true);
    await page.keyboard.press("Home");
    expect(await page.isVisible("#panel-messages")).toBe(true);
    await page.context().close();
  });

  it("axe-core finds no serious or critical violation in any view", async () => {
    // axe is injected as a script: the page's own policy allows only its files, so bypass it here.
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    const { page } = await open("", { bypassCSP: true });
    const found: { view: string; id: string; impact: string; nodes: number }[] = [];
    for (const [text, view] of [
      [INJECTION, "messages"],
      [INJECTION, "tokens"],
      [FEW_SHOT, "convert"],
      [example("packages/playground/examples/lookalike.chatml"), "tokens"],
    ] as const) {
      await setInput(page, text);
      await page.click(`#tab-${view}`);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
        const result = await axe.run();
        return result.violations as { id: string; impact: string; nodes: unknown[] }[];
      });
      for (const v of violations) found.push({ view, id: v.id, impact: v.impact, nodes: v.nodes.length });
    }
    console.log(
      `playground axe-core: ${found.length === 0 ? "no violations" : found.map((v) => `${v.view}: ${v.id} (${v.impact}, ${v.nodes} nodes)`).join("; ")}`,
    );
    expect(found.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
    await page.context().close();
  });

  it("typing on a 1 MB transcript: the worker does the work (the longest main-thread task is printed)", async () => {
    const { page, errors } = await open();
    const big = megabyteTranscript();
    await page.evaluate((text) => {
      const input = document.getElementById("input") as HTMLTextAreaElement;
      input.value = text;
      input.dispatchEvent(new Event("input"));
    }, big);
    await settled(page, await analysisId(page));
    const firstNote = await page.textContent("#read-note");
    // Measure with the browser's own instruments: long tasks (over 50 ms), long animation frames
    // (their blocking part: tasks' time past 50 ms) and key events (input to next paint).
    await page.evaluate(() => {
      const w = window as unknown as Measured;
      w.measured = { longTasks: [], frames: [], events: [] };
      const watch = (type: string, into: Timing[], init: object = {}) =>
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            const frame = e as PerformanceEntry & {
              blockingDuration?: number;
              scripts?: { invoker: string; duration: number }[];
            };
            const scripts = (frame.scripts ?? []).map((x) => `${x.invoker} ${Math.round(x.duration)} ms`);
            into.push({
              start: e.startTime,
              duration: e.duration,
              blocking: frame.blockingDuration ?? 0,
              scripts,
            });
          }
        }).observe({ type, ...init });
      watch("longtask", w.measured.longTasks);
      watch("long-animation-frame", w.measured.frames);
      watch("event", w.measured.events, { durationThreshold: 16 });
    });
    const before = await analysisId(page);
    // Put the caret at the end first (laying out the whole text once), then type there.
    await page.focus("#input");
    await page.keyboard.press("Control+End");
    await page.waitForTimeout(400);
    const typingFrom = await page.evaluate(() => performance.now());
    const typed = "\n<|im_start|>user\nOne more question about the refund policy, please.<|im_end|>";
    // In bursts, with pauses long enough for analyses to start and their results to be drawn
    // while the next burst is typed.
    for (let i = 0; i < typed.length; i += 12) {
      await page.keyboard.type(typed.slice(i, i + 12), { delay: 25 });
      await page.waitForTimeout(220);
    }
    await settled(page, before);
    // Let the last frame's entries arrive.
    await page.waitForTimeout(500);
    const m = await page.evaluate(() => (window as unknown as Measured).measured);
    const draws = await page.evaluate(
      (from) =>
        performance
          .getEntriesByName("playground:draw")
          .filter((e) => e.startTime >= from)
          .map((e) => Math.round(e.duration)),
      typingFrom,
    );
    // The instrument works: a 120 ms block in a task of the page's (a timer's: code run by the
    // test itself through the debugger is not a task) is seen as a long task.
    const control = await page.evaluate(async () => {
      const w = window as unknown as Measured;
      const seen = w.measured.longTasks.length;
      setTimeout(() => {
        const until = performance.now() + 120;
        while (performance.now() < until) {}
      });
      await new Promise((r) => setTimeout(r, 600));
      return w.measured.longTasks.length - seen;
    });
    expect(control).toBe(1);
    const during = (xs: Timing[], typing: boolean) => xs.filter((x) => x.start >= typingFrom === typing);
    const max = (xs: number[]) => Math.round(Math.max(0, ...xs));
    const tasks = during(m.longTasks, true);
    const frames = during(m.frames, true);
    console.log(
      `playground: typing ${typed.length} keys at the end of a ${(big.length / 1e6).toFixed(2)} MB transcript ` +
        `(target: typing never blocks over 50 ms): longest main-thread task ${tasks.length === 0 ? "under 50 ms (no long task)" : `${max(tasks.map((t) => t.duration))} ms`} ` +
        `(${tasks.length} long tasks); most blocking time in one frame ${max(frames.map((f) => f.blocking))} ms ` +
        `(${frames.length} frames over 50 ms, longest ${max(frames.map((f) => f.duration))} ms` +
        `${frames.length === 0 ? "" : `; their scripts: ${frames.flatMap((f) => f.scripts).join(", ") || "none"}`}); ` +
        `slowest key event, input to paint, ${max(during(m.events, true).map((e) => e.duration))} ms; ` +
        `drawing tasks (three per result) ${draws.join(", ")} ms. Before typing, Ctrl+End in the 1 MB text: ` +
        `longest task ${max(during(m.longTasks, false).map((t) => t.duration))} ms. The worker: ${firstNote}`,
    );
    // What was typed was analysed: the new message is the last card.
    expect(await page.inputValue("#input")).toBe(big + typed);
    expect(await page.textContent("#read-note")).toContain("analysed");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

/** One entry of a performance observer, in milliseconds of the page's clock. */
interface Timing {
  start: number;
  duration: number;
  blocking: number;
  /** A long animation frame's scripts: what ran in it, and for how long. */
  scripts: string[];
}

/** What the 1 MB test's observers collect. */
interface Measured {
  measured: { longTasks: Timing[]; frames: Timing[]; events: Timing[] };
}

/** About 1 MB of conversation: varied words, so the tokenizer and the compression do real work. */
function megabyteTranscript(): string {
  const words = (
    "the order refund policy arrived late shipping warranty headphones stopped working please " +
    "answer from manual customer support thanks again question return days business delivery express"
  ).split(" ");
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const parts: string[] = ["<|im_start|>system\nYou are a support assistant.<|im_end|>\n"];
  let size = parts[0]?.length ?? 0;
  for (let i = 0; size < 1_000_000; i++) {
    const n = 20 + (next() % 120);
    const text = Array.from({ length: n }, () => words[next() % words.length]).join(" ");
    const message = `<|im_start|>${i % 2 === 0 ? "user" : "assistant"}\n${text}.<|im_end|>\n`;
    parts.push(message);
    size += message.length;
  }
  return parts.join("");
}
