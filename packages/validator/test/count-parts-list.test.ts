// The whole list of parts a request counts as, in order: each part's path, method, tokens, message
// and note. Other tests check a method's arithmetic; these check what a caller showing "where the
// tokens go" reads, part by part, for requests that use every kind of part.
import { describe, expect, it } from "vitest";
import { type ChatRequest, type CountPart, countChatTokens, loadTokenizer } from "../src/index.js";

const o200k = await loadTokenizer("o200k_base");
const tokens = (text: string) => o200k.countText(text);

/** The parts of a request for gpt-4o (3 per message, 1 per name, 3 to prime the reply). */
const partsOf = async (body: ChatRequest) => (await countChatTokens(body, { model: "gpt-4o" })).parts;

const exact = (
  path: string,
  method: CountPart["method"],
  count: number,
  messageIndex?: number,
): CountPart => ({
  path,
  method,
  tokens: count,
  messageIndex,
  exact: true,
});
const estimate = (
  path: string,
  method: CountPart["method"],
  count: number,
  messageIndex: number | undefined,
  note: string,
): CountPart => ({ path, method, tokens: count, messageIndex, exact: false, note });
const message = (i: number, role: string) => [
  exact(`$.messages[${i}]`, "per-message", 3, i),
  exact(`$.messages[${i}].role`, "text", tokens(role), i),
];

describe("the parts of a request", () => {
  it("lists names, content parts, calls, values that are no strings and the request's own parts", async () => {
    const parts = await partsOf({
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          name: "ann",
          content: [
            { type: "text", text: "Look" },
            { type: "input_audio", input_audio: { data: "AAAA", format: "wav" } },
            { type: "image_url", image_url: { url: "https://example.com/a.png" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
        },
        // `weight` is a fine-tuning flag: it never reaches the model.
        { role: "tool", tool_call_id: "c1", content: "ok", weight: 1 },
        {
          role: "assistant",
          content: "y",
          function_call: { name: "g", arguments: '{"a":1}' },
          extra: { k: [1] },
        },
      ],
      tools: [{ type: "function", function: { name: "f", description: "F." } }],
      // "auto" is the default: it adds nothing.
      tool_choice: "auto",
      function_call: { name: "g" },
    });
    expect(parts).toEqual([
      exact("$", "reply-priming", 3),
      ...message(0, "system"),
      exact("$.messages[0].content", "text", tokens("Be brief."), 0),
      ...message(1, "user"),
      exact("$.messages[1].name", "text", tokens("ann"), 1),
      exact("$.messages[1].name", "per-name", 1, 1),
      exact("$.messages[1].content[0].text", "text", tokens("Look"), 1),
      estimate(
        "$.messages[1].content[1]",
        "not-counted",
        0,
        1,
        '$.messages[1].content[1] (a "input_audio" part) was not counted: the count is a lower bound',
      ),
      estimate(
        "$.messages[1].content[2]",
        "not-counted",
        0,
        1,
        '$.messages[1].content[2]: the size of "https://example.com/a.png" is unknown (a remote image); give it to count the image\'s tokens; not counted: the count is a lower bound',
      ),
      ...message(2, "assistant"),
      estimate(
        "$.messages[2].tool_calls[0]",
        "tool-call",
        tokens("f") + tokens("{}") + 3,
        2,
        "$.messages[2].tool_calls[0]: OpenAI has not published how tool calls are counted; counted as a function call (an estimate)",
      ),
      ...message(3, "tool"),
      exact("$.messages[3].tool_call_id", "text", tokens("c1"), 3),
      exact("$.messages[3].content", "text", tokens("ok"), 3),
      ...message(4, "assistant"),
      exact("$.messages[4].content", "text", tokens("y"), 4),
      exact("$.messages[4].function_call", "function-call", tokens("g") + tokens('{"a":1}') + 3, 4),
      estimate(
        "$.messages[4].extra",
        "json-text",
        tokens('{"k":[1]}'),
        4,
        "$.messages[4].extra is not a string; counted as its JSON text (an estimate)",
      ),
      // The cookbook's gpt-4o estimate of a function with no properties: 7, "name:description"
      // (its final dot dropped), 12 to end the tools.
      exact("$.tools", "tools-cookbook", 7 + tokens("f:F") + 12),
      exact("$.function_call", "function-call-parameter", tokens("g") + 4),
    ]);
  });

  it("lists legacy functions' parts: the system message's pad, a function message, a named tool_choice", async () => {
    const parts = await partsOf({
      messages: [
        { role: "system", content: "S" },
        { role: "function", name: "g", content: "r" },
      ],
      functions: [{ name: "g" }],
      function_call: "auto",
      tool_choice: { type: "function", function: { name: "g" } },
    });
    expect(parts).toEqual([
      exact("$", "reply-priming", 3),
      ...message(0, "system"),
      exact("$.messages[0].content", "text", tokens("S"), 0),
      exact("$.messages[0]", "functions-system", tokens("S\n") - tokens("S") - 4, 0),
      ...message(1, "function"),
      exact("$.messages[1].name", "text", tokens("g"), 1),
      exact("$.messages[1].name", "per-name", 1, 1),
      exact("$.messages[1].content", "text", tokens("r"), 1),
      exact("$.messages[1]", "function-message", -2, 1),
      exact("$.functions", "functions-namespace", expect.any(Number) as unknown as number),
      estimate(
        "$.tool_choice",
        "tool-choice",
        tokens("g") + 4,
        undefined,
        "$.tool_choice: not published; counted as function_call is (an estimate)",
      ),
    ]);
  });

  it('counts tool_choice "none" as 1, skips a null function_call, and leaves a choice it cannot price uncounted', async () => {
    const request = (choice: unknown) => ({
      messages: [{ role: "user", content: "u" }],
      tools: [{ type: "function", function: { name: "f" } }],
      tool_choice: choice,
      function_call: null,
    });
    const choiceParts = async (choice: unknown) =>
      (await partsOf(request(choice))).filter(
        (p) => p.path.startsWith("$.tool_choice") || p.path === "$.function_call",
      );
    expect(await choiceParts("none")).toEqual([
      estimate(
        "$.tool_choice",
        "tool-choice",
        1,
        undefined,
        "$.tool_choice: not published; counted as function_call is (an estimate)",
      ),
    ]);
    expect(await choiceParts("required")).toEqual([
      estimate(
        "$.tool_choice",
        "not-counted",
        0,
        undefined,
        '$.tool_choice ("required") was not counted: the count is a lower bound',
      ),
    ]);
  });

  it("prices a tool call or function call without arguments as its name + 3", async () => {
    const parts = await partsOf({
      messages: [
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "f" } }],
        },
        { role: "assistant", content: null, function_call: { name: "g" } },
      ],
    });
    expect(parts.filter((p) => p.method === "tool-call" || p.method === "function-call")).toEqual([
      estimate(
        "$.messages[0].tool_calls[0]",
        "tool-call",
        tokens("f") + 3,
        0,
        "$.messages[0].tool_calls[0]: OpenAI has not published how tool calls are counted; counted as a function call (an estimate)",
      ),
      exact("$.messages[1].function_call", "function-call", tokens("g") + 3, 1),
    ]);
  });

  it("counts a call that is no object as the text it is", async () => {
    const parts = await partsOf({
      messages: [
        { role: "assistant", content: null, function_call: "lookup" },
        { role: "assistant", content: null, tool_calls: "lookup" },
      ],
    });
    expect(parts.filter((p) => p.path.endsWith("_call") || p.path.endsWith("_calls"))).toEqual([
      exact("$.messages[0].function_call", "text", tokens("lookup"), 0),
      exact("$.messages[1].tool_calls", "text", tokens("lookup"), 1),
    ]);
  });

  it("skips a member a JS caller left undefined, as JSON.stringify drops it", async () => {
    const parts = await partsOf({ messages: [{ role: "user", content: "u", name: undefined }] });
    expect(parts.map((p) => `${p.path} ${p.method}`)).toEqual([
      "$ reply-priming",
      "$.messages[0] per-message",
      "$.messages[0].role text",
      "$.messages[0].content text",
    ]);
  });

  it("counts an image by its model's formula, says why a count is not exact, and skips it without a model", async () => {
    const url = "https://example.com/cat.png";
    const image = (detail?: string) => ({
      messages: [
        { role: "user", content: [{ type: "image_url", image_url: { url, ...(detail && { detail }) } }] },
      ],
    });
    const imageSizes = { [url]: { width: 512, height: 512 } };
    const [high] = (await countChatTokens(image("high"), { model: "gpt-4o", imageSizes })).parts.filter((p) =>
      p.path.startsWith("$.messages[0].content"),
    );
    // gpt-4o's tiles: 85 + 170 per 512-px tile, one tile.
    expect(high).toEqual(exact("$.messages[0].content[0]", "image-tiles", 85 + 170, 0));
    const [auto] = (await countChatTokens(image("auto"), { model: "gpt-4o", imageSizes })).parts.filter((p) =>
      p.path.startsWith("$.messages[0].content"),
    );
    expect(auto).toEqual(
      estimate(
        "$.messages[0].content[0]",
        "image-tiles",
        85 + 170,
        0,
        '$.messages[0].content[0]: detail "auto": the API chooses low or high by a rule OpenAI does not publish; counted as high, which bills at least as much',
      ),
    );
    const [unnamed] = (
      await countChatTokens(image("high"), { encoding: "o200k_base", contextWindow: 128_000, imageSizes })
    ).parts.filter((p) => p.path.startsWith("$.messages[0].content"));
    expect(unnamed).toEqual(
      estimate(
        "$.messages[0].content[0]",
        "not-counted",
        0,
        0,
        "$.messages[0].content[0]: an image is counted by its model's formula, and no model was named; not counted: the count is a lower bound",
      ),
    );
  });
});
