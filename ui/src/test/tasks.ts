import type { Task } from "../lib/ipc";

/** A Midjourney imagine as Rust sends it, queued unless `extra` says otherwise. */
export const task = (extra: Partial<Task> = {}): Task => ({
  id: 7, family: "midjourney", model: "mj_fast_imagine", operation: "imagine", prompt: "A lighthouse --ar 1:1", speed: "fast",
  remote_id: "1773", status: "queued", progress: null, raw_status: "SUBMITTED", message: null, error_code: null, preview: null,
  outputs: [], actions: [], prompts: [], parent_id: null, parent_image_id: null, cost_usd: 0.056, watching: true,
  may_be_charged: false, created_at: Date.now() - 5000, updated_at: Date.now(), finished_at: null, attempts: 1,
  kind: "image", typical_seconds: null, ...extra,
});
