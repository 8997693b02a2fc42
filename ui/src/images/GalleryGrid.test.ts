import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render } from "@testing-library/svelte";
import type { GalleryImage } from "../lib/ipc";

vi.mock("../lib/ipc", () => ({ images: { url: (file: string) => `img/${file}`, mediaUrl: (file: string) => `media/${file}`, loadMedia: async () => {} } }));
const frame = new Blob(["jpeg"], { type: "image/jpeg" });
vi.mock("./posterFrame", () => ({ drawFrame: async () => frame }));
const { default: GalleryGrid } = await import("./GalleryGrid.svelte");

const many = (n: number): GalleryImage[] =>
  Array.from({ length: n }, (_, i) => ({
    id: n - i, generation_id: null, file: `${"b".repeat(64)}.png`, thumb: `${"b".repeat(64)}.thumb.jpg`, width: 1024, height: 1024,
    prompt: `image ${n - i}`, revised_prompt: null, model: "dall-e-3", size: null, cost_usd: null, source: "studio", parent_id: null,
    favourite: false, created_at: 0, tags: [], message_id: null, source_url: null, task_id: null, family: null,
    kind: "image", duration_ms: null, title: null, lyrics: null,
  }));

describe("GalleryGrid", () => {
  afterEach(() => cleanup());

  it("renders only the rows near the viewport of 10,000 images, and asks for more only near the end", async () => {
    const onNearEnd = vi.fn();
    render(GalleryGrid, { images: many(10_000), selecting: false, selected: new Set<number>(), onOpen: () => {}, onToggle: () => {}, onNearEnd, onPoster: () => {} });
    await new Promise((r) => setTimeout(r, 0));
    const items = document.querySelectorAll(".gallery-item");
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(200);
    const grid = document.querySelector<HTMLElement>(".gallery-grid")!;
    // The full height is reserved, so the scrollbar is true to the whole gallery.
    expect(parseFloat(grid.style.height)).toBeGreaterThan(100_000);
    expect(onNearEnd).not.toHaveBeenCalled();
  });

  it("asks for more when everything loaded fits on screen", async () => {
    const onNearEnd = vi.fn();
    render(GalleryGrid, { images: many(5), selecting: false, selected: new Set<number>(), onOpen: () => {}, onToggle: () => {}, onNearEnd, onPoster: () => {} });
    await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelectorAll(".gallery-item")).toHaveLength(5);
    expect(onNearEnd).toHaveBeenCalled();
  });

  it("plays a clip under the pointer and stops it on leaving; a clip without a poster gets one drawn, once", async () => {
    const [withPoster, withoutPoster] = many(2).map((image, i) => ({ ...image, kind: "video" as const, file: `${i}.mp4`, thumb: i === 0 ? "p.thumb.jpg" : "" }));
    const onPoster = vi.fn();
    render(GalleryGrid, { images: [withPoster, withoutPoster], selecting: false, selected: new Set<number>(), onOpen: () => {}, onToggle: () => {}, onNearEnd: () => {}, onPoster });
    const [first, second] = document.querySelectorAll<HTMLElement>(".gallery-item");
    expect(first.querySelector("img")?.getAttribute("src")).toBe("img/p.thumb.jpg");
    await fireEvent.pointerEnter(first);
    expect(first.querySelector("video.hover-play")?.getAttribute("src")).toBe("media/0.mp4");
    expect(first.querySelector("img")?.getAttribute("src"), "the poster stays under it").toBe("img/p.thumb.jpg");
    await fireEvent.pointerLeave(first);
    expect(first.querySelector("video")).toBeNull();
    const clip = second.querySelector("video:not(.hover-play)")!;
    expect(clip.getAttribute("crossorigin")).toBe("anonymous");
    await fireEvent(clip, new Event("loadeddata"));
    await fireEvent(clip, new Event("loadeddata"));
    await new Promise((r) => setTimeout(r, 0));
    expect(onPoster).toHaveBeenCalledTimes(1);
    expect(onPoster).toHaveBeenCalledWith(withoutPoster, frame);
  });
});
