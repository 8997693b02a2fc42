// The words for a task's state, shared by the card and the queue.
import type { MessageKey } from "../lib/i18n/en";
import type { Task } from "../lib/ipc";

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
