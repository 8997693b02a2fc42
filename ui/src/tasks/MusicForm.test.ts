import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { task } from "../test/tasks";

const submit = vi.fn();
vi.mock("../lib/ipc", () => ({
  tasks: {
    sunoVersions: async () => [
      { id: "chirp-crow", label: "v5", lyrics_max: 5000, tags_max: 1000 },
      { id: "chirp-v4", label: "v4", lyrics_max: 3000, tags_max: 20 },
    ],
    submit: (...a: unknown[]) => submit(...a),
  },
}));
const { default: MusicForm } = await import("./MusicForm.svelte");
const { TaskStore } = await import("./taskStore.svelte");
const { image } = await import("../test/images");

const price = (per_request: number) => ({ input_per_m: null, output_per_m: null, per_request });
const catalogue = {
  models: [
    { id: "suno_music", provider: "Suno", kinds: ["audio"], price: price(0.14), available: true, favourite: false },
    { id: "suno_lyrics", provider: "Suno", kinds: ["audio"], price: price(0.02), available: true, favourite: false },
  ],
  recent: [], fetched_at: 1, refresh_error: null,
};
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const make = () => screen.getByRole("button", { name: /Make song/ }) as HTMLButtonElement;

describe("MusicForm", () => {
  afterEach(() => cleanup());

  it("makes a song from a description, with its price, version and instrumental switch", async () => {
    const onStart = vi.fn(async () => true);
    render(MusicForm, { catalogue: catalogue as never, store: new TaskStore(), onStart });
    await tick();
    expect(make().disabled).toBe(true);
    expect(make().textContent).toContain("$0.140");
    await fireEvent.input(screen.getByRole("textbox", { name: "What should the song be about?" }), { target: { value: "A slow Sunday" } });
    await fireEvent.click(document.querySelector(".music-instrumental")!);
    await fireEvent.click(make());
    expect(onStart).toHaveBeenCalledWith({ type: "music", version: "chirp-crow", description: "A slow Sunday", lyrics: "", tags: "",
      title: "", instrumental: true, custom: false, extend: null });
  });

  it("writes lyrics into the form when the lyrics task ends, then sends them in custom mode", async () => {
    const store = new TaskStore();
    const lyricsTask = task({ id: 9, family: "suno", model: "suno_lyrics", operation: "lyrics", kind: "text", status: "running" });
    submit.mockResolvedValue(lyricsTask);
    const onStart = vi.fn(async () => true);
    render(MusicForm, { catalogue: catalogue as never, store, onStart });
    await tick();
    await fireEvent.input(screen.getByRole("textbox", { name: "What should the song be about?" }), { target: { value: "Rain on a tin roof" } });
    await fireEvent.click(screen.getByRole("button", { name: /Write lyrics/ }));
    expect(submit).toHaveBeenCalledWith({ type: "lyrics", prompt: "Rain on a tin roof" });
    await tick();
    expect(screen.getByRole("button", { name: /Writing lyrics/ })).toBeTruthy();
    store.upsert({ ...lyricsTask, status: "succeeded", prompts: ["[Verse]\nDrops on the roof", "Tin Roof"], updated_at: lyricsTask.updated_at + 1 });
    await tick();
    expect((document.querySelector(".music-lyrics") as HTMLTextAreaElement).value).toBe("[Verse]\nDrops on the roof");
    expect((document.querySelector(".music-title") as HTMLInputElement).value).toBe("Tin Roof");
    expect(screen.getByText(/Lyrics written/)).toBeTruthy();
    await fireEvent.input(document.querySelector(".music-tags")!, { target: { value: "folk" } });
    await fireEvent.click(make());
    expect(onStart).toHaveBeenCalledWith(expect.objectContaining({ custom: true, lyrics: "[Verse]\nDrops on the roof", tags: "folk", title: "Tin Roof" }));
  });

  it("says when the style is longer than the version takes, and extends a song from a chosen second", async () => {
    const onStart = vi.fn(async () => true);
    const { component } = render(MusicForm, { catalogue: catalogue as never, store: new TaskStore(), onStart });
    await tick();
    await fireEvent.change(document.querySelector("select.music-version")!, { target: { value: "chirp-v4" } });
    (component as unknown as { extend: (s: unknown, at: number) => void }).extend(image(31, "song", { kind: "audio", family: "suno", title: "Tin Roof" }), 72.6);
    await tick();
    expect(screen.getByRole("status").textContent).toContain("Extending “Tin Roof” from 1:12");
    await fireEvent.input(document.querySelector(".music-tags")!, { target: { value: "folk, acoustic, warm, slow" } });
    expect(screen.getByRole("alert").textContent).toBe("Style is 26 characters; this version takes 20.");
    expect(make().disabled).toBe(true);
    await fireEvent.input(document.querySelector(".music-tags")!, { target: { value: "folk" } });
    await fireEvent.input(document.querySelector(".music-lyrics")!, { target: { value: "[Bridge]\nStill raining" } });
    await fireEvent.click(make());
    expect(onStart).toHaveBeenCalledWith({ type: "music", version: "chirp-v4", description: "", lyrics: "[Bridge]\nStill raining", tags: "folk",
      title: "Tin Roof", instrumental: false, custom: true, extend: { item: 31, at_seconds: 72 } });
    await tick();
    expect(document.querySelector(".music-extending")).toBeNull();
  });
});
