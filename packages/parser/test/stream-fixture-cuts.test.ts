// Every parse fixture, streamed cut at each place and fed a character at a time, reads as parse
// reads it (the plain fixtures, and the model outputs among the profile fixtures, with their profile). Random cuts seldom land
// on the one place a held-back character matters; these land on every place. Found by mutation
// testing: the stream's hold-back decisions survived the random splits.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { ROOT } from "../../../scripts/fixtures.js";
import type { ProfileName } from "../src/index.js";
import { checkEveryCut } from "./stream-check.js";

const cases = (dir: string) =>
  readdirSync(join(ROOT, dir)).map((name) => ({ name: `${dir}/${name}`, path: join(ROOT, dir, name) }));
const plain = [...cases("fixtures/parse/valid"), ...cases("fixtures/parse/invalid")];
// The profile fixtures that are a model's output (input.txt), read as the stream reads a reply.
const outputs = [
  ...cases("fixtures/parse/profiles/valid"),
  ...cases("fixtures/parse/profiles/invalid"),
].filter(({ path }) => existsSync(join(path, "input.txt")));

function profileOf(path: string): ProfileName {
  const options = JSON.parse(readFileSync(join(path, "options.json"), "utf8")) as { profile: ProfileName };
  return options.profile;
}

describe("the stream parser at every cut of the parse fixtures", () => {
  it.each(plain)("$name", ({ path }) => checkEveryCut(readFileSync(join(path, "input.chatml"), "utf8")));
  it.each(outputs)("$name", ({ path }) =>
    checkEveryCut(readFileSync(join(path, "input.txt"), "utf8"), profileOf(path)),
  );
});
