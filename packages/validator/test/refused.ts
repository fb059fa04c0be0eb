// What a call refused with: its ValidatorError's code and message. The test fails if the call is
// accepted, or throws anything but a ValidatorError.
import { expect } from "vitest";
import { ValidatorError } from "../src/index.js";

function codeAndMessage(error: unknown): [string, string] {
  expect(error).toBeInstanceOf(ValidatorError);
  return [(error as ValidatorError).code, (error as Error).message];
}

/** The refusal of a synchronous call. */
export function refused(run: () => unknown): [string, string] {
  try {
    run();
  } catch (error) {
    return codeAndMessage(error);
  }
  throw new Error("accepted");
}

/** The refusal of an asynchronous call: a throw or a rejection. */
export async function refusedAsync(run: () => Promise<unknown>): Promise<[string, string]> {
  try {
    await run();
  } catch (error) {
    return codeAndMessage(error);
  }
  throw new Error("accepted");
}
