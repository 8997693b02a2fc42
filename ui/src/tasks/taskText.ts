// The words for a task's state, shared by the card and the queue.
import type { MessageKey } from "../lib/i18n/en";
import { t } from "../lib/i18n/i18n.svelte";
import { elapsed } from "../lib/clock.svelte";
import type { Price, Task } from "../lib/ipc";

export function statusKey(task: Task): MessageKey {
  if (task.status === "queued" && task.remote_id === null) return "tasks.sending";
  const keys: Record<Task["status"], MessageKey> = {
    queued: "tasks.queued",
    running: "tasks.running",
    needs_input: "tasks.needsInput",
    succeeded: "tasks.succeeded",
    failed: "tasks.failed",
    unknown: "tasks.unknown",
  };
  return keys[task.status];
}

/** A per-request price as shown beside a choice: "$0.056". */
export function priceText(perRequest: number | null | undefined): string {
  return perRequest == null ? "" : `$${perRequest.toFixed(perRequest < 0.01 ? 4 : 3)}`;
}

/** A clip's price before it is made: per request, or per second of clip
 * (Sora); empty when the catalogue does not say. */
export function clipPrice(price: Price | null | undefined, seconds: number): string {
  if (!price) return "";
  if (price.per_second != null) return priceText(price.per_second * seconds);
  return priceText(price.per_request);
}

/** How far a running task is, as its family tells: the download of its
 * result, the percentage it reports, or (for families that give none) the
 * time so far against the time one usually takes. `share` fills the bar. */
export function progressOf(task: Task, now: number, download: number | null | undefined): { text: string; share: number } {
  if (download !== undefined) {
    return { text: t("tasks.downloading", { percent: download === null ? "" : `${download}%` }).trim(), share: download ?? 100 };
  }
  if (task.progress) return { text: `${task.progress}%`, share: task.progress };
  const typical = task.typical_seconds;
  if (typical && task.status !== "queued") {
    const spent = now - task.created_at;
    const text = t("tasks.typicalOf", { time: elapsed(0, spent), typical: elapsed(0, typical * 1000) });
    // Never full before it is done: a slow one stays near the end.
    return { text, share: Math.min(95, Math.round((100 * spent) / (typical * 1000))) };
  }
  return { text: "", share: 0 };
}
