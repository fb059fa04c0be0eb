// The worker: parsing, validation, tokenizing and the share link's compression run here, so
// typing in the page never waits for them. Requests are answered in order; the page sends a
// new one only when the last is answered, so a burst of typing is one analysis, not many.
import { PROFILE_NAMES, profileInfo } from "@chatmlkit/parser";
import { type JsonTokenizer, knownModels, loadTokenizer, tokenizerFromJson } from "@chatmlkit/validator";
import type { Analysis } from "./analysis.js";
import { analyze } from "./analyze.js";
import type { FromWorker, ToWorker } from "./protocol.js";
import { decodeState, encodeState } from "./share.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

const models = knownModels();
const profiles = PROFILE_NAMES.map((name) => ({ name, label: profileInfo(name)?.summary ?? name }));
let preloaded = false;
/** The open model's vocabulary the page opened, if any: it stays in the page, never in the link. */
let vocabulary: JsonTokenizer | undefined;

scope.onmessage = async (event) => {
  const request = event.data;
  if (request.type === "decode") {
    post({
      type: "decoded",
      hash: request.hash,
      state: await decodeState(request.hash, PROFILE_NAMES, models),
    });
    return;
  }
  if (request.type === "tokenizer") {
    try {
      vocabulary =
        request.json === undefined
          ? undefined
          : await tokenizerFromJson(JSON.parse(request.json), {}, { name: request.name });
      post({
        type: "tokenizer",
        name: vocabulary?.encoding,
        addedTokens: vocabulary?.specialTokens.size ?? 0,
      });
    } catch (error) {
      // The one before stays in use; the page says why this one was not taken.
      const message = error instanceof Error ? error.message : String(error);
      post({
        type: "tokenizer",
        name: vocabulary?.encoding,
        addedTokens: vocabulary?.specialTokens.size ?? 0,
        error: message,
      });
    }
    return;
  }
  const started = performance.now();
  try {
    const [result, share] = await Promise.all([
      analyze(request.text, request.settings, vocabulary),
      encodeState({ text: request.text, settings: request.settings }),
    ]);
    // The conversions only while the Convert view is open: for a 1 MB transcript they are two
    // more megabytes for the page to receive.
    const { conversions, ...rest } = result;
    const analysis: Analysis = {
      ...rest,
      ...(request.conversions && { conversions }),
      id: request.id,
      share,
      ms: Math.round(performance.now() - started),
    };
    const { spans } = analysis.view;
    post({ type: "result", analysis }, [spans.ids.buffer, spans.ends.buffer, spans.special.buffer]);
  } catch (error) {
    post({ type: "failed", id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
  // Once the page has shown something, load the other encoding too: the page then works
  // offline whichever model is picked next.
  if (!preloaded) {
    preloaded = true;
    void Promise.all([loadTokenizer("cl100k_base"), loadTokenizer("o200k_base")]);
  }
};

post({ type: "ready", profiles, models });
