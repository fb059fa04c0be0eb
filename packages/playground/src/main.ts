// The page: reads the controls, sends the input to the worker, draws what comes back. Nothing
// heavy runs here: a keystroke only (re)starts a short timer, and the worker is sent the newest
// input once the last answer is in, so typing never waits for an analysis.
import type { Analysis, Conversion, Finding } from "./analysis.js";
import { byId, h } from "./dom.js";
import { EXAMPLES } from "./examples.js";
import type { FromWorker, ToWorker } from "./protocol.js";
import { DEFAULT_SETTINGS, type PageState, type ReadAs, type Settings } from "./settings.js";
import { renderCards } from "./views/cards.js";
import { renderFindings } from "./views/findings.js";
import { renderSummary } from "./views/summary.js";
import { renderTokens, TOKENS_PER_PAGE, tokenAt } from "./views/tokens.js";

/** Pause in typing before the input is analysed again. */
const TYPING_PAUSE_MS = 150;
/** Longest hash kept in the address bar; past it the link would not survive being shared. */
const MAX_HASH = 1_500_000;
/** A hash up to this long is written at once; a longer one after a pause in typing. */
const SMALL_HASH = 64 * 1024;
const URL_PAUSE_MS = 1000;

const input = byId<HTMLTextAreaElement>("input");
const controls = {
  example: byId<HTMLSelectElement>("example"),
  file: byId<HTMLInputElement>("file"),
  readAs: byId<HTMLSelectElement>("read-as"),
  line: byId<HTMLInputElement>("line"),
  lineLabel: byId("line-label"),
  profile: byId<HTMLSelectElement>("profile"),
  dialect: byId<HTMLSelectElement>("dialect"),
  model: byId<HTMLSelectElement>("model"),
  maxTokens: byId<HTMLInputElement>("max-tokens"),
  tokenizerFile: byId<HTMLInputElement>("tokenizer-file"),
  tokenizerClear: byId<HTMLButtonElement>("tokenizer-clear"),
};
const panels = {
  messages: byId("panel-messages"),
  tokens: byId("panel-tokens"),
  convert: byId("panel-convert"),
};
type Tab = keyof typeof panels;

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const send = (message: ToWorker) => worker.postMessage(message);

let profileSummaries = new Map<string, string>();
let nextId = 0;
let inFlight = false;
let pending = false;
let timer: ReturnType<typeof setTimeout> | undefined;
/** The text of each request still unanswered, by id: a transcript's view is its own input. */
const sentTexts = new Map<number, string>();
let shown: { analysis: Analysis; text: string } | undefined;
let tab: Tab = "messages";
let urlTimer: ReturnType<typeof setTimeout> | undefined;
let tokenPage = 0;
/** Panels drawn for the analysis shown (the others are drawn when their tab is opened). */
const drawn = new Set<Tab>();
/** Hashes this page wrote, so that only a hash someone else set (a followed link) is loaded. */
let ownHash = "";

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === "ready") return start(message);
  if (message.type === "decoded") return loadState(message.state);
  if (message.type === "tokenizer") return tokenizerTaken(message);
  inFlight = false;
  const id = message.type === "result" ? message.analysis.id : message.id;
  const text = sentTexts.get(id) ?? "";
  for (const key of sentTexts.keys()) if (key <= id) sentTexts.delete(key);
  if (pending) {
    // Newer input is waiting: this answer is already out of date.
    pending = false;
    analyseNow();
    return;
  }
  busy(timer !== undefined);
  if (message.type === "failed") {
    byId("read-note").textContent = `Could not analyse the input: ${message.message}`;
    return;
  }
  show(message.analysis, text);
};

function start(ready: Extract<FromWorker, { type: "ready" }>): void {
  profileSummaries = new Map(ready.profiles.map((p) => [p.name, p.label]));
  controls.profile.replaceChildren(...ready.profiles.map((p) => h("option", { value: p.name }, p.name)));
  controls.model.replaceChildren(...ready.models.map((m) => h("option", { value: m }, m)));
  controls.example.append(...EXAMPLES.map((e) => h("option", { value: e.id }, e.label)));
  applySettings(DEFAULT_SETTINGS);
  void openHash();
}

/**
 * Opens what the hash says: `#load=PATH`, a file of this page's own server (`chatml
 * playground FILE` for a file too long for a URL), or a state or text (share.ts).
 */
async function openHash(): Promise<void> {
  const load = new URLSearchParams(location.hash.slice(1)).get("load");
  if (load !== null) {
    const url = new URL(load, location.href);
    const response = url.origin === location.origin ? await fetch(url).catch(() => undefined) : undefined;
    if (response?.ok) loadState({ text: await response.text(), settings: settings() });
    else loadState(undefined);
  } else if (location.hash.length > 1) {
    send({ type: "decode", hash: location.hash });
  } else {
    useExample("basic");
  }
}

/** Shows a state from a link; a hash that holds none leaves the page as it is. */
function loadState(state: PageState | undefined): void {
  if (state === undefined) {
    if (input.value === "") useExample("basic");
    byId("share-note").textContent = "The link's state could not be read.";
    return;
  }
  input.value = state.text;
  applySettings(state.settings);
  analyseNow();
}

function useExample(id: string): void {
  const example = EXAMPLES.find((e) => e.id === id);
  if (example === undefined) return;
  input.value = example.text;
  applySettings({ ...DEFAULT_SETTINGS, ...example.settings });
  analyseNow();
}

function applySettings(s: Settings): void {
  controls.readAs.value = s.readAs;
  controls.line.value = String(s.line);
  controls.profile.value = s.profile;
  controls.dialect.value = s.dialect;
  controls.model.value = s.model;
  controls.maxTokens.value = s.maxTokens === undefined ? "" : String(s.maxTokens);
  describeProfile();
}

function settings(): Settings {
  const max = controls.maxTokens.value.trim();
  const maxTokens = max === "" ? undefined : Number(max);
  return {
    readAs: controls.readAs.value as ReadAs,
    line: Math.max(1, Math.floor(Number(controls.line.value) || 1)),
    profile: controls.profile.value as Settings["profile"],
    dialect: controls.dialect.value as Settings["dialect"],
    model: controls.model.value,
    maxTokens:
      maxTokens !== undefined && Number.isSafeInteger(maxTokens) && maxTokens >= 0 ? maxTokens : undefined,
  };
}

function describeProfile(): void {
  byId("profile-note").textContent =
    `${profileSummaries.get(controls.profile.value) ?? ""}. The profile decides how JSON compiles and how a transcript is read (its tool calls, results and reasoning); the dialect is chatml's.`;
}

/** Analyses after a pause in typing. */
function analyseSoon(): void {
  clearTimeout(timer);
  clearTimeout(urlTimer);
  timer = setTimeout(analyseNow, TYPING_PAUSE_MS);
  busy(true);
}

/** `data-busy` on the body says whether an analysis is due (tests and screenshots wait on it). */
function busy(on: boolean): void {
  document.body.dataset.busy = String(on);
}

function analyseNow(): void {
  clearTimeout(timer);
  timer = undefined;
  busy(true);
  if (inFlight) {
    pending = true;
    return;
  }
  inFlight = true;
  const id = ++nextId;
  const text = input.value;
  sentTexts.set(id, text);
  send({ type: "analyze", id, text, settings: settings(), conversions: tab === "convert" });
}

/**
 * Draws an analysis in three tasks (the figures, the open view, the link), so that a
 * keystroke waits at most for one of them. `data-analysis` says when all three are done.
 */
function show(analysis: Analysis, text: string): void {
  shown = { analysis, text };
  drawn.clear();
  const current = () => shown?.analysis === analysis;
  step(() => {
    byId("read-note").textContent = `${analysis.readNote}; analysed in ${analysis.ms} ms.`;
    controls.lineLabel.hidden = analysis.kind !== "jsonl";
    if (analysis.line !== undefined) controls.line.max = String(analysis.line.lines);
    renderSummary(byId("summary"), analysis, analysis.view.spans.ids.length);
    renderFindings(
      byId("findings"),
      analysis.findings,
      { errors: analysis.errorCount, warnings: analysis.warningCount },
      goTo,
    );
    tokenPage = Math.min(tokenPage, Math.floor(analysis.view.spans.ids.length / TOKENS_PER_PAGE));
  });
  setTimeout(() => {
    if (!current()) return;
    step(() => draw(tab));
    setTimeout(() => {
      if (!current()) return;
      // A long state waits for a pause in typing: writing it to the address bar takes a while.
      if (analysis.share.length <= SMALL_HASH) step(() => keepInUrl(analysis));
      else urlTimer = setTimeout(() => step(() => keepInUrl(analysis)), URL_PAUSE_MS);
      document.body.dataset.analysis = String(analysis.id);
    });
  });
}

/** Runs one drawing task, named in the page's performance timeline for the browser test's figures. */
function step(work: () => void): void {
  const start = performance.now();
  work();
  performance.measure("playground:draw", { start });
}

function keepInUrl(analysis: Analysis): void {
  clearTimeout(urlTimer);
  urlTimer = undefined;
  if (analysis.share.length <= MAX_HASH) {
    ownHash = `#${analysis.share}`;
    history.replaceState(null, "", ownHash);
    byId("share-note").textContent = "";
  } else {
    ownHash = "";
    history.replaceState(null, "", location.pathname + location.search);
    byId("share-note").textContent = "This input is too large to keep in a link.";
  }
}

function draw(which: Tab): void {
  if (shown === undefined || drawn.has(which)) return;
  drawn.add(which);
  const { analysis, text } = shown;
  if (which === "messages")
    renderCards(panels.messages, analysis.cards, analysis.findings, analysis.next, text);
  else if (which === "tokens") drawTokens();
  else if (analysis.conversions === undefined) {
    // Converted only while this view is open: ask for them.
    for (const which of ["chatml", "json"] as const) fillConversion(which, undefined);
    analyseNow();
  } else {
    fillConversion("chatml", analysis.conversions.asChatml);
    fillConversion("json", analysis.conversions.asJson);
  }
}

function drawTokens(): void {
  if (shown === undefined) return;
  const { analysis, text } = shown;
  renderTokens(
    panels.tokens,
    {
      text: analysis.view.text ?? text,
      spans: analysis.view.spans,
      findings: analysis.findings,
      note: analysis.view.note,
    },
    tokenPage,
    (page) => {
      tokenPage = page;
      drawTokens();
      byId("token-range").scrollIntoView({ block: "nearest" });
    },
  );
}

function fillConversion(which: "chatml" | "json", c: Conversion | undefined): void {
  const area = byId<HTMLTextAreaElement>(`as-${which}`);
  area.value = c === undefined ? "Converting…" : c.ok ? c.text : `Cannot convert:\n${c.problems.join("\n")}`;
  area.dataset.ok = String(c?.ok ?? true);
  byId<HTMLButtonElement>(`copy-${which}`).disabled = c?.ok !== true;
  byId<HTMLButtonElement>(`edit-${which}`).disabled = c?.ok !== true;
}

/** Selects a diagnostic's place in the input, and shows it in the open view. */
function goTo(f: Finding): void {
  if (f.input !== undefined) {
    input.focus();
    input.setSelectionRange(f.input.start, f.input.end);
    const lineHeight = Number.parseFloat(getComputedStyle(input).lineHeight) || 18;
    input.scrollTop = Math.max(0, (f.input.line - 3) * lineHeight);
  }
  if (tab === "tokens" && f.view !== undefined && shown !== undefined) {
    tokenPage = Math.floor(tokenAt(shown.analysis.view.spans, f.view.start) / TOKENS_PER_PAGE);
    drawTokens();
    panels.tokens.querySelector(".hit")?.scrollIntoView({ block: "center" });
  } else if (tab === "messages" && f.card !== undefined) {
    byId(`card-${f.card.index}`).scrollIntoView({ block: "center" });
  }
}

function selectTab(next: Tab, focus: boolean): void {
  tab = next;
  for (const name of Object.keys(panels) as Tab[]) {
    const button = byId(`tab-${name}`);
    const on = name === next;
    button.setAttribute("aria-selected", String(on));
    button.tabIndex = on ? 0 : -1;
    panels[name].hidden = !on;
    if (on && focus) button.focus();
  }
  draw(next);
}

async function copy(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    byId("share-note").textContent = `${what} copied.`;
  } catch {
    byId("share-note").textContent = `${what} could not be copied: select it and copy by hand.`;
  }
}

// Wiring.
input.addEventListener("input", analyseSoon);
for (const el of [controls.readAs, controls.line, controls.profile, controls.dialect, controls.model]) {
  el.addEventListener("change", () => {
    describeProfile();
    analyseNow();
  });
}
controls.maxTokens.addEventListener("input", analyseSoon);
controls.example.addEventListener("change", () => {
  useExample(controls.example.value);
  controls.example.value = "";
});
controls.file.addEventListener("change", async () => {
  const file = controls.file.files?.[0];
  if (file !== undefined) openFile(file);
});
input.addEventListener("dragover", (event) => event.preventDefault());
input.addEventListener("drop", (event) => {
  const file = event.dataTransfer?.files[0];
  if (file === undefined) return;
  event.preventDefault();
  openFile(file);
});

controls.tokenizerFile.addEventListener("change", async () => {
  const file = controls.tokenizerFile.files?.[0];
  if (file === undefined) return;
  byId("tokenizer-note").textContent = `Reading ${file.name}…`;
  send({ type: "tokenizer", name: file.name, json: await file.text() });
});
controls.tokenizerClear.addEventListener("click", () => {
  controls.tokenizerFile.value = "";
  send({ type: "tokenizer", name: "", json: undefined });
});

/** The worker took a tokenizer.json (or dropped it, or refused one): say so and analyse again. */
function tokenizerTaken(message: Extract<FromWorker, { type: "tokenizer" }>): void {
  const now =
    message.name === undefined
      ? "Tokens are the model's encoding."
      : `Tokens are ${message.name}'s: ${message.addedTokens} added tokens, each one token and flagged in content; the model gives the context window. It stays in this page, not in the link.`;
  byId("tokenizer-note").textContent =
    message.error === undefined ? now : `Not used: ${message.error}. ${now}`;
  controls.tokenizerClear.hidden = message.name === undefined;
  analyseNow();
}

async function openFile(file: File): Promise<void> {
  input.value = await file.text();
  const ext = file.name.toLowerCase().split(".").pop() ?? "";
  controls.readAs.value = ["jsonl", "ndjson"].includes(ext)
    ? "jsonl"
    : ext === "json"
      ? "json"
      : ["chatml", "txt", "jinja", "j2"].includes(ext)
        ? "transcript"
        : "auto";
  analyseNow();
}

const tabs: Tab[] = ["messages", "tokens", "convert"];
for (const name of tabs) {
  const button = byId(`tab-${name}`);
  button.addEventListener("click", () => selectTab(name, false));
  button.addEventListener("keydown", (event) => {
    const at = tabs.indexOf(name);
    const to =
      event.key === "ArrowRight"
        ? (at + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (at + tabs.length - 1) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? tabs.length - 1
              : -1;
    if (to === -1) return;
    event.preventDefault();
    selectTab(tabs[to] as Tab, true);
  });
}
for (const which of ["chatml", "json"] as const) {
  const area = () => byId<HTMLTextAreaElement>(`as-${which}`);
  byId(`copy-${which}`).addEventListener("click", () =>
    copy(area().value, which === "chatml" ? "ChatML" : "JSON"),
  );
  byId(`edit-${which}`).addEventListener("click", () => {
    input.value = area().value;
    controls.readAs.value = "auto";
    analyseNow();
    input.focus();
  });
}
byId("copy-link").addEventListener("click", () => {
  if (urlTimer !== undefined && shown !== undefined) keepInUrl(shown.analysis);
  void copy(location.href, "The link");
});
// A badge links to its diagnostic in the list; following it must not replace the state in the hash.
document.addEventListener("click", (event) => {
  const link = (event.target as Element | null)?.closest?.("a.badge");
  if (!(link instanceof HTMLAnchorElement)) return;
  event.preventDefault();
  const item = document.getElementById(link.hash.slice(1));
  item?.scrollIntoView({ block: "nearest" });
  item?.focus();
});
window.addEventListener("hashchange", () => {
  if (location.hash !== ownHash && /^#(s|text|load)=/.test(location.hash)) void openHash();
});
