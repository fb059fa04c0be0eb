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
  | { readonly type: "decode"; readonly hash: string }
  /** An open model's tokenizer.json to count with (its text), or none: the model's encoding again. */
  | { readonly type: "tokenizer"; readonly name: string; readonly json: string | undefined };

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
  /** The tokenizer.json taken (its name and added tokens), or why it was not. */
  | {
      readonly type: "tokenizer";
      readonly name: string | undefined;
      readonly addedTokens: number;
      readonly error?: string;
    }
  | { readonly type: "failed"; readonly id: number; readonly message: string };
