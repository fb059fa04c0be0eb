// tool-schema: the request's tool definitions are ones the API accepts.
import {
  describeValue as describe,
  isRecord,
  MAX_DEPTH,
  memberPath,
  readToolDefinitions,
} from "@chatmlkit/parser";
import { defineRule, json } from "./define.js";
import { isValidName } from "./invalid-name.js";
import { jsonField, type MessageFinding, whole } from "./message-check.js";

export const rule = defineRule("tool-schema", "error", "validator", {
  category: "structure",
  summary:
    "A tool definition the API refuses: a type other than function, no function object, a bad function name, parameters that are not a JSON Schema object, or a strict schema that is not closed and fully required.",
  rationale:
    "The API refuses the whole request (400 invalid_function_parameters) over one bad definition, often only once a tool is added in production; a fine-tuning file with such tools fails validation.",
  details:
    'Checked in `tools` and legacy `functions`: a tool\'s `type` must be "function" (or "custom", with a `custom` object) and a function tool needs a `function` object; a function name must match `^[a-zA-Z0-9_-]{1,64}$`; `parameters`, when given, must be an object schema. Under `strict: true` every object schema needs `"additionalProperties": false` and every property in `required`, at any depth: in `properties`, `items`, `prefixItems`, `anyOf`, `oneOf`, `allOf`, `$defs` and `definitions`. A property kept optional under strict is written as required and nullable (`"type": ["string", "null"]`).',
  fails: json(
    '{\n  "messages": [{ "role": "user", "content": "Weather in Paris?" }],\n  "tools": [\n    {\n      "type": "function",\n      "function": {\n        "name": "get weather",\n        "parameters": { "type": "object", "properties": { "city": { "type": "string" } } }\n      }\n    }\n  ]\n}',
  ),
  passes: json(
    '{\n  "messages": [{ "role": "user", "content": "Weather in Paris?" }],\n  "tools": [\n    {\n      "type": "function",\n      "function": {\n        "name": "get_weather",\n        "parameters": { "type": "object", "properties": { "city": { "type": "string" } } }\n      }\n    }\n  ]\n}',
  ),
});

// What the API documents (OpenAI's API reference, FunctionObject, as its OpenAPI spec and the SDKs
// generated from it word it): `name` "must be a-z, A-Z, 0-9, or contain underscores and dashes,
// with a maximum length of 64"; `parameters` "described as a JSON Schema object" (omitting it
// defines a function with an empty parameter list); with `strict: true` only a subset of JSON
// Schema is supported. The API's 400 for a strict schema names the object schema
// (`In context=('properties', 'permissions'), 'additionalProperties' is required to be supplied
// and to be false`). Tools of type "custom" (free-text input, Chat Completions' CustomTool) have
// no function to check.

/** Reports each tool and function definition of `body` the API refuses. */
export function checkToolSchemas(body: Readonly<Record<string, unknown>>): MessageFinding[] {
  const out: MessageFinding[] = [];
  if (Array.isArray(body.tools)) {
    body.tools.forEach((tool: unknown, i) => {
      const path = `$.tools[${i}]`;
      if (!isRecord(tool)) {
        out.push(
          whole(
            "tool-schema",
            `a tool must be an object { "type": "function", "function": {...} }, got ${describe(tool)}`,
            jsonField(path),
          ),
        );
        return;
      }
      if (tool.type === "custom") {
        if (!isRecord(tool.custom)) {
          out.push(
            whole(
              "tool-schema",
              "a custom tool needs a custom object with its name",
              jsonField(`${path}.custom`),
            ),
          );
        }
        return;
      }
      if (tool.type !== "function") {
        const text = typeof tool.type === "string" ? tool.type : "";
        out.push(
          whole(
            "tool-schema",
            `tool type must be "function" (or "custom"), got ${describe(tool.type)}`,
            jsonField(`${path}.type`, text),
          ),
        );
      }
      if (!isRecord(tool.function)) {
        out.push(
          whole(
            "tool-schema",
            `a function tool needs a "function" object with its name and parameters, got ${describe(tool.function)}`,
            jsonField(`${path}.function`),
          ),
        );
      }
    });
  }
  if (Array.isArray(body.functions)) {
    body.functions.forEach((fn: unknown, i) => {
      if (!isRecord(fn)) {
        out.push(
          whole(
            "tool-schema",
            `a function must be an object with its name, got ${describe(fn)}`,
            jsonField(`$.functions[${i}]`),
          ),
        );
      }
    });
  }
  for (const definition of readToolDefinitions(body)) {
    const { path, raw, name } = definition;
    if (name === undefined) {
      out.push(
        whole(
          "tool-schema",
          raw.name === undefined
            ? "the function has no name"
            : `a function's name must be a string, got ${describe(raw.name)}`,
          jsonField(`${path}.name`),
        ),
      );
    } else if (!isValidName(name)) {
      out.push(
        whole(
          "tool-schema",
          `function name ${JSON.stringify(name)} must be 1 to 64 letters, digits, "_" or "-"`,
          jsonField(`${path}.name`, name),
        ),
      );
    }
    const { parameters } = definition;
    if (parameters === undefined) continue;
    const at = `${path}.parameters`;
    if (!isRecord(parameters)) {
      out.push(
        whole(
          "tool-schema",
          `parameters must be a JSON Schema object, got ${describe(parameters)}`,
          jsonField(at),
        ),
      );
      continue;
    }
    if (parameters.type !== undefined && parameters.type !== "object") {
      out.push(
        whole(
          "tool-schema",
          `parameters must describe an object of the arguments by name ("type": "object"), got type ${JSON.stringify(parameters.type)}`,
          jsonField(`${at}.type`, typeof parameters.type === "string" ? parameters.type : ""),
        ),
      );
    }
    if (definition.kind === "tool" && definition.strict === true) checkStrict(parameters, at, out);
  }
  return out;
}

/** Keywords whose value is one schema, a list of schemas, or schemas by name. */
const ONE = ["items", "additionalProperties", "not"];
const LIST = ["items", "prefixItems", "anyOf", "oneOf", "allOf"];
const NAMED = ["properties", "$defs", "definitions"];

/** Every object schema under `root`, however deep (to MAX_DEPTH), as strict mode demands it. */
function checkStrict(root: Record<string, unknown>, rootPath: string, out: MessageFinding[]): void {
  const todo: Array<{ schema: Record<string, unknown>; path: string; depth: number }> = [
    { schema: root, path: rootPath, depth: 0 },
  ];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const { schema, path, depth } = next;
    if (isObjectSchema(schema)) checkStrictObject(schema, path, out);
    if (depth >= MAX_DEPTH) continue;
    const children: Array<{ schema: Record<string, unknown>; path: string; depth: number }> = [];
    const add = (value: unknown, at: string) => {
      if (isRecord(value)) children.push({ schema: value, path: at, depth: depth + 1 });
    };
    for (const key of ONE) add(schema[key], `${path}${memberPath(key)}`);
    for (const key of LIST) {
      const list = schema[key];
      if (!Array.isArray(list)) continue;
      for (const [i, s] of list.entries()) add(s, `${path}${memberPath(key)}[${i}]`);
    }
    for (const key of NAMED) {
      const named = schema[key];
      if (!isRecord(named)) continue;
      for (const name of Object.keys(named)) add(named[name], `${path}${memberPath(key)}${memberPath(name)}`);
    }
    // Reported in document order: the stack takes them last first.
    todo.push(...children.reverse());
  }
}

function isObjectSchema(schema: Record<string, unknown>): boolean {
  const { type } = schema;
  if (type === "object") return true;
  if (Array.isArray(type)) return type.includes("object");
  return type === undefined && isRecord(schema.properties);
}

function checkStrictObject(schema: Record<string, unknown>, path: string, out: MessageFinding[]): void {
  if (schema.additionalProperties !== false) {
    out.push(
      whole(
        "tool-schema",
        `strict: true needs "additionalProperties": false in every object schema, got ${describe(schema.additionalProperties)}`,
        jsonField(`${path}.additionalProperties`),
      ),
    );
  }
  const properties = schema.properties;
  if (!isRecord(properties)) return;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  for (const key of Object.keys(properties)) {
    if (required.has(key)) continue;
    out.push(
      whole(
        "tool-schema",
        `strict: true needs every property in "required": add ${JSON.stringify(key)} (to keep it optional, make it nullable: "type": ["string", "null"])`,
        jsonField(`${path}.properties${memberPath(key)}`, key, true),
      ),
    );
  }
}
