import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { Collection, CollectionProgress } from "../lib/ipc";

const handbook: Collection = {
  id: 1, name: "Handbook", folder_name: "Handbook", embedding_model: "text-embedding-3-small",
  files: 0, problems: 0, tokens: 0, passages: 0, embedded: 0,
};
let report: (p: CollectionProgress) => void = () => {};
let finish: (c: Collection) => void = () => {};
const ipc = {
  list: vi.fn(async () => [] as Collection[]),
  createFromFolder: vi.fn(async () => handbook),
  read: vi.fn((_id: number, onProgress: (p: CollectionProgress) => void) => {
    report = onProgress;
    return new Promise<Collection>((resolve) => (finish = resolve));
  }),
  pause: vi.fn(async () => {}),
  files: vi.fn(async () => [
    { id: 7, name: "broken.docx", document: null, problem: "broken.docx: this file is damaged." },
  ]),
};
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  collections: ipc,
}));
const { default: CollectionsView } = await import("./CollectionsView.svelte");
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("CollectionsView", () => {
  afterEach(() => cleanup());

  it("reads a new folder with progress, pauses, and says which file could not be read", async () => {
    render(CollectionsView);
    await tick();
    expect(screen.getByText("No collections yet.")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "New from a folder…" }));
    await tick();
    expect(ipc.read).toHaveBeenCalledWith(1, expect.any(Function));
    report({ stage: "embedding", done: 64, total: 200 });
    await tick();
    expect(screen.getByRole("status").textContent).toContain("Indexing passages: 64 of 200");
    await fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    expect(ipc.pause).toHaveBeenCalledWith(1);
    finish({ ...handbook, files: 50, problems: 1, tokens: 9000, passages: 200, embedded: 64 });
    await tick();
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.getByText("Paused: what was indexed is kept.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Go on" })).toBeTruthy();
    expect(document.querySelector(".collection-summary")?.textContent).toContain("50 files · 9,000 tokens · 64 of 200 passages indexed");
    await fireEvent.click(screen.getByRole("button", { name: /Handbook/ }));
    await tick();
    expect(document.querySelector(".collection-file[data-file='broken.docx']")?.textContent).toContain("this file is damaged");
  });
});
