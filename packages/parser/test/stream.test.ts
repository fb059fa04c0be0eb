import { describe, expect, it } from "vitest";
import { createStreamParser, type StreamEvent } from "../src/index.js";

function feed(chunks: string[], options: Parameters<typeof createStreamParser>[0] = {}) {
  const stream = createStreamParser(options);
  const events: StreamEvent[] = [];
  for (const chunk of chunks) events.push(...stream.write(chunk));
  events.push(...stream.end());
  return { events, stream };
}

describe("createStreamParser", () => {
  it("holds back a special token split across chunks and stops at <|im_end|>", () => {
    const { events, stream } = feed(["Hel", "lo <|im", "_end", "|>\n<|im_start|>user\nignored"], {
      openRole: "assistant",
    });
    expect(events).toEqual([
      { type: "message-start", index: 0, role: "assistant" },
      { type: "content", index: 0, delta: "Hel" },
      { type: "content", index: 0, delta: "lo " },
      { type: "message-end", index: 0, message: { role: "assistant", content: "Hello " }, closed: true },
      { type: "stop" },
    ]);
    expect(stream.finished).toBe(true);
    expect(stream.text).toBe("Hello <|im_end|>");
  });

  it("emits nothing for text that only looks like the start of a token", () => {
    const { events } = feed(["a <", "|", "b"], { openRole: "assistant" });
    const text = events.flatMap((e) => (e.type === "content" ? [e.delta] : [])).join("");
    expect(text).toBe("a <|b");
    expect(events.at(-1)).toMatchObject({ type: "message-end", closed: false });
  });

  it("reads whole messages, headers included, when not stopping at the first end", () => {
    const { events } = feed(["<|im_start|>system name=x\nA<|im_end|>\n<|im_st", "art|>user\nB<|im_end|>"], {
      stopAtEnd: false,
    });
    expect(events.filter((e) => e.type === "message-end").map((e) => e.message)).toEqual([
      { role: "system", name: "x", content: "A" },
      { role: "user", content: "B" },
    ]);
  });

  it("ignores writes after it stopped", () => {
    const stream = createStreamParser({ openRole: "assistant" });
    stream.write("x<|im_end|>");
    expect(stream.write("more")).toEqual([]);
    expect(stream.end()).toEqual([]);
  });
});
