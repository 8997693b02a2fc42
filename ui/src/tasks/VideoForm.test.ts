import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { VideoModel } from "../lib/ipc";

const models: VideoModel[] = [
  { id: "sora-2", label: "Sora 2", family: "videos", seconds: [4, 8, 12], shape: "size", shapes: ["1280x720", "720x1280"], image: "optional", typical_seconds: 120 },
  { id: "kling-v2-master", label: "Kling 2 Master", family: "kling", seconds: [5, 10], shape: "aspect_ratio", shapes: ["16:9", "9:16", "1:1"],
    modes: ["std", "pro"], negative_prompt: true, image: "optional", typical_seconds: 180 },
  { id: "midjourney-video", label: "Midjourney video", family: "midjourney", seconds: [5], shape: "none", shapes: [], modes: ["low", "high"],
    image: "required", typical_seconds: 120 },
  { id: "text-only", label: "Text only", family: "videos", seconds: [8], shape: "size", shapes: ["16x9"], image: "none", typical_seconds: 60 },
];
vi.mock("../lib/ipc", () => ({
  images: { url: (file: string) => `img/${file}`, pick: vi.fn() },
  tasks: { videoModels: async () => models },
}));
const { default: VideoForm } = await import("./VideoForm.svelte");
const { image } = await import("../test/images");

const catalogue = {
  models: [
    { id: "sora-2", provider: "OpenAI", kinds: ["video"], price: { input_per_m: null, output_per_m: null, per_request: null, per_second: 0.1 }, available: true, favourite: false },
    { id: "kling-v2-master", provider: "Kling", kinds: ["video"], price: { input_per_m: null, output_per_m: null, per_request: 0.5 }, available: true, favourite: false },
  ],
  recent: [], fetched_at: 1, refresh_error: null,
};
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const select = (cls: string) => document.querySelector<HTMLSelectElement>(`select.${cls}`);

describe("VideoForm", () => {
  afterEach(() => cleanup());

  it("offers each model's own options, prices by the second, and sends what was chosen", async () => {
    const onStart = vi.fn(async () => true);
    render(VideoForm, { catalogue: catalogue as never, onStart });
    await tick();
    const make = screen.getByRole("button", { name: /Make video/ }) as HTMLButtonElement;
    // Sora: lengths and sizes, priced 4 s × $0.10; no quality or negative prompt.
    expect([...select("video-seconds")!.options].map((o) => o.textContent)).toEqual(["4 s", "8 s", "12 s"]);
    expect(make.textContent).toContain("$0.400");
    expect(select("video-mode")).toBeNull();
    expect(document.querySelector(".video-negative")).toBeNull();
    await fireEvent.change(select("video-seconds")!, { target: { value: "8" } });
    expect(make.textContent).toContain("$0.800");
    expect(make.disabled).toBe(true);
    await fireEvent.input(screen.getByRole("textbox", { name: "Describe the image" }), { target: { value: "A paper boat on a pond" } });
    await fireEvent.click(make);
    expect(onStart).toHaveBeenCalledWith({ type: "video", model: "sora-2", prompt: "A paper boat on a pond", seconds: 8, shape: "1280x720",
      mode: null, negative_prompt: null, image: null, parent: null, extend: null });

    // Kling: aspect ratios, std/pro and a negative prompt; its length default replaces 8 s.
    await fireEvent.change(select("video-model")!, { target: { value: "kling-v2-master" } });
    await tick();
    expect([...select("video-shape")!.options].map((o) => o.value)).toEqual(["16:9", "9:16", "1:1"]);
    expect([...select("video-mode")!.options].map((o) => o.textContent)).toEqual(["Standard", "Pro"]);
    expect(make.textContent).toContain("$0.500");
    await fireEvent.change(select("video-mode")!, { target: { value: "pro" } });
    await fireEvent.input(document.querySelector(".video-negative")!, { target: { value: "text, watermark" } });
    await fireEvent.input(screen.getByRole("textbox", { name: "Describe the image" }), { target: { value: "Waves" } });
    await fireEvent.keyDown(screen.getByRole("textbox", { name: "Describe the image" }), { key: "Enter", ctrlKey: true });
    expect(onStart).toHaveBeenLastCalledWith({ type: "video", model: "kling-v2-master", prompt: "Waves", seconds: 5, shape: "16:9",
      mode: "pro", negative_prompt: "text, watermark", image: null, parent: null, extend: null });
  });

  it("animates a gallery picture: a model that takes one, the picture as start and parent, and no prompt needed", async () => {
    const onStart = vi.fn(async () => true);
    const { component } = render(VideoForm, { catalogue: catalogue as never, onStart });
    await tick();
    await fireEvent.change(select("video-model")!, { target: { value: "text-only" } });
    expect(screen.queryByRole("button", { name: /Start from a picture/ })).toBeNull();
    (component as unknown as { animate: (i: unknown) => void }).animate(image(42, "A lighthouse", { file: "b.png", width: 512, height: 512 }));
    await tick();
    expect(select("video-model")!.value).toBe("sora-2");
    expect(document.querySelector(".video-start img")?.getAttribute("src")).toBe("img/b.png");
    expect(document.activeElement?.classList.contains("video-prompt")).toBe(true);
    await fireEvent.click(screen.getByRole("button", { name: /Make video/ }));
    expect(onStart).toHaveBeenCalledWith(expect.objectContaining({ model: "sora-2", prompt: "", image: "b.png", parent: 42 }));
    await tick();
    expect(document.querySelector(".video-start")).toBeNull();
  });

  it("offers Midjourney's motion and no shape, and extends a kept clip without a start picture", async () => {
    const onStart = vi.fn(async () => true);
    const { component } = render(VideoForm, { catalogue: catalogue as never, onStart });
    await tick();
    (component as unknown as { extend: (c: unknown) => void }).extend(image(77, "fog", { kind: "video", family: "midjourney", file: "c.mp4", thumb: "c.thumb.jpg" }));
    await tick();
    expect(select("video-model")!.value).toBe("midjourney-video");
    expect(select("video-shape")).toBeNull();
    expect(document.querySelector("label:has(select.video-mode)")?.textContent).toContain("Motion");
    expect([...select("video-mode")!.options].map((o) => o.textContent)).toEqual(["Low", "High"]);
    expect(screen.getByRole("status").textContent).toContain("Extending clip #77");
    expect(screen.queryByRole("button", { name: /Start from a picture/ })).toBeNull();
    await fireEvent.change(select("video-mode")!, { target: { value: "high" } });
    await fireEvent.click(screen.getByRole("button", { name: /Make video/ }));
    expect(onStart).toHaveBeenCalledWith({ type: "video", model: "midjourney-video", prompt: "", seconds: 5, shape: null,
      mode: "high", negative_prompt: null, image: null, parent: null, extend: 77 });
  });
});
