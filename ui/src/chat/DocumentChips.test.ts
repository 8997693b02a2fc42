import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { DocumentRef } from "../lib/ipc";

const text = vi.fn();
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  documents: { text: (id: number) => text(id) },
}));
const { default: DocumentChips } = await import("./DocumentChips.svelte");

const deck: DocumentRef = { id: 3, name: "deck.pptx", kind: "slides", parts: 3, tokens: 42 };

describe("DocumentChips", () => {
  afterEach(() => cleanup());

  it("shows the size, opens the text the model reads and closes on Escape", async () => {
    text.mockResolvedValue("Slide 1\nRoadmap");
    render(DocumentChips, { documents: [deck] });
    expect(screen.getByRole("list").textContent).toContain("3 slides · 42 tokens");
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: /deck.pptx/ }));
    await new Promise((r) => setTimeout(r, 0));
    expect(text).toHaveBeenCalledWith(3);
    const dialog = screen.getByRole("dialog");
    expect(dialog.textContent).toContain("Roadmap");
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("says why the text could not be read", async () => {
    const { FakeIpcError } = await import("../test/FakeIpcError");
    text.mockRejectedValue(new FakeIpcError({ code: "not_found", message: "That document was not found." }));
    render(DocumentChips, { documents: [deck] });
    await fireEvent.click(screen.getByRole("button", { name: /deck.pptx/ }));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByRole("alert").textContent).toContain("That document was not found.");
  });
});
