import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { ImageEvent } from "../lib/ipc";

const generate = vi.fn();
const submitTask = vi.fn();
const list = vi.fn();
const gallery = {
  list: (...a: unknown[]) => list(...a),
  facets: vi.fn(async () => ({ models: ["gpt-4o-image"], families: ["openai"], kinds: ["image"], tags: ["sea"], total: 1 })),
  lineage: vi.fn(async () => ({ ancestors: [], parent: null, children: [] })),
  remove: vi.fn(),
  restore: vi.fn(),
  setTags: vi.fn(),
  setFavourite: vi.fn(),
  save: vi.fn(),
  exportMany: vi.fn(),
};
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  images: { url: (file: string) => `img/${file}`, mediaUrl: (file: string) => `media/${file}`, loadMedia: async () => {}, pick: vi.fn() },
  studio: { generate: (...a: unknown[]) => generate(...a), cancel: async () => true },
  gallery,
  tasks: {
    videoModels: async () => [{ id: "kling-v1-6", label: "Kling 1.6", family: "kling", seconds: [5], shape: "aspect_ratio", shapes: ["16:9"], image: "optional", typical_seconds: 180 }],
    sunoVersions: async () => [{ id: "chirp-crow", label: "v5", lyrics_max: 5000, tags_max: 1000 }],
    submit: (...a: unknown[]) => submitTask(...a),
  },
}));
const { default: ImagesView } = await import("./ImagesView.svelte");
const { TaskStore } = await import("../tasks/taskStore.svelte");
const { image } = await import("../test/images");
const { task } = await import("../test/tasks");

const catalogue = {
  models: [
    { id: "gpt-4o-image", provider: "OpenAI", kinds: ["chat", "image"] as const, price: null, available: true, favourite: false },
    { id: "gpt-image-1", provider: "OpenAI", kinds: ["image"] as const, price: null, available: true, favourite: false },
  ],
  recent: [], fetched_at: 1, refresh_error: null,
};
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("ImagesView", () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(() => cleanup());

  it("shows a generation's progress as a bar up to 100, then the image first in the gallery", async () => {
    list.mockResolvedValue([image(1, "an old one")]);
    let emit: (e: ImageEvent) => void = () => {};
    let finish: () => void = () => {};
    generate.mockImplementation((_request: unknown, onEvent: (e: ImageEvent) => void) => {
      emit = onEvent;
      return new Promise((resolve) => (finish = () => resolve(null)));
    });
    render(ImagesView, { catalogue: catalogue as never, tasks: new TaskStore() });
    await tick();
    const box = screen.getByRole("textbox", { name: "Describe the image" }) as HTMLTextAreaElement;
    await fireEvent.input(box, { target: { value: "A lighthouse" } });
    await fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    expect(generate).toHaveBeenCalledWith(
      { prompt: "A lighthouse", model: "gpt-4o-image", size: null, count: 1, quality: null, reference: null, mask: null, parent_id: null },
      expect.any(Function),
    );
    emit({ type: "started", generation_id: 5 });
    emit({ type: "progress", progress: { stage: "generating", percent: 37 } });
    await tick();
    expect((screen.getByRole("progressbar") as HTMLProgressElement).value).toBe(37);
    expect(box.value).toBe("");
    emit({ type: "saved", image: image(2, "A lighthouse") });
    emit({ type: "done", generation_id: 5, saved: 1 });
    finish();
    await tick();
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
    render(ImagesView, { catalogue: catalogue as never, tasks: new TaskStore() });
    const box = screen.getByRole("textbox", { name: "Describe the image" }) as HTMLTextAreaElement;
    await fireEvent.input(box, { target: { value: "A castle" } });
    await fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    await tick();
    expect(screen.getByRole("alert").textContent).toContain("Its link may have expired");
    expect(document.querySelector(".generation-prompt")?.textContent).toBe("A castle");
    // Trying again is the user's call, with the same request.
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(generate).toHaveBeenLastCalledWith(expect.objectContaining({ prompt: "A castle" }), expect.any(Function));
  });

  it("edit this image puts it in the reference slot and the edit records its parent", async () => {
    list.mockResolvedValue([image(3, "A red bicycle", { model: "gpt-image-1" })]);
    generate.mockResolvedValue(null);
    render(ImagesView, { catalogue: catalogue as never, tasks: new TaskStore() });
    await tick(10);
    await fireEvent.click(document.querySelector<HTMLElement>(".gallery-item")!);
    await fireEvent.click(screen.getByRole("button", { name: "Edit this image" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByText("Editing image #3")).toBeTruthy();
    await fireEvent.change(document.querySelector<HTMLSelectElement>(".image-model")!, { target: { value: "gpt-image-1" } });
    const box = screen.getByRole("textbox", { name: "Describe the image" });
    await fireEvent.input(box, { target: { value: "Make it blue" } });
    await fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    expect(generate).toHaveBeenCalledWith(
      expect.objectContaining({ prompt: "Make it blue", model: "gpt-image-1", reference: `${"a".repeat(64)}.png`, parent_id: 3 }),
      expect.any(Function),
    );
  });
});

describe("the viewer's next steps", () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(() => cleanup());

  it("animates a picture: the Video tab opens with it as the start picture and the clip's parent", async () => {
    list.mockResolvedValue([image(3, "A red bicycle")]);
    const tasks = new TaskStore();
    submitTask.mockResolvedValue(task({ family: "kling", model: "kling-v1-6", operation: "video", kind: "video" }));
    render(ImagesView, { catalogue: catalogue as never, tasks });
    await tick(10);
    await fireEvent.click(document.querySelector<HTMLElement>(".gallery-item")!);
    await fireEvent.click(screen.getByRole("button", { name: "Animate this image" }));
    await tick(10);
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.querySelector('[data-family="video"]')?.getAttribute("aria-selected")).toBe("true");
    await fireEvent.input(screen.getByRole("textbox", { name: "Describe the image" }), { target: { value: "The wheels turn" } });
    await fireEvent.click(screen.getByRole("button", { name: /Make video/ }));
    expect(submitTask).toHaveBeenCalledWith(expect.objectContaining({ type: "video", model: "kling-v1-6", prompt: "The wheels turn", image: `${"a".repeat(64)}.png`, parent: 3 }));
  });

  it("extends a song from where its player stands, in the Music tab", async () => {
    list.mockResolvedValue([image(8, "rain", { kind: "audio", family: "suno", title: "Tin Roof", file: "s.mp3", duration_ms: 120_000 })]);
    render(ImagesView, { catalogue: catalogue as never, tasks: new TaskStore() });
    await tick(10);
    await fireEvent.click(document.querySelector<HTMLElement>(".gallery-item")!);
    const audio = document.querySelector("audio")!;
    audio.currentTime = 65;
    await fireEvent(audio, new Event("timeupdate"));
    expect(screen.queryByRole("button", { name: "Edit this image" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: /Extend · Continue from 1:05/ }));
    await tick(10);
    expect(document.querySelector('[data-family="music"]')?.getAttribute("aria-selected")).toBe("true");
    expect(document.querySelector(".music-extending")?.textContent).toContain("Extending “Tin Roof” from 1:05");
  });
});

describe("gallery", () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(() => cleanup());

  it("deletes from the viewer and brings the image back with Undo", async () => {
    const one = image(1, "A green door");
    list.mockResolvedValue([one]);
    gallery.remove.mockResolvedValue(one);
    gallery.restore.mockResolvedValue(one);
    render(ImagesView, { catalogue: catalogue as never, tasks: new TaskStore() });
    await tick(10);
    await fireEvent.click(document.querySelector<HTMLElement>(".gallery-item")!);
    await fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    await tick();
    expect(document.querySelectorAll(".gallery-item")).toHaveLength(0);
    await fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    await tick();
    expect(gallery.restore).toHaveBeenCalledWith(one);
    expect(document.querySelectorAll(".gallery-item")).toHaveLength(1);
  });

  it("filters by model, tag and favourites through one query", async () => {
    list.mockResolvedValue([]);
    render(ImagesView, { catalogue: catalogue as never, tasks: new TaskStore() });
    await tick(10);
    await fireEvent.change(screen.getByRole("combobox", { name: "Filter by model" }), { target: { value: "gpt-4o-image" } });
    await fireEvent.change(screen.getByRole("combobox", { name: "Filter by tag" }), { target: { value: "sea" } });
    await fireEvent.click(screen.getByRole("checkbox", { name: "★ Favourites" }));
    await tick();
    expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ model: "gpt-4o-image", tag: "sea", favourites: true }));
  });

  it("shows only videos or songs when asked, once the library holds more than one kind", async () => {
    list.mockResolvedValue([]);
    gallery.facets.mockResolvedValueOnce({ models: ["sora-2"], families: ["videos", "suno"], kinds: ["image", "video", "audio"], tags: [], total: 3 });
    render(ImagesView, { catalogue: catalogue as never, tasks: new TaskStore() });
    await tick(10);
    const radios = screen.getAllByRole("radio").filter((r) => r.dataset.kind);
    expect(radios.map((r) => r.textContent)).toEqual(["All", "Images", "Videos", "Songs"]);
    await fireEvent.click(screen.getByRole("radio", { name: "Songs" }));
    await tick();
    expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ kind: "audio" }));
    expect(screen.getByRole("radio", { name: "Songs" }).getAttribute("aria-checked")).toBe("true");
    expect([...document.querySelectorAll<HTMLOptionElement>(".gallery-family option")].map((o) => o.textContent)).toEqual(["Any family", "Sora / Veo", "Suno"]);
  });

  it("selects several and exports them", async () => {
    list.mockResolvedValue([image(1, "one"), image(2, "two"), image(3, "three")]);
    gallery.exportMany.mockResolvedValue({ folder: "/tmp/out", count: 2, first: "/tmp/out/two 2.png" });
    render(ImagesView, { catalogue: catalogue as never, tasks: new TaskStore() });
    await tick(10);
    await fireEvent.click(screen.getByRole("button", { name: "Select" }));
    const items = document.querySelectorAll<HTMLElement>(".gallery-item");
    await fireEvent.click(items[1]);
    await fireEvent.click(items[2]);
    expect(screen.getByText("2 selected")).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Export…" }));
    await tick();
    expect(gallery.exportMany).toHaveBeenCalledWith([2, 3]);
    expect(screen.getByText("2 images with their prompts saved to /tmp/out")).toBeTruthy();
  });

  it("tags typed in the viewer are kept on Enter", async () => {
    const one = image(1, "A fox");
    list.mockResolvedValue([one]);
    gallery.setTags.mockResolvedValue({ ...one, tags: ["winter", "animals"] });
    render(ImagesView, { catalogue: catalogue as never, tasks: new TaskStore() });
    await tick(10);
    await fireEvent.click(document.querySelector<HTMLElement>(".gallery-item")!);
    const field = screen.getByRole("textbox", { name: "Tags" });
    await fireEvent.input(field, { target: { value: "winter, animals ," } });
    await fireEvent.keyDown(field, { key: "Enter" });
    await tick();
    expect(gallery.setTags).toHaveBeenCalledWith(1, ["winter", "animals"]);
  });
});
