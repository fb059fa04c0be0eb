// The bundle carries third-party code with its licence comments stripped (esbuild's
// legalComments: "none" keeps start-up small), so their licences ship as one file beside it:
// every package esbuild read into the bundle, found from the build's metafile, with its
// licence text as the package publishes it.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";

// LICENSE, LICENCE.md, COPYING.txt, and LICENSE-MIT as `ignore` names it.
const LICENCE_FILE = /^(licen[cs]e|copying|notice)(-[a-z0-9.]+)?(\.(md|txt))?$/i;

/** The folder of the npm package holding `file` (the nearest node_modules/<name> or node_modules/@scope/<name>). */
export function packageDirOf(file) {
  const parts = file.split(sep);
  const at = parts.lastIndexOf("node_modules");
  if (at === -1) return undefined;
  const length = parts[at + 1]?.startsWith("@") ? at + 3 : at + 2;
  return parts.slice(0, length).join(sep);
}

/**
 * Writes `outFile` listing each third-party package in `metafile.inputs` (paths relative to
 * `workingDir`) plus `extraPackageDirs` (files copied beside the bundle), with name, version,
 * licence and licence text. Throws if a package ships no licence text: the build must not
 * publish code whose licence it cannot carry. `what` names the bundle in the heading.
 */
export function writeThirdPartyLicences(
  metafile,
  workingDir,
  extraPackageDirs,
  outFile,
  what = "@chatmlkit/cli",
) {
  const dirs = new Set(extraPackageDirs);
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageDirOf(resolve(workingDir, input));
    if (dir !== undefined) dirs.add(dir);
  }
  const seen = new Map();
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (manifest.name?.startsWith("@chatmlkit/")) continue;
    const key = `${manifest.name}@${manifest.version}`;
    if (seen.has(key)) continue;
    const licenceFile = readdirSync(dir).find((f) => LICENCE_FILE.test(f));
    if (licenceFile === undefined)
      throw new Error(`${key} (${dir}) ships no licence file to carry into the bundle`);
    seen.set(key, { manifest, text: readFileSync(join(dir, licenceFile), "utf8").trim() });
  }
  const entries = [...seen.entries()].sort(([a], [b]) => a.localeCompare(b));
  const body = entries
    .map(
      ([key, { manifest, text }]) =>
        `## ${key}\n\nLicence: ${manifest.license ?? "see below"}\n\n\`\`\`\n${text}\n\`\`\``,
    )
    .join("\n\n");
  const header =
    `# Third-party software in ${what}\n\n` +
    "The files under dist/ bundle the following packages (with their licence comments removed to keep\n" +
    "start-up small). Their licences follow, as each package publishes them.\n\n";
  writeFileSync(outFile, `${header}${body}\n`);
  return entries.map(([key]) => key);
}
