import type { RenderProblem } from "@chatmlkit/validator";
import type { Argv, CommandModule } from "yargs";
import { EXIT, usageError } from "../errors.js";
import type { Io } from "../io.js";
import { writeOutput } from "../output/write.js";
import { PROFILE_CHOICES, type ProfileChoice } from "../profile-choices.js";
import type { CliState } from "../state.js";
import {
  type InputArgs,
  inputOptions,
  modelOptionsOf,
  outputOption,
  problemLine,
  readInput,
  readJson,
  withReadLimit,
} from "./shared.js";

interface RenderArgs extends InputArgs {
  vars?: string;
  "strip-special-tokens"?: boolean;
  tokens?: boolean;
  model?: string;
  encoding?: "cl100k_base" | "o200k_base";
  tokenizer?: string;
  "context-window"?: number;
  profile?: ProfileChoice;
  output?: string;
}

/** `chatml render`: a template's placeholders filled with values that stay text. */
export function renderCommand(io: Io, state: CliState): CommandModule<object, RenderArgs> {
  return {
    command: "render [file]",
    describe: "fill a template's {{ name }} placeholders with values that cannot add or change a message",
    builder: (yargs) =>
      modelOptionsOf(outputOption(inputOptions(yargs as Argv<object>)))
        .positional("file", {
          type: "string",
          default: "-",
          describe: "the template: a ChatML transcript or messages JSON, or - for stdin",
        })
        .option("vars", {
          type: "string",
          requiresArg: true,
          describe: "a JSON file of the values, an object: {{ user.name }} reads its user.name",
        })
        .option("strip-special-tokens", {
          type: "boolean",
          describe: "remove special tokens from values (and say which) instead of refusing the render",
        })
        .option("tokens", {
          type: "boolean",
          describe:
            "print token ids as JSON (needs --model, --encoding or --tokenizer): the template's structure as special ids, each value as text, so no value can forge a turn",
        })
        .option("profile", {
          choices: PROFILE_CHOICES,
          describe:
            "the model the prompt is for: the tags its format gives meaning to (<tool_call>, <think>, ...) are refused in values too; with --tokens, the template is written in its format",
        })
        .conflicts("tokens", "strip-special-tokens")
        .example("$0 render support.chatml --vars values.json", "print the filled transcript")
        .example(
          "$0 render support.chatml --vars values.json --tokens --model gpt-4o",
          "injection-proof token ids",
        )
        .example(
          "$0 render messages.json --vars values.json -o filled.json",
          "a messages template",
        ) as Argv<RenderArgs>,
    handler: async (argv) => {
      const counting = argv.model ?? argv.encoding ?? argv["context-window"] ?? argv.tokenizer;
      if (argv.tokens !== true && counting !== undefined)
        throw usageError(
          "--model, --encoding, --tokenizer and --context-window choose the ids of --tokens; without --tokens render prints text",
        );
      if (argv.vars === undefined) throw usageError("render needs --vars FILE: the values, a JSON object");
      if (argv.vars === "-" && argv.file === "-")
        throw usageError("the template and --vars cannot both be stdin");
      const input = await readInput(io, argv, "transcript");
      if (input.kind === "jsonl")
        throw usageError(`render fills one template; ${input.source.name} is a JSONL dataset`);
      const { readSource } = await import("../input/read.js");
      const varsSource = await readSource(withReadLimit(io, argv), argv.vars, undefined);
      const vars = readJson(varsSource);
      if (typeof vars.value !== "object" || vars.value === null || Array.isArray(vars.value)) {
        const at = vars.locate("$");
        io.stderr.write(
          problemLine(varsSource.name, at, "error", "the values must be a JSON object of variable names"),
        );
        state.exitCode = EXIT.problems;
        return;
      }
      const values = vars.value as Record<string, unknown>;
      const { render, renderToTokens } = await import("@chatmlkit/validator");
      const { memberPath } = await import("@chatmlkit/parser/json-path");
      // Where a value's finding is in the values file, the variable read as render reads it.
      const inVars = (p: { variable?: string; valueStart?: number }) => {
        if (p.variable === undefined || p.valueStart === undefined) return "";
        const flat = Object.hasOwn(values, p.variable);
        const path = flat
          ? `$${memberPath(p.variable)}`
          : `$${p.variable.split(".").map(memberPath).join("")}`;
        const at = vars.locate(path, p.valueStart);
        return `${problemLine(varsSource.name, at, "note", `in the value of ${p.variable}`).trimEnd()}\n`;
      };
      const name = input.source.name;
      // The template's declared variables, from its sidecar: the values are checked against them.
      const { templateVariables } = await import("../input/template.js");
      const declared = await templateVariables(input.source.path, name, Number.POSITIVE_INFINITY, undefined);
      // The template as render takes it, and where a problem's offsets are in its file.
      let template: unknown;
      let place: (p: { path?: string; start: number }) => { line: number; column: number };
      if (input.kind === "transcript") {
        const { LineIndex } = await import("@chatmlkit/parser");
        const lines = new LineIndex(input.source.text);
        template = input.source.text;
        place = (p) => lines.position(p.start);
      } else {
        const json = readJson(input.source);
        template = json.value;
        place = (p) => json.locate(p.path ?? "$", p.start);
      }
      const say = (problems: readonly RenderProblem[]) => {
        for (const p of problems) {
          // A value that breaks the declared schema: at the value in the values file.
          if (p.valuePath !== undefined) {
            const at = vars.locate(p.valuePath);
            io.stderr.write(problemLine(varsSource.name, at, p.severity, p.message, p.code));
            if (declared?.locate !== undefined && p.keyword !== undefined) {
              const rule = declared.locate(schemaPath(p.valuePath, p.keyword));
              io.stderr.write(
                `${problemLine(declared.from, rule, "note", `the schema's ${p.keyword}`).trimEnd()}\n`,
              );
            }
            continue;
          }
          io.stderr.write(problemLine(name, place(p), p.severity, p.message, p.code) + inVars(p));
        }
      };
      let text: string | undefined;
      if (argv.tokens) {
        const { tokensTokenizer } = await import("../count/tokenizer-file.js");
        const tokenizer = await tokensTokenizer(io, argv);
        const result = await renderToTokens(template, values, {
          ...(argv.model !== undefined && { model: argv.model }),
          ...(argv.encoding !== undefined && { encoding: argv.encoding }),
          ...(tokenizer !== undefined && { tokenizer }),
          ...(argv["context-window"] !== undefined && { contextWindow: argv["context-window"] }),
          ...(argv.profile !== undefined && { profile: argv.profile }),
          // The schema, and each value's maxTokens counted with these ids' tokenizer.
          ...(declared !== undefined && { variables: declared.schema }),
        });
        say(result.problems);
        for (const note of result.notes) io.stderr.write(`note: ${note}\n`);
        text =
          result.ids === undefined
            ? undefined
            : `${JSON.stringify({ encoding: result.encoding, model: result.model, ids: result.ids })}\n`;
      } else {
        const onSpecialToken = argv["strip-special-tokens"] === true ? "strip" : "error";
        const result = render(template as string, values, {
          onSpecialToken,
          ...(argv.profile !== undefined && { profile: argv.profile }),
          ...(declared !== undefined && { variables: declared.schema }),
        });
        say(result.problems);
        for (const s of result.stripped)
          io.stderr.write(`note: removed ${s.token} from {{ ${s.variable} }} (at ${s.start} in its value)\n`);
        const output: unknown = result.output;
        text =
          output === undefined
            ? undefined
            : typeof output === "string"
              ? output
              : `${JSON.stringify(output, null, 2)}\n`;
      }
      // Nothing is written unless the whole template was filled.
      if (text === undefined) {
        state.exitCode = EXIT.problems;
        return;
      }
      await writeOutput(io, text, argv.output, [input.source.path, varsSource.path]);
    },
  };
}

/** The JSON path in a variables schema of the keyword a value at `valuePath` breaks (`$.q` maxLength: `$.properties.q.maxLength`). */
function schemaPath(valuePath: string, keyword: string): string {
  const parts = [...valuePath.matchAll(/\.([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*")\]/g)].map((m) =>
    m[1] !== undefined ? m[1] : (JSON.parse(m[2] as string) as string),
  );
  const quote = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
  return `$${parts.map((k) => `.properties${quote(k)}`).join("")}${keyword === "required" || keyword === "additionalProperties" ? "" : quote(keyword)}`;
}
