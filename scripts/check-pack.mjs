// Packs every publishable package as npm would, then checks the tarball the way users meet it:
// publint and are-the-types-wrong on the tarball, and a scratch project that installs the
// tarballs and uses them by `import` and by `require` (Node >= 20.19 loads ESM through require):
// scripts/smoke/.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
// pnpm packs (it rewrites `workspace:` ranges to real versions); under `pnpm run` it is npm_execpath.
const execpath = process.env.npm_execpath ?? "";
const pnpm = !execpath.includes("pnpm")
  ? ["npx", "-y", "pnpm@12.4.2"]
  : /\.[cm]?js$/.test(execpath)
    ? [process.execPath, execpath]
    : [execpath]; // pnpm 12 may be a standalone executable

const work = mkdtempSync(join(tmpdir(), "chatmlkit-pack-"));
let failed = false;
try {
  const packages = readdirSync(join(root, "packages"))
    .map((dir) => ({
      dir: join(root, "packages", dir),
      manifest: JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")),
    }))
    .filter((p) => !p.manifest.private);

  const tarballs = [];
  for (const { dir, manifest } of packages) {
    run(pnpm[0], [...pnpm.slice(1), "pack", "--pack-destination", work], dir);
    const out = readdirSync(work).find((f) =>
      f.startsWith(`${manifest.name.replace("@", "").replace("/", "-")}-`),
    );
    if (out === undefined) throw new Error(`pnpm pack wrote no tarball for ${manifest.name}`);
    const tarball = join(work, out);
    tarballs.push(tarball);
    console.log(`packed ${manifest.name} -> ${out}`);
    for (const problem of tarballProblems(tarball, manifest.name)) {
      failed = true;
      console.error(`  contents: FAILED: ${problem}`);
    }
    for (const [name, args] of [
      ["publint", ["run", "--strict", tarball]],
      ["attw", [tarball, "--profile", "esm-only", "--format", "ascii"]],
    ]) {
      try {
        run(bin(name), args, root);
        console.log(`  ${name}: ok`);
      } catch (error) {
        failed = true;
        console.error(`  ${name}: FAILED\n${error.stdout ?? ""}${error.stderr ?? ""}`);
      }
    }
  }

  // npm pack would ship `workspace:` ranges: every package's prepack refuses it.
  try {
    run("npm", ["pack", "--dry-run"], packages[0].dir);
    failed = true;
    console.error(
      `  npm pack in ${packages[0].manifest.name}: FAILED: npm packed it (prepack should refuse)`,
    );
  } catch (error) {
    if (!String(error.stderr).includes("Use `pnpm pack` or `pnpm publish`")) {
      failed = true;
      console.error(`  npm pack refusal: FAILED: unexpected output\n${error.stderr}`);
    } else console.log("npm pack: refused, as documented");
  }

  // A scratch project that installs the tarballs as a user would.
  const project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "smoke", private: true }));
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], project);
  for (const file of ["check.cjs", "smoke.mjs", "smoke.cjs"]) {
    copyFileSync(join(root, "scripts", "smoke", file), join(project, file));
  }
  for (const file of ["smoke.mjs", "smoke.cjs"]) {
    try {
      const out = execFileSync(process.execPath, ["--no-warnings", file], { cwd: project, encoding: "utf8" });
      process.stdout.write(out);
      if (!out.includes(": ok")) throw Object.assign(new Error("no ok line"), { stdout: out });
    } catch (error) {
      failed = true;
      console.error(`  ${file}: FAILED\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
  }
  // The installed command, as users run it: counting loads the rank tables shipped beside the chunks.
  writeFileSync(join(project, "messages.json"), JSON.stringify([{ role: "user", content: "Hello" }]));
  for (const [model, expected] of [
    ["gpt-4o", 8],
    ["gpt-4", 8],
  ]) {
    const args = ["count", "messages.json", "--model", model, "--format", "json"];
    try {
      const out = execFileSync(join(project, "node_modules", ".bin", "chatml"), args, {
        cwd: project,
        encoding: "utf8",
      });
      const [{ promptTokens }] = JSON.parse(out).files;
      if (promptTokens !== expected)
        throw Object.assign(new Error(`${promptTokens} tokens`), { stdout: out });
      console.log(`  chatml count --model ${model}: ok`);
    } catch (error) {
      failed = true;
      console.error(
        `  chatml count --model ${model}: FAILED\n${error.stdout ?? error.message}${error.stderr ?? ""}`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
/**
 * What a tarball must not hold, or must: no `workspace:` range left in its manifest, no
 * TypeScript build info, and for the bundled CLI the licences of the code it bundles.
 */
function tarballProblems(tarball, name) {
  const problems = [];
  const files = run("tar", ["-tzf", tarball], root).split("\n").filter(Boolean);
  const manifest = run("tar", ["-xzOf", tarball, "package/package.json"], root);
  if (manifest.includes("workspace:"))
    problems.push(`${name}'s packed package.json keeps a workspace: range`);
  for (const file of files.filter((f) => f.endsWith(".tsbuildinfo"))) problems.push(`ships ${file}`);
  if (name === "@chatmlkit/cli") {
    // Editors read a config's "$schema": ./node_modules/@chatmlkit/cli/config.schema.json.
    if (!files.includes("package/config.schema.json")) problems.push("ships no package/config.schema.json");
    // `chatml playground` serves the page it ships (build.mjs copies packages/playground's build).
    for (const file of [
      "package/dist/playground/index.html",
      "package/dist/playground/THIRD-PARTY-LICENSES.md",
    ])
      if (!files.includes(file)) problems.push(`ships no ${file}`);
    const licences = "package/dist/THIRD-PARTY-LICENSES.md";
    if (!files.includes(licences)) problems.push(`ships no ${licences}`);
    else {
      const text = run("tar", ["-xzOf", tarball, licences], root);
      for (const bundled of ["yargs@", "gpt-tokenizer@", "chevrotain@", "picocolors@"])
        if (!text.includes(`## ${bundled}`)) problems.push(`${licences} does not list ${bundled}`);
    }
  }
  return problems;
}

if (failed) {
  console.error("check:pack failed");
  process.exit(1);
}
console.log("check:pack: all packed packages pass");
