// A template's declared variables: a JSON Schema object whose `properties` are the variables
// (a `<template>.vars.json` sidecar, or the config's `variables`). Each may bound its value with
// `maxLength` and with `maxTokens`, a keyword of ours that the budget rules count with. Values
// are checked by jsonschema: it interprets schemas (no eval, no Function: ajv's generated code
// would not run under the playground's content security policy), has no dependencies, and ships
// its licence, which the CLI bundle must carry (@cfworker/json-schema, also an interpreter, ships none).

import { isRecord, memberPath } from "@chatmlkit/parser";
import { Validator } from "jsonschema";
import { isCount } from "../limits.js";
import type { RenderProblem } from "./render.js";

/** A JSON Schema object whose `properties` are a template's variables. */
export type VariablesSchema = Readonly<Record<string, unknown>>;

/** One declared variable and what bounds its value. */
export interface DeclaredVariable {
  /** Dotted for a nested property: `user.name` for `properties.user.properties.name`. */
  readonly name: string;
  /** The schema's `maxTokens` (ours): the most tokens the value may take. */
  readonly maxTokens?: number;
  /** The schema's `maxLength`, in characters (code points). */
  readonly maxLength?: number;
}

/** A problem of the schema itself, at its JSON path in the schema. */
export interface VariablesProblem {
  readonly path: string;
  readonly message: string;
}

/** The declared variables by name, and what is wrong with the schema. */
export interface DeclaredVariables {
  readonly variables: ReadonlyMap<string, DeclaredVariable>;
  readonly problems: readonly VariablesProblem[];
}

/**
 * Reads the variables a schema declares: each of `properties` (and, for one
 * of type object, its own `properties`, dotted). `maxTokens` and `maxLength`
 * must be whole numbers >= 0.
 *
 * @example
 * readVariables({ type: "object", properties: { q: { type: "string", maxTokens: 200 } } }).variables.get("q");
 * // { name: "q", maxTokens: 200 }
 */
export function readVariables(schema: unknown): DeclaredVariables {
  const variables = new Map<string, DeclaredVariable>();
  const problems: VariablesProblem[] = [];
  if (!isRecord(schema)) {
    problems.push({ path: "$", message: "the variables must be a JSON Schema object with properties" });
    return { variables, problems };
  }
  const walk = (node: Record<string, unknown>, path: string, prefix: string) => {
    const properties = node.properties;
    if (properties === undefined) return;
    if (!isRecord(properties)) {
      problems.push({ path: `${path}.properties`, message: "properties must be an object of schemas" });
      return;
    }
    for (const [key, value] of Object.entries(properties)) {
      const at = `${path}.properties${memberPath(key)}`;
      const name = prefix === "" ? key : `${prefix}.${key}`;
      if (!isRecord(value)) {
        if (typeof value !== "boolean")
          problems.push({ path: at, message: "a variable's schema must be an object" });
        variables.set(name, { name });
        continue;
      }
      const bound = (keyword: "maxTokens" | "maxLength") => {
        const v = value[keyword];
        if (v === undefined) return undefined;
        if (isCount(v)) return v;
        problems.push({ path: `${at}.${keyword}`, message: `${keyword} must be a whole number >= 0` });
        return undefined;
      };
      const maxTokens = bound("maxTokens");
      const maxLength = bound("maxLength");
      variables.set(name, {
        name,
        ...(maxTokens !== undefined && { maxTokens }),
        ...(maxLength !== undefined && { maxLength }),
      });
      walk(value, at, name);
    }
  };
  walk(schema, "$", "");
  return { variables, problems };
}

/** A value that breaks the schema: where in the values, and which keyword of the schema. */
export interface ValueViolation {
  /** The value's JSON path in the values (`$.question`, `$.user.name`). */
  readonly path: string;
  /** The schema keyword it breaks (`maxLength`, `type`, `enum`, `required`, ...). */
  readonly keyword: string;
  readonly message: string;
}

/**
 * Checks values against the declared schema, every error reported, each at
 * the value's JSON path with the keyword it breaks (a missing `required`
 * property at the property's own path).
 *
 * @example
 * const schema = { type: "object", properties: { q: { type: "string", maxLength: 3 } } };
 * checkValues(schema, { q: "long" })[0]; // { path: "$.q", keyword: "maxLength", message: "..." }
 */
export function checkValues(schema: VariablesSchema, values: unknown): ValueViolation[] {
  const result = new Validator().validate(values, schema as never, { nestedErrors: false });
  return result.errors.map((e) => {
    const at = e.path.map((p) => memberPath(String(p)));
    const missing = e.name === "required" && typeof e.argument === "string" ? memberPath(e.argument) : "";
    return {
      path: `$${at.join("")}${missing}`,
      keyword: e.name,
      message: `${e.name === "required" ? "is required" : e.message}`,
    };
  });
}

/** The JSON path of a value in the values object, the variable read as render reads it (flat name first). */
export function valuePath(values: Readonly<Record<string, unknown>>, name: string): string {
  return Object.hasOwn(values, name)
    ? `$${memberPath(name)}`
    : `$${name.split(".").map(memberPath).join("")}`;
}

/**
 * The problems of values against a declared schema as render reports them:
 * `invalid-value` errors at each value's JSON path, naming the keyword.
 */
export function schemaProblems(schema: VariablesSchema, values: unknown, json: boolean): RenderProblem[] {
  return checkValues(schema, values).map((v) => ({
    code: "invalid-value",
    severity: "error",
    message: `${v.path}: ${v.keyword}: ${v.message}`,
    ...(json && { path: "$" }),
    start: 0,
    end: 0,
    valuePath: v.path,
    keyword: v.keyword,
  }));
}

/**
 * Values longer than their variable's declared `maxTokens`, counted with
 * `countTokens` (the tokenizer the values are rendered with): `invalid-value`
 * errors, so the worst case the budget rules judged still bounds the prompt.
 */
export function maxTokensProblems(
  schema: VariablesSchema,
  values: Readonly<Record<string, unknown>>,
  countTokens: (text: string) => number,
  json: boolean,
): RenderProblem[] {
  const problems: RenderProblem[] = [];
  for (const v of readVariables(schema).variables.values()) {
    if (v.maxTokens === undefined) continue;
    const value = lookupValue(values, v.name);
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
    const tokens = countTokens(String(value));
    if (tokens <= v.maxTokens) continue;
    const path = valuePath(values, v.name);
    problems.push({
      code: "invalid-value",
      severity: "error",
      message: `${path}: maxTokens: the value is ${tokens} tokens, over the schema's maxTokens of ${v.maxTokens}`,
      ...(json && { path: "$" }),
      start: 0,
      end: 0,
      variable: v.name,
      valuePath: path,
      keyword: "maxTokens",
    });
  }
  return problems;
}

/**
 * The value of the variable `name`, as render fills it and maxTokens counts it: `values[name]`,
 * else the dotted path through nested objects (`{{ user.name }}`). Only through JSON objects: an
 * array's or a string's own properties (`{{ items.length }}`) are no values.
 */
export function lookupValue(values: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(values, name)) return values[name];
  let at: unknown = values;
  for (const part of name.split(".")) {
    if (!isRecord(at) || !Object.hasOwn(at, part)) return undefined;
    at = at[part];
  }
  return at;
}
