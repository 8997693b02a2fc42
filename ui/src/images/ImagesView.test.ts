import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { GalleryImage, ImageEvent } from "../lib/ipc";

const generate = vi.fn();
const list = vi.fn();
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  images: { url: (file: string) => `img/${file}` },
  studio: { generate: (...a: unknown[]) => generate(...a), list: (...a: unknown[]) => list(...a), cancel: async () => true, saveAs: async () => null },
}));
const { default: ImagesView } = await import("./ImagesView.svelte");

const image = (id: number, prompt: string): GalleryImage => ({
  id, generation_id: 1, file: `${"a".repeat(64)}.png`, thumb: `${"a".repeat(64)}.thumb.jpg`, width: 1024, height: 1024,
  prompt, revised_prompt: null, model: "gpt-4o-image", size: null, cost_usd: 0.04, source: "studio", parent_id: null, favourite: false, created_at: 0,
});
const catalogue = {
  models: [{ id: "gpt-4o-image", provider: "OpenAI", kinds: ["chat", "image"] as const, price: null, available: true, favourite: false }],
  recent: [], fetched_at: 1, refresh_error: null,
};

describe("ImagesView", () => {
  afterEach(() => cleanup());

  it("shows a generation's progress as a bar up to 100, then the image first in the gallery", async () => {
    list.mockResolvedValue([image(1, "an old one")]);
    let emit: (e: ImageEvent) => void = () => {};
    let finish: () => void = () => {};
    generate.mockImplementation((_request: unknown, onEvent: (e: ImageEvent) => void) => {
      emit = onEvent;
      return new Promise((resolve) => (finish = () => resolve(null)));
    });
    render(ImagesView, { catalogue: { ...catalogue, models: [...catalogue.models] } as never });
    await new Promise((r) => setTimeout(r, 0));
    const box = screen.getByRole("textbox", { name: "Describe the image" }) as HTMLTextAreaElement;
    await fireEvent.input(box, { target: { value: "A lighthouse" } });
    await fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    expect(generate).toHaveBeenCalledWith({ prompt: "A lighthouse", model: "gpt-4o-image", size: null, count: 1, quality: null }, expect.any(Function));
    emit({ type: "started", generation_id: 5 });
    emit({ type: "progress", progress: { stage: "generating", percent: 37 } });
    await new Promise((r) => setTimeout(r, 0));
    const bar = screen.getByRole("progressbar") as HTMLProgressElement;
    expect(bar.value).toBe(37);
    expect(box.value).toBe("");
    emit({ type: "saved", image: image(2, "A lighthouse") });
    emit({ type: "done", generation_id: 5, saved: 1 });
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect((screen.getByRole("progressbar") as HTMLProgressElement).value).toBe(100);
    expect(screen.getByText("Done: 1 saved")).toBeTruthy();
    const items = document.querySelectorAll<HTMLElement>(".gallery-item");
    expect([...items].map((i) => i.dataset.imageId)).toEqual(["2", "1"]);
  });

  it("keeps the prompt and says why when a generation fails", async () => {
    list.mockResolvedValue([]);
    generate.mockImplementation(async (_r: unknown, onEvent: (e: ImageEvent) => void) => {
      onEvent({ type: "started", generation_id: 6 });
      onEvent({ type: "failed", generation_id: 6, error: { code: "not_found", message: "The image could not be fetched (HTTP 404). Its link may have expired." } });
      return null;
    });
    render(ImagesView, { catalogue: catalogue as never });
    const box = screen.getByRole("textbox", { name: "Describe the image" }) as HTMLTextAreaElement;
    await fireEvent.input(box, { target: { value: "A castle" } });
    await fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByRole("alert").textContent).toContain("Its link may have expired");
    expect(document.querySelector(".generation-prompt")?.textContent).toBe("A castle");
    // Trying again is the user's call, with the same prompt.
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(generate).toHaveBeenLastCalledWith(expect.objectContaining({ prompt: "A castle" }), expect.any(Function));
  });
});

describe("gallery actions", () => {
  afterEach(() => cleanup());

  it("deletes from the viewer and brings the image back with Undo", async () => {
    const { studio } = (await import("../lib/ipc")) as unknown as { studio: Record<string, unknown> };
    const one = image(1, "A green door");
    list.mockResolvedValue([one]);
    studio.remove = vi.fn(async () => one);
    studio.restore = vi.fn(async () => one);
    render(ImagesView, { catalogue: catalogue as never });
    await new Promise((r) => setTimeout(r, 10));
    await fireEvent.click(document.querySelector<HTMLElement>(".gallery-item")!);
    await fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelectorAll(".gallery-item")).toHaveLength(0);
    await fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(studio.restore).toHaveBeenCalledWith(one);
    expect(document.querySelectorAll(".gallery-item")).toHaveLength(1);
  });
});
