// Types of build-licenses.mjs, for the playground's vite.config.ts, which writes its licences with it.
export function packageDirOf(file: string): string | undefined;
export function writeThirdPartyLicences(
  metafile: { inputs: Record<string, unknown> },
  workingDir: string,
  extraPackageDirs: readonly string[],
  outFile: string,
  what?: string,
): string[];
