// prepack of every package: packing with npm would publish `workspace:` ranges as they are
// (npm does not rewrite them; pnpm pack and pnpm publish do), which no user could install.
// npm sets npm_execpath to itself but keeps a user agent it finds in the environment (`pnpm exec npm pack`).
const agent = process.env.npm_config_user_agent ?? "";
const byNpm = /npm-cli\.[cm]?js$/.test(process.env.npm_execpath ?? "");
if (byNpm || !agent.startsWith("pnpm/")) {
  console.error(
    `refusing to pack with ${byNpm ? "npm" : agent.split(" ")[0] || "this tool"}: this package depends on its siblings by workspace: ranges, ` +
      "which only pnpm rewrites to versions. Use `pnpm pack` or `pnpm publish` (npx -y pnpm@12.4.2 publish).",
  );
  process.exit(1);
}
