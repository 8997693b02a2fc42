import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { task } from "../test/tasks";

vi.mock("../lib/ipc", () => ({ images: { url: (file: string) => `img/${file}` } }));
const { default: TaskCard } = await import("./TaskCard.svelte");


const handlers = () => ({
  onPress: vi.fn(), onModal: vi.fn(), onCheck: vi.fn(), onStop: vi.fn(), onSplit: vi.fn(), onImagine: vi.fn(), onDismiss: vi.fn(), onOpen: vi.fn(),
});

const grid = { image_id: 3, file: `${"a".repeat(64)}.png`, thumb: `${"a".repeat(64)}.thumb.jpg`, width: 1024, height: 1024 };

describe("TaskCard", () => {
  afterEach(() => cleanup());

  it("shows a queued task, then its percentage and live preview while it renders", async () => {
    const h = handlers();
    const { component, rerender } = render(TaskCard, { task: task(), ...h });
    expect(screen.getByText(/Queued/)).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
    await rerender({ task: task({ status: "running", progress: 42, preview: `${"b".repeat(64)}.png` }) });
    expect(screen.getByText(/Rendering · 42%/)).toBeTruthy();
    expect(document.querySelector("img.preview")?.getAttribute("src")).toBe(`img/${"b".repeat(64)}.png`);
    expect((document.querySelector("progress") as HTMLProgressElement).value).toBe(42);
    expect(component).toBeTruthy();
  });

  it("renders the buttons the latest fetch returned, emoji-only ones too, and presses the one clicked", async () => {
    const h = handlers();
    const actions = [
      { custom_id: "MJ::JOB::upsample::2::h9", label: "U2", emoji: "", modal: null },
      { custom_id: "MJ::JOB::reroll::0::h9::SOLO", label: "", emoji: "🔄", modal: null },
      { custom_id: "MJ::Inpaint::1::h9::SOLO", label: "Vary (Region)", emoji: "🖌️", modal: "inpaint" },
      { custom_id: "MJ::New::thing", label: "<img src=x onerror=alert(1)>", emoji: "", modal: null },
    ];
    render(TaskCard, { task: task({ status: "succeeded", progress: 100, outputs: [grid], actions, finished_at: Date.now() }), ...h });
    const buttons = [...document.querySelectorAll<HTMLButtonElement>(".task-button")];
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(["U2", "🔄", "🖌️ Vary (Region)", "<img src=x onerror=alert(1)>"]);
    expect(document.querySelectorAll(".task-buttons img")).toHaveLength(0);
    await fireEvent.click(buttons[0]);
    expect(h.onPress).toHaveBeenCalledWith(actions[0]);
    expect(screen.getByText("Split grid")).toBeTruthy();
    await fireEvent.click(document.querySelector(".task-picture") as HTMLElement);
    expect(h.onOpen).toHaveBeenCalledWith(3);
  });

  it("asks for the dialog a modal needs, and warns when a submit may have been charged", async () => {
    const h = handlers();
    const { rerender } = render(TaskCard, { task: task({ status: "needs_input", operation: "inpaint" }), ...h });
    await fireEvent.click(screen.getByText("Paint the region…"));
    expect(h.onModal).toHaveBeenCalled();
    await rerender({ task: task({ status: "unknown", remote_id: null, may_be_charged: true, message: "No clear answer came", error_code: "timeout" }) });
    expect(screen.getByText(/may have been charged/)).toBeTruthy();
    await fireEvent.click(screen.getByText("Check again"));
    expect(h.onCheck).toHaveBeenCalled();
    expect(screen.queryByText("Stop watching")).toBeNull();
  });

  it("offers each of describe's prompts for a new imagine", async () => {
    const h = handlers();
    render(TaskCard, { task: task({ operation: "describe", status: "succeeded", prompts: ["one --ar 1:1", "two"], finished_at: Date.now() }), ...h });
    const buttons = screen.getAllByText("Imagine this");
    expect(buttons).toHaveLength(2);
    await fireEvent.click(buttons[1]);
    expect(h.onImagine).toHaveBeenCalledWith("two");
  });

  it("says why a task failed", () => {
    render(TaskCard, { task: task({ status: "failed", message: "The result's link expired", error_code: "not_found", finished_at: Date.now() }), ...handlers() });
    expect(screen.getByRole("alert").textContent).toContain("link expired");
    expect(screen.queryByText("Check again")).toBeNull();
  });

  it("shows a song's download, and for a family with no percentage the time against the usual", async () => {
    const h = handlers();
    const song = task({ family: "suno", model: "suno_music", operation: "music", kind: "audio", status: "running", progress: null,
      typical_seconds: 150, created_at: Date.now() - 90_000 });
    const { rerender } = render(TaskCard, { task: song, ...h });
    expect(screen.getByText(/Rendering · 1 min of about 2 min/)).toBeTruthy();
    expect((document.querySelector("progress") as HTMLProgressElement).value).toBe(60);
    await rerender({ task: song, download: 42 });
    expect(screen.getByText(/Rendering · Downloading 42%/)).toBeTruthy();
    expect((document.querySelector("progress") as HTMLProgressElement).value).toBe(42);
  });

  it("shows written lyrics as text, not as prompts to imagine", () => {
    render(TaskCard, { task: task({ family: "suno", operation: "lyrics", status: "succeeded", prompts: ["[Verse] rain", "Tin Roof"], finished_at: Date.now() }), ...handlers() });
    expect(document.querySelector(".task-lyrics")?.textContent).toBe("Tin Roof\n\n[Verse] rain");
    expect(screen.queryByText("Imagine this")).toBeNull();
  });
});
