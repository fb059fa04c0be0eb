// Image parts in a request counted as the API bills them: each with its
// family's formula, and every image that cannot be counted named.
import { describe, expect, it } from "vitest";
import { countChatTokens, validate } from "../src/index.js";
import { dataUrl, png } from "./images/tiny-images.js";

const square = dataUrl("image/png", png(1024, 1024));
const ask = (parts: unknown[]) => [
  { role: "user", content: [{ type: "text", text: "What is this?" }, ...parts] },
];
const image = (url: string, detail?: string) => ({
  type: "image_url",
  image_url: { url, ...(detail && { detail }) },
});

describe("countChatTokens with image parts", () => {
  it("counts a data URL's image with the model's tile formula (OpenAI's worked example: 1024x1024 high on gpt-4o is 765)", async () => {
    const text = await countChatTokens(ask([]), { model: "gpt-4o" });
    const count = await countChatTokens(ask([image(square, "high")]), { model: "gpt-4o" });
    expect(count.promptTokens - text.promptTokens).toBe(765);
    expect(count.parts.find((p) => p.path === "$[0].content[1]")).toEqual({
      path: "$[0].content[1]",
      method: "image-tiles",
      tokens: 765,
      messageIndex: 0,
      exact: true,
    });
    expect(count.exact).toBe(true);
    expect(count.messages[0]?.tokens).toBe((text.messages[0]?.tokens as number) + 765);
  });

  it("uses the patch formula for the models documented that way", async () => {
    const count = await countChatTokens(ask([image(square)]), { model: "gpt-4.1-mini" });
    expect(count.parts.find((p) => p.path === "$[0].content[1]")).toMatchObject({ method: "image-patches" });
  });

  it("counts a remote image with the caller's size, and names one it has no size for", async () => {
    const url = "https://example.com/cat.png";
    const sized = await countChatTokens(ask([image(url, "low")]), {
      model: "gpt-4o",
      imageSizes: { [url]: { width: 640, height: 480 } },
    });
    expect(sized.parts.find((p) => p.path === "$[0].content[1]")).toMatchObject({ tokens: 85, exact: true });
    const unknown = await countChatTokens(ask([image(url, "low")]), { model: "gpt-4o" });
    expect(unknown.parts.find((p) => p.path === "$[0].content[1]")).toMatchObject({
      method: "not-counted",
      tokens: 0,
      exact: false,
    });
    expect(unknown.exact).toBe(false);
    expect(unknown.notes.join("\n")).toMatch(/^\$\[0\]\.content\[1\]: .*example\.com\/cat\.png.*lower bound/);
  });

  it("says auto detail is counted as high, an upper estimate", async () => {
    const count = await countChatTokens(ask([image(square)]), { model: "gpt-4o" });
    expect(count.parts.find((p) => p.path === "$[0].content[1]")).toMatchObject({
      tokens: 765,
      exact: false,
    });
    expect(count.notes).toHaveLength(1);
  });

  it("does not count an image for a model whose method is not published, and says so", async () => {
    const count = await countChatTokens(ask([image(square, "low")]), { encoding: "o200k_base" });
    expect(count.exact).toBe(false);
    expect(count.notes.join("\n")).toMatch(/\$\[0\]\.content\[1\]: .*no model was named/);
  });

  it("validate's count includes the image, and fits is judged on it", async () => {
    const result = await validate(
      { model: "gpt-4o", messages: ask([image(square, "high")]) },
      { contextWindow: 700 },
    );
    expect(result.count?.fits).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toContain("context-window");
  });
});
