// compileToAttributedSegments: the segments of compileToSegments, split where the writer changes,
// with who wrote each stretch. Checked over every profile's golden conversations: the segments
// read as compile's text, the owners are in order and cover them, and each message's stretch is
// where its text is.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CompileOptions,
  compile,
  compileToAttributedSegments,
  compileToSegments,
  PROFILE_NAMES,
  type Segment,
  type SegmentOwner,
} from "../src/index.js";

const ROOT = join(import.meta.dirname, "../../../fixtures/compile/profiles");
const CASES = readdirSync(ROOT).flatMap((profile) =>
  readdirSync(join(ROOT, profile)).map((name) => {
    const dir = join(ROOT, profile, name);
    const read = (file: string) => JSON.parse(readFileSync(join(dir, file), "utf8"));
    const options: CompileOptions = read("options.json");
    return [`${profile}/${name}`, read("messages.json"), options] as const;
  }),
);

const textOf = (segments: readonly Segment[]) =>
  segments.map((s) => (typeof s === "string" ? s : s.token)).join("");

/** Adjacent text joined, as compileToSegments gives it. */
function merged(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (typeof s === "string" && typeof last === "string") out[out.length - 1] = last + s;
    else out.push(s);
  }
  return out;
}

describe("compileToAttributedSegments over the profiles' golden conversations", () => {
  it.each(CASES)("%s", (_, input, options) => {
    const { segments, owners } = compileToAttributedSegments(input, options);
    expect(textOf(segments)).toBe(compile(input, options));
    expect(merged(segments)).toEqual(compileToSegments(input, options));
    if (segments.length === 0) return;
    expect(owners[0]?.at).toBe(0);
    for (let i = 1; i < owners.length; i++) {
      expect(owners[i]?.at).toBeGreaterThan(owners[i - 1]?.at as number);
      expect(owners[i]?.at).toBeLessThan(segments.length);
    }
    // Each message owns one stretch, in order, and its own content is in it.
    const messages: Array<{ role: string; content: unknown }> = Array.isArray(input) ? input : input.messages;
    const stretches = new Map<SegmentOwner, string>();
    owners.forEach(({ at, owner }, i) => {
      stretches.set(owner, (stretches.get(owner) ?? "") + textOf(segments.slice(at, owners[i + 1]?.at)));
    });
    const indexes = owners.flatMap(({ owner }) => (typeof owner === "number" ? [owner] : []));
    expect(indexes).toEqual([...new Set(indexes)].sort((a, b) => a - b));
    messages.forEach((message, index) => {
      if (
        typeof message.content === "string" &&
        message.content !== "" &&
        !message.content.includes("</think>")
      ) {
        expect(stretches.get(index) ?? "").toContain(message.content);
      }
    });
  });

  it("names the template's own parts: default system prompt, tools, generation prompt", () => {
    const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];
    const { segments, owners } = compileToAttributedSegments(
      { messages: [{ role: "user", content: "Hi" }], tools },
      { profile: "qwen2.5" },
    );
    expect(owners.map((o) => o.owner)).toEqual(["system-prompt", "tools", 0, "generation-prompt"]);
    const at = (owner: SegmentOwner) => owners.find((o) => o.owner === owner)?.at as number;
    expect(segments[at("system-prompt") + 1]).toBe(
      "system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
    );
    expect(textOf(segments.slice(at("tools"), at(0)))).toContain(
      '{"type": "function", "function": {"name": "f"',
    );
    expect(textOf(segments.slice(at("generation-prompt")))).toBe("<|im_start|>assistant\n");
    // Plain ChatML: one stretch per message, then the generation prompt.
    const plain = compileToAttributedSegments([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Yo" },
    ]);
    expect(plain.owners).toEqual([
      { at: 0, owner: 0 },
      { at: 4, owner: 1 },
      { at: 8, owner: "generation-prompt" },
    ]);
  });

  it.each(PROFILE_NAMES)("%s: the generation prompt is its own, the last stretch", (profile) => {
    const { segments, owners } = compileToAttributedSegments([{ role: "user", content: "Hi" }], { profile });
    const last = owners.at(-1);
    expect(last?.owner).toBe("generation-prompt");
    expect(textOf(segments.slice(last?.at))).toMatch(/^<\|im_start\|>assistant(\n|<\|im_sep\|>)$/);
  });

  it("a continued final message: no owner past the cut", () => {
    const { segments, owners } = compileToAttributedSegments(
      [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hel" },
      ],
      { profile: "qwen2", continueFinalMessage: true },
    );
    expect(textOf(segments).endsWith("assistant\nHel")).toBe(true);
    expect(owners.map((o) => o.owner)).toEqual(["system-prompt", 0, 1]);
  });
});
