import type { Browser, Page } from "playwright-core";

export const ROOT: string;
export const CHROMIUM: string;
export function launch(): Promise<Browser>;
/** A running `chatml playground` and the URL it printed. */
export interface Served {
  readonly url: string;
  readonly origin: string;
  stop(): void;
}
export function servePlayground(args?: readonly string[]): Promise<Served>;
export function settled(page: Page, after?: number): Promise<void>;
