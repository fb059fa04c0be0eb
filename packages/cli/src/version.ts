/** The CLI's version, set by the bundler from package.json (the fallback is for tests run from source). */
declare const __CHATMLKIT_VERSION__: string | undefined;
export const VERSION: string =
  typeof __CHATMLKIT_VERSION__ === "string" ? __CHATMLKIT_VERSION__ : "0.0.0-dev";
