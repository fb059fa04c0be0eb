// Messages between the page and its worker: plain data both ways.
import type { Analysis } from "./analysis.js";
import type { PageState, Settings } from "./settings.js";

export type ToWorker =
  | {
      readonly type: "analyze";
      readonly id: number;
      readonly text: string;
      readonly settings: Settings;
      /** Send the conversions back too (the Convert view is open). */
      readonly conversions: boolean;
    }
  | { readonly type: "decode"; readonly hash: string };

/** A model profile, as the profile menu lists it. */
export interface ProfileChoice {
  readonly name: string;
  readonly label: string;
}

export type FromWorker =
  | {
      readonly type: "ready";
      readonly profiles: readonly ProfileChoice[];
      readonly models: readonly string[];
    }
  | { readonly type: "decoded"; readonly hash: string; readonly state: PageState | undefined }
  | { readonly type: "result"; readonly analysis: Analysis }
  | { readonly type: "failed"; readonly id: number; readonly message: string };
