import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import AnswerSources from "./AnswerSources.svelte";
import type { Source } from "../lib/ipc";

const sources: Source[] = [
  { name: "manual.pdf", part: "Page 12", text: "Hold the reset button for ten seconds." },
  { name: "notes.txt", part: null, text: "Reset only when the light blinks." },
];

describe("AnswerSources", () => {
  afterEach(() => cleanup());

  it("numbers each passage with its file and place, and opens it as sent", async () => {
    render(AnswerSources, { sources });
    const chips = screen.getAllByRole("button");
    expect(chips.map((c) => c.textContent?.replace(/\s+/g, " ").trim())).toEqual(["1 manual.pdf · Page 12", "2 notes.txt"]);
    await fireEvent.click(chips[0]);
    const dialog = screen.getByRole("dialog");
    expect(dialog.textContent).toContain("manual.pdf · Page 12");
    expect(dialog.textContent).toContain("Hold the reset button for ten seconds.");
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("stays open while the answer around it streams on", async () => {
    const { rerender } = render(AnswerSources, { sources });
    await fireEvent.click(screen.getAllByRole("button")[1]);
    await rerender({ sources: sources.map((s) => ({ ...s })) });
    expect(screen.getByRole("dialog").textContent).toContain("Reset only when the light blinks.");
  });

  it("shows nothing for an answer given whole documents", () => {
    const { container } = render(AnswerSources, { sources: [] });
    expect(container.textContent?.trim()).toBe("");
  });
});
