import type { GalleryImage } from "../lib/ipc";

/** A picture kept by the studio, as Rust sends it. */
export const image = (id: number, prompt: string, extra: Partial<GalleryImage> = {}): GalleryImage => ({
  id, generation_id: 1, file: `${"a".repeat(64)}.png`, thumb: `${"a".repeat(64)}.thumb.jpg`, width: 1024, height: 1024,
  prompt, revised_prompt: null, model: "gpt-4o-image", size: null, cost_usd: 0.04, source: "studio", parent_id: null, favourite: false,
  created_at: 0, tags: [], message_id: null, source_url: null, task_id: null, family: null,
  kind: "image", duration_ms: null, title: null, lyrics: null, ...extra,
});
