import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { SearchHit } from "../lib/ipc";

const hits: SearchHit[] = [
  {
    conversation_id: 1, conversation_title: "Trip", message_id: 10, role: "user",
    snippet: [{ text: "a week in ", hit: false }, { text: "Lisbon", hit: true }],
  },
  {
    conversation_id: 2, conversation_title: "Code", message_id: 20, role: "assistant",
    snippet: [{ text: "<img src=x onerror=alert(1)> ", hit: false }, { text: "Lisbon", hit: true }],
  },
];
const search = vi.fn(async (query: string, folder: number | null = null) =>
  query.includes("lis") ? hits.filter((h) => folder === null || h.conversation_id === folder) : []);

vi.mock("../lib/ipc", () => ({ chat: { search: (q: string, folder: number | null) => search(q, folder) } }));

const { default: SearchDialog } = await import("./SearchDialog.svelte");
const settle = () => new Promise((r) => setTimeout(r, 150));

describe("SearchDialog", () => {
  afterEach(() => cleanup());

  it("shows highlighted hits as text and picks with the keyboard", async () => {
    const onPick = vi.fn();
    const { container } = render(SearchDialog, { onPick, onClose: () => {} });
    const input = screen.getByRole("searchbox");
    await fireEvent.input(input, { target: { value: "lis" } });
    await settle();
    expect(search).toHaveBeenLastCalledWith("lis", null);
    expect([...container.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Lisbon", "Lisbon"]);
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByText(/onerror=alert/)).toBeTruthy();

    await fireEvent.keyDown(input, { key: "ArrowDown" });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onPick).toHaveBeenCalledWith(hits[1]);
  });

  it("says when nothing matches and closes on Escape", async () => {
    const onClose = vi.fn();
    render(SearchDialog, { onPick: () => {}, onClose });
    const input = screen.getByRole("searchbox");
    await fireEvent.input(input, { target: { value: "zzz" } });
    await settle();
    expect(screen.getByText("Nothing found.")).toBeTruthy();
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(onClose).toHaveBeenCalled();
  });

  it("searches only in the folder picked, and again when the folder changes", async () => {
    const folders = [{ id: 2, name: "Code", created_at: 0, chat_count: 1 }];
    const { container } = render(SearchDialog, { onPick: () => {}, onClose: () => {}, folders });
    await fireEvent.input(screen.getByRole("searchbox"), { target: { value: "lis" } });
    await settle();
    expect(container.querySelectorAll(".search-hit")).toHaveLength(2);
    await fireEvent.change(screen.getByRole("combobox", { name: "Search in" }), { target: { value: "2" } });
    await settle();
    expect(search).toHaveBeenLastCalledWith("lis", 2);
    expect([...container.querySelectorAll(".hit-title")].map((t) => t.textContent)).toEqual(["Code"]);
  });
});
