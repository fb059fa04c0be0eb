// The page's state in the URL's hash, so a link reproduces what you see: `#s=` is the state as
// JSON, deflated (CompressionStream, built into browsers and Node) and base64url-encoded;
// `#text=` is plain URL-encoded input, for links written by hand (docs, issues, `chatml playground`).
import { type PageState, type Settings, settingsFrom } from "./settings.js";

/** The hash (without `#`) for `state`. */
export async function encodeState(state: PageState): Promise<string> {
  const json = JSON.stringify({ v: 1, text: state.text, ...state.settings });
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return `s=${toBase64Url(bytes)}`;
}

/**
 * The state a hash holds, or undefined when it holds none (or is damaged).
 * Settings are checked against the names given; unknown ones fall back to defaults.
 */
export async function decodeState(
  hash: string,
  profiles: readonly string[],
  models: readonly string[],
): Promise<PageState | undefined> {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const plain = params.get("text");
  if (plain !== null) return { text: plain, settings: settingsFrom({}, profiles, models) };
  const packed = params.get("s");
  if (packed === null) return undefined;
  try {
    const stream = new Blob([fromBase64Url(packed)])
      .stream()
      .pipeThrough(new DecompressionStream("deflate-raw"));
    const value = JSON.parse(await new Response(stream).text()) as Record<string, unknown>;
    if (typeof value.text !== "string") return undefined;
    const settings: Settings = settingsFrom(value, profiles, models);
    return { text: value.text, settings };
  } catch {
    return undefined;
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
