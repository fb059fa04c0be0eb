// Packs every publishable package as npm would, then checks the tarball the way users meet it:
// publint and are-the-types-wrong on the tarball, and a scratch project that installs the
// tarballs and uses them by `import` and by `require` (Node >= 20.19 loads ESM through require).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });

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
    const out = run("npm", ["pack", "--silent", "--pack-destination", work], dir).trim().split("\n").pop();
    const tarball = join(work, out);
    tarballs.push(tarball);
    console.log(`packed ${manifest.name} -> ${out}`);
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

  // A scratch project that installs the tarballs as a user would.
  const project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "smoke", private: true }));
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], project);
  const transcript = "<|im_start|>user\\nHi<|im_end|>\\n<|im_start|>assistant\\n";
  const checks = {
    "smoke.mjs": `import { parse, compile } from "@chatmlkit/parser";
const doc = parse("${transcript}");
if (doc.messages[0].content !== "Hi" || compile(doc) !== "${transcript}") throw new Error("import: wrong result");
console.log("  import: ok");`,
    "smoke.cjs": `const { parse, compile } = require("@chatmlkit/parser");
const doc = parse("${transcript}");
if (doc.messages[0].content !== "Hi" || compile(doc) !== "${transcript}") throw new Error("require: wrong result");
console.log("  require: ok");`,
  };
  for (const [file, code] of Object.entries(checks)) {
    writeFileSync(join(project, file), code);
    try {
      process.stdout.write(
        execFileSync(process.execPath, ["--no-warnings", file], { cwd: project, encoding: "utf8" }),
      );
    } catch (error) {
      failed = true;
      console.error(`  ${file}: FAILED\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failed) {
  console.error("check:pack failed");
  process.exit(1);
}
console.log("check:pack: all packed packages pass");
