// The start-up timeline's marks on the page, sent with its first paint.
// Wall-clock ms, so that Rust can place them after its own launch. Kept
// apart from the ipc module so that a test's mock of it leaves them be.
import type { PageMark, PageStage } from "./ipc/bindings";

let marks: PageMark[] | null = [];

/** Notes a stage of the start; once the first screen is painted, nothing. */
export function markStartup(stage: PageStage): void {
  marks?.push({ stage, at_ms: performance.timeOrigin + performance.now() });
}

/** The marks so far, once: null after the first call (a later screen, as
 * after starting clean, is not the first paint). */
export function takeStartupMarks(): PageMark[] | null {
  const taken = marks;
  marks = null;
  return taken;
}
