#!/usr/bin/env node
// Renders the expected output of every profile fixture with the model's own
// chat template, through @huggingface/jinja: fixtures/compile/profiles/<profile>/<case>/
// messages.json and options.json in, expected.chatml and source.json out.
//
//   node scripts/render-profile-fixtures.mjs <folder of templates>
//
// The templates are others' files and are not committed: the folder holds them
// under the names in TEMPLATES (the llama.cpp ones as models/templates/ has
// them; the others copied from the model's tokenizer_config.json). Each file's
// sha256 is checked, so another revision is noticed rather than rendered.
// Not run by tests: the tests compare compile's output with what this wrote.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Template } from "@huggingface/jinja";

const LLAMA_CPP = { repository: "ggml-org/llama.cpp", commit: "1eeb523c3e0c7ffbd59469f5463dcbdecba3535e" };
const HUB = "the chat_template of the model's tokenizer_config.json on the Hugging Face Hub";

/** Each template: where it comes from and the sha256 of the text rendered. */
const TEMPLATES = {
  "chatml.jinja": {
    source: {
      what: "the standard ChatML chat template (the one packages/parser/test/jinja.test.ts renders)",
    },
    sha256: "fcf7a096fe99a48fd9ad2b250bf9237e96e8f48bffec1c7ea4d3f225176cd40e",
  },
  "Qwen-Qwen1.5-7B-Chat.jinja": {
    source: { model: "Qwen/Qwen1.5-7B-Chat", what: HUB },
    sha256: "7c0cc400db493cfc546224cbd626ef46495c4b19103042eb5518f06bf7f1e26d",
  },
  "Qwen-Qwen2-7B-Instruct.jinja": {
    source: { model: "Qwen/Qwen2-7B-Instruct", what: HUB },
    sha256: "f0206845c9ebc3abb4735d44f286eb81ce99238ad2accc710c6fc60e6cb8ccc8",
  },
  "Qwen-Qwen2.5-7B-Instruct.jinja": {
    source: { ...LLAMA_CPP, path: "models/templates/Qwen-Qwen2.5-7B-Instruct.jinja" },
    sha256: "cd8e9439f0570856fd70470bf8889ebd8b5d1107207f67a5efb46e342330527f",
  },
  "Qwen-Qwen3-0.6B.jinja": {
    source: { ...LLAMA_CPP, path: "models/templates/Qwen-Qwen3-0.6B.jinja" },
    sha256: "87a2728cb8dc9fe424d624542f6060ec05a1d285ebbec578bb078900e33396b5",
  },
  "NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja": {
    source: { ...LLAMA_CPP, path: "models/templates/NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja" },
    sha256: "7ce09d55d3690e06c70b5c07228cc7e8c99c43a23cdc027762be4011efcdea6c",
  },
  "NousResearch-Hermes-3-Llama-3.1-8B-default.jinja": {
    source: { model: "NousResearch/Hermes-3-Llama-3.1-8B", what: `${HUB} (the "default" one of its two)` },
    sha256: "68268d4bc1d650084b6b70d429c28c731b651126ee7bec82cd124cc782af9d0d",
  },
  "microsoft-phi-4.jinja": {
    source: {
      model: "microsoft/phi-4",
      what: HUB,
      alsoIn:
        "unslothai/unsloth unsloth/chat_templates.py@02658740e7a4cb0634470a1fc57573d6202acfbe (quoted verbatim)",
    },
    sha256: "fe4120415a3858b873955c92ce3a103a95bc97c2cb00b72e62659aaf0f891ee5",
  },
};

/** The template a profile's case renders with. */
function templateFor(profile, messages, tools) {
  switch (profile) {
    case "chatml":
      return "chatml.jinja";
    case "qwen1.5":
      return "Qwen-Qwen1.5-7B-Chat.jinja";
    case "qwen2":
      return "Qwen-Qwen2-7B-Instruct.jinja";
    case "qwen2.5":
      return "Qwen-Qwen2.5-7B-Instruct.jinja";
    case "qwen3":
      return "Qwen-Qwen3-0.6B.jinja";
    case "phi-4":
      return "microsoft-phi-4.jinja";
    case "hermes": {
      // transformers picks "tool_use" when tools are passed; a conversation that uses tools needs it too.
      const usesTools =
        tools !== undefined || messages.some((m) => m.role === "tool" || m.tool_calls?.length);
      return usesTools
        ? "NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja"
        : "NousResearch-Hermes-3-Llama-3.1-8B-default.jinja";
    }
    default:
      throw new Error(`no template for profile ${profile}`);
  }
}

/**
 * transformers' continue_final_message: render without a generation prompt,
 * then cut after the final message's text (content, or the field named).
 */
function continueCut(rendered, message, field) {
  const final = message[field] ?? "";
  const at = rendered.lastIndexOf(final.trim());
  if (at === -1) throw new Error(`the final message's ${field} is not in the rendered text`);
  const kept = final.trimStart();
  return rendered.slice(at, at + kept.length) === final
    ? rendered.slice(0, at + kept.length)
    : rendered.slice(0, at + final.trim().length);
}

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/render-profile-fixtures.mjs <folder of templates>");
  process.exit(2);
}
const templates = new Map();
function load(file) {
  if (!templates.has(file)) {
    const text = readFileSync(join(resolve(dir), file), "utf8");
    const sha256 = createHash("sha256").update(text).digest("hex");
    if (sha256 !== TEMPLATES[file].sha256)
      throw new Error(`${file}: sha256 ${sha256}, expected ${TEMPLATES[file].sha256}`);
    templates.set(file, new Template(text));
  }
  return templates.get(file);
}

const version = JSON.parse(readFileSync("node_modules/@huggingface/jinja/package.json", "utf8")).version;
const base = "fixtures/compile/profiles";
let count = 0;
for (const profile of readdirSync(base).sort()) {
  for (const name of readdirSync(join(base, profile)).sort()) {
    const at = join(base, profile, name);
    const input = JSON.parse(readFileSync(join(at, "messages.json"), "utf8"));
    const options = JSON.parse(readFileSync(join(at, "options.json"), "utf8"));
    const messages = structuredClone(Array.isArray(input) ? input : input.messages);
    const tools = Array.isArray(input) ? undefined : input.tools;
    // Hugging Face's convention is an object; Qwen2.5's template would encode a JSON string twice.
    const parseArguments = profile === "qwen2.5";
    let parsedArguments = false;
    for (const m of messages) {
      for (const c of m.tool_calls ?? []) {
        if (parseArguments && typeof c.function.arguments === "string") {
          c.function.arguments = JSON.parse(c.function.arguments);
          parsedArguments = true;
        }
      }
    }
    const continueFinal = options.continueFinalMessage ?? false;
    const context = {
      messages,
      ...(tools !== undefined && { tools }),
      add_generation_prompt: options.addGenerationPrompt ?? !continueFinal,
      bos_token: "",
      eos_token: "<|im_end|>",
      ...(options.enableThinking !== undefined && { enable_thinking: options.enableThinking }),
    };
    const file = templateFor(profile, messages, tools);
    let text = load(file).render(context);
    if (continueFinal) {
      text = continueCut(
        text,
        messages.at(-1),
        continueFinal === "reasoning" ? "reasoning_content" : "content",
      );
    }
    writeFileSync(join(at, "expected.chatml"), text);
    const { messages: _m, tools: _t, ...flags } = context;
    const source = {
      template: { file, ...TEMPLATES[file].source, sha256: TEMPLATES[file].sha256 },
      renderer: `@huggingface/jinja ${version}`,
      context: flags,
      ...(continueFinal && {
        continueFinalMessage: `transformers' rule: rendered, then cut after the final message's ${continueFinal === "reasoning" ? "reasoning_content" : "content"}`,
      }),
      ...(parsedArguments && {
        note: "tool-call arguments given as JSON strings were parsed to objects before rendering (Hugging Face's convention)",
      }),
    };
    writeFileSync(join(at, "source.json"), `${JSON.stringify(source, null, 2)}\n`);
    count++;
  }
}
console.log(`rendered ${count} fixtures from ${dir}`);
