// Hermes 2 Pro and Hermes 3: plain ChatML without tools (their "default"
// template); with tools, the "tool_use" template's function-calling system
// prompt, <tool_call> blocks and `tool` messages of <tool_response> blocks.
import type { CompileIssue } from "../compile-errors.js";
import { isRecord, memberPath } from "../json-path.js";
import { IM_END, IM_START } from "../special-tokens.js";
import { toJson } from "./json.js";
import { writeToolCall } from "./qwen-tools.js";
import { TOOL_TAGS } from "./tags.js";
import type { Profile, ProfileRequest, ProfileTool, ReadTools } from "./types.js";
import type { ProfileWriter } from "./writer.js";

const INTRO =
  "You are a function calling AI model. You are provided with function signatures within <tools></tools> XML tags. You may call one or more functions to assist with the user query. Don't make assumptions about what values to plug into functions. Here are the available tools: <tools> ";
const OUTRO =
  ' </tools>Use the following pydantic model json schema for each tool call you will make: {"properties": {"name": {"title": "Name", "type": "string"}, "arguments": {"title": "Arguments", "type": "object"}}, "required": ["name", "arguments"], "title": "FunctionCall", "type": "object"}}\nFor each function call return a json object with function name and arguments within <tool_call></tool_call> XML tags as follows:\n<tool_call>\n{"name": <function-name>, "arguments": <args-dict>}\n</tool_call>';

/** The tool_use format is written when the request declares tools or the conversation uses them. */
function usesTools(request: ProfileRequest): boolean {
  return (
    request.tools !== undefined || request.messages.some((m) => m.role === "tool" || m.toolCalls.length > 0)
  );
}

export const HERMES: Profile = {
  name: "hermes",
  dialect: "chatml",
  summary:
    "Hermes 2 Pro / Hermes 3: ChatML; with tools, the function-calling system prompt, <tool_call> and <tool_response>",
  defaultSystemPrompt: undefined,
  roles: undefined,
  tools: true,
  reasoning: false,
  thinkingSwitch: false,
  structuralTags: TOOL_TAGS,
  // Hermes 3 and Hermes 2 Pro end a turn with <|im_end|>, their eos_token.
  stopTokens: [IM_END],
  read: { toolResults: "tool", readTools: readToolsMessage },
  source: {
    models: ["NousResearch/Hermes-2-Pro-*", "NousResearch/Hermes-3-*"],
    template:
      "ggml-org/llama.cpp models/templates/NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja@1eeb523c3e0c7ffbd59469f5463dcbdecba3535e (tool_use; the same file as Hermes-2-Pro-Llama-3-8B's)",
  },
  check(request, issues) {
    if (!usesTools(request)) return;
    for (const tool of request.tools ?? []) checkTool(tool, issues);
    request.messages.forEach((message, index) => {
      if (message.role === "assistant" && message.toolCalls.length > 0 && message.content !== "") {
        issues.push({
          code: "unsupported-field",
          message:
            "hermes' tool_use template writes an assistant's tool calls and drops its content; give a message that calls tools no content (or split it in two)",
          path: `${message.path}.content`,
          messageIndex: index,
          field: "content",
        });
      }
      if (message.role === "tool" && index === 0) {
        issues.push({
          code: "invalid-message",
          message:
            "a tool result cannot open the conversation: hermes' template writes its header after another message",
          path: message.path,
          messageIndex: index,
        });
      }
    });
  },
  write(request, out) {
    const { messages } = request;
    const last = messages.length - 1;
    if (usesTools(request)) writeSystem(out, request.tools ?? []);
    messages.forEach((message, index) => {
      out.owner(message.index);
      if (message.role === "tool") {
        if (messages[index - 1]?.role !== "tool") {
          out.special(IM_START);
          out.text("tool\n");
        }
        out.template("<tool_response>\n");
        out.text(message.content);
        if (index === last) out.markContentEnd();
        out.template(index === last ? "\n</tool_response>" : "\n</tool_response>\n");
        // The template closes a run of results with no newline after <|im_end|>.
        if (index === last || messages[index + 1]?.role !== "tool") out.special(IM_END);
        return;
      }
      out.special(IM_START);
      if (message.toolCalls.length === 0) {
        out.text(`${message.role}\n${message.content}`);
        if (index === last) out.markContentEnd();
      } else {
        out.text(message.role);
        for (const call of message.toolCalls) {
          const args = typeof call.arguments === "string" ? call.arguments : toJson(call.arguments);
          writeToolCall(out, "\n", call.name, args);
        }
      }
      out.special(IM_END);
      out.text("\n");
    });
    if (request.addGenerationPrompt) {
      out.owner("generation-prompt");
      out.special(IM_START);
      out.text("assistant\n");
    }
  },
};

function writeSystem(out: ProfileWriter, tools: readonly ProfileTool[]): void {
  out.owner("tools");
  out.special(IM_START);
  out.template(`system\n${INTRO}`);
  out.text(tools.map(describeTool).join("\n"));
  out.template(OUTRO);
  out.special(IM_END);
  out.text("\n");
}

/** A tool as the template writes it: a Python-style signature and docstring, then its parameters as JSON. */
function describeTool(tool: ProfileTool): string {
  const fn = tool.function;
  return `${toolHead(tool.name, fn)}${String(fn.description)}${toolTail(fn)}`;
}

/** What the template writes of a tool before its description: its name and signature. */
function toolHead(name: string, fn: Readonly<Record<string, unknown>>): string {
  const signature = propertiesOf(fn)
    .map(([key, spec]) => `${key}: ${pythonType(spec)}`)
    .join(", ");
  let text = `{"type": "function", "function": {"name": "${name}", "description": "${name}(${signature})`;
  if (fn.return !== undefined) text += ` -> ${pythonType(fn.return)}`;
  return `${text} - `;
}

/** What it writes after the description: the arguments' docstring, the return's, then the parameters. */
function toolTail(fn: Readonly<Record<string, unknown>>): string {
  const properties = propertiesOf(fn);
  let text = "\n\n";
  properties.forEach(([name, spec], i) => {
    if (i === 0) text += "    Args:\n";
    // The template puts no newline between arguments; the model was trained on that.
    const description = isRecord(spec) && typeof spec.description === "string" ? spec.description.trim() : "";
    text += `        ${name}(${pythonType(spec)}): ${description}`;
  });
  if (isRecord(fn.return) && fn.return.description !== undefined) {
    text += `\n    Returns:\n        ${String(fn.return.description)}`;
  }
  return `${text}", "parameters": ${properties.length === 0 ? "{}" : toJson(fn.parameters)}}`;
}

function propertiesOf(fn: Readonly<Record<string, unknown>>): Array<[string, unknown]> {
  const parameters = fn.parameters as Record<string, unknown> | undefined;
  return isRecord(parameters) && isRecord(parameters.properties) ? Object.entries(parameters.properties) : [];
}

const TOOL_START = '{"type": "function", "function": {"name": "';
const PARAMETERS = '", "parameters": ';

/**
 * The tool_use system message read back: each tool's name and parameters from its text, its
 * description from between what the template writes around it (checked by writing them again).
 * A tool with a `return` schema, whose type the text names only in Python, is not read back.
 */
function readToolsMessage(content: string): ReadTools | undefined {
  if (!content.startsWith(INTRO) || !content.endsWith(OUTRO)) return undefined;
  const declared = [INTRO.length, content.length - OUTRO.length] as const;
  const middle = content.slice(...declared);
  const tools: Array<Record<string, unknown>> = [];
  if (middle === "") return { tools, system: undefined, declared };
  const pieces = middle.split(`\n${TOOL_START}`);
  for (const [i, piece] of pieces.entries()) {
    // The split took the start of every tool but the first.
    const tool = readTool(`${i > 0 ? TOOL_START : ""}${piece}`);
    if (tool === undefined) return undefined;
    tools.push(tool);
  }
  return { tools, system: undefined, declared };
}

function readTool(text: string): Record<string, unknown> | undefined {
  const nameEnd = text.indexOf('", "description": "', TOOL_START.length);
  const at = text.lastIndexOf(PARAMETERS);
  // The template closes the function object and not the tool's: one brace after the parameters.
  if (!text.startsWith(TOOL_START) || nameEnd === -1 || at === -1 || !text.endsWith("}")) return undefined;
  const name = text.slice(TOOL_START.length, nameEnd);
  let parameters: unknown;
  try {
    parameters = JSON.parse(text.slice(at + PARAMETERS.length, -1));
  } catch {
    return undefined;
  }
  if (!isRecord(parameters)) return undefined;
  const head = toolHead(name, { parameters });
  const tail = toolTail({ parameters });
  if (!text.startsWith(head) || !text.endsWith(tail) || text.length < head.length + tail.length)
    return undefined;
  const description = text.slice(head.length, text.length - tail.length);
  return { type: "function", function: { name, description, parameters } };
}

const BASIC_TYPES: Readonly<Record<string, string>> = {
  string: "str",
  number: "float",
  integer: "int",
  boolean: "bool",
};

/**
 * The template's json_to_python_type macro, as Jinja2 runs it: an array's
 * items are lost (the macro is given the schema's items() and finds no type:
 * `list[Union[]]`), and a schema without a type is `Union[]`.
 */
function pythonType(spec: unknown): string {
  const type = isRecord(spec) ? spec.type : undefined;
  if (typeof type === "string" && Object.hasOwn(BASIC_TYPES, type)) return BASIC_TYPES[type] as string;
  if (type === "array") return "list[Union[]]";
  if (type === "object") {
    const record = spec as Record<string, unknown>;
    return Object.hasOwn(record, "additionalProperties")
      ? `dict[str, ${pythonType(record.additionalProperties)}]`
      : "dict";
  }
  if (Array.isArray(type)) return `Union[${type.map((t) => pythonType({ type: t })).join(",")}]`;
  return type === undefined ? "Union[]" : "Any";
}

/** A type the macro can name (Jinja2 recurses forever on any other string). */
function typeWritable(spec: unknown): boolean {
  if (!isRecord(spec)) return true;
  const type = spec.type;
  if (type === undefined || typeof type === "number" || typeof type === "boolean" || type === null)
    return true;
  if (typeof type === "string") {
    if (type === "object" && Object.hasOwn(spec, "additionalProperties"))
      return typeWritable(spec.additionalProperties);
    return Object.hasOwn(BASIC_TYPES, type) || type === "array" || type === "object";
  }
  if (Array.isArray(type)) return type.every((t) => typeWritable({ type: t }));
  return false;
}

function checkTool(tool: ProfileTool, issues: CompileIssue[]): void {
  const fn = tool.function;
  const at = `${tool.path}.function`;
  if (typeof fn.description !== "string") {
    issues.push({
      code: "invalid-tool",
      message: "hermes' template writes each tool's description: give it one (a string)",
      path: `${at}.description`,
    });
  }
  if (!isRecord(fn.parameters)) {
    issues.push({
      code: "invalid-tool",
      message:
        'hermes\' template writes each tool\'s parameters: give a JSON Schema object (`{ "type": "object", "properties": {} }` for none)',
      path: `${at}.parameters`,
    });
    return;
  }
  const properties = fn.parameters.properties;
  const specs: Array<[string, unknown]> = isRecord(properties)
    ? Object.entries(properties).map(([k, v]) => [`${at}.parameters.properties${memberPath(k)}`, v])
    : [];
  if (fn.return !== undefined) specs.push([`${at}.return`, fn.return]);
  for (const [path, spec] of specs) {
    if (!typeWritable(spec)) {
      issues.push({
        code: "invalid-tool",
        message: `hermes' template cannot name the type ${JSON.stringify((spec as Record<string, unknown>).type)}; it knows string, number, integer, boolean, array, object and lists of them`,
        path: `${path}.type`,
      });
    }
  }
}
