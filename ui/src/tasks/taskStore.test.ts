import { describe, expect, it, vi } from "vitest";
import type { GalleryImage, TaskEvent } from "../lib/ipc";
import { task } from "../test/tasks";

let onEvent: ((event: TaskEvent) => void) | null = null;
const list = vi.fn();
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  images: { url: (file: string) => `img/${file}` },
  tasks: {
    watch: (handler: (event: TaskEvent) => void) => (onEvent = handler),
    list: (...a: unknown[]) => list(...a),
    submit: vi.fn(async () => {
      const { FakeIpcError } = await import("../test/FakeIpcError");
      throw new FakeIpcError({ code: "invalid_input", message: "Describe the image first." });
    }),
  },
}));
const { TaskStore } = await import("./taskStore.svelte");

describe("TaskStore", () => {
  it("lists recent tasks newest first and keeps each current from the event stream", async () => {
    list.mockResolvedValue([task({ id: 2 }), task({ id: 1 })]);
    const store = new TaskStore();
    await store.start();
    expect(store.list.map((t) => t.id)).toEqual([2, 1]);
    onEvent?.({ type: "changed", task: task({ id: 3, status: "running", updated_at: 10 }) });
    expect(store.list.map((t) => t.id)).toEqual([3, 2, 1]);
    expect(store.open.map((t) => t.id)).toEqual([3, 2, 1]);
    onEvent?.({ type: "changed", task: task({ id: 3, status: "succeeded", updated_at: 20 }) });
    // An answer older than what is shown never replaces it.
    onEvent?.({ type: "changed", task: task({ id: 3, status: "running", updated_at: 15 }) });
    expect(store.byId(3)?.status).toBe("succeeded");
    expect(store.open.map((t) => t.id)).toEqual([2, 1]);
  });

  it("shows cards for what is still going and what ended in the last hour, not older ones", async () => {
    const hour = 60 * 60 * 1000;
    list.mockResolvedValue([
      task({ id: 4, status: "running" }),
      task({ id: 3, status: "succeeded", finished_at: Date.now() - 5 * 60 * 1000 }),
      task({ id: 2, status: "succeeded", finished_at: Date.now() - 2 * hour }),
      task({ id: 1, status: "queued", created_at: Date.now() - 3 * hour, updated_at: Date.now() - 3 * hour }),
    ]);
    const store = new TaskStore();
    await store.start();
    expect(store.cards.map((t) => t.id)).toEqual([4, 3, 1]);
  });

  it("hands kept results to the gallery and says why a submit was refused", async () => {
    list.mockResolvedValue([]);
    const store = new TaskStore();
    await store.start();
    const kept: GalleryImage[] = [];
    store.onKept((image) => kept.push(image));
    onEvent?.({ type: "kept", task_id: 1, image: { id: 9 } as GalleryImage });
    expect(kept.map((i) => i.id)).toEqual([9]);
    expect(await store.submit({ type: "imagine", prompt: " ", bot: "mid_journey", speed: "fast", references: [] })).toBeNull();
    expect(store.notice?.message).toContain("Describe the image");
  });
});
