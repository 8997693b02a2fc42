import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";

const exportChats = vi.fn();
const importChats = vi.fn();
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  transfer: { exportChats: (...a: unknown[]) => exportChats(...a), importChats: () => importChats() },
}));
const { default: ChatsSection } = await import("./ChatsSection.svelte");

describe("Settings › Chats", () => {
  afterEach(() => cleanup());

  it("exports every chat and says where", async () => {
    exportChats.mockResolvedValue("/home/me/comet-desk-chats.json");
    render(ChatsSection, { onImported: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Export all (JSON)" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(exportChats).toHaveBeenCalledWith({ kind: "all" }, "json", expect.stringMatching(/^comet-desk-chats-\d{4}-\d\d-\d\d$/));
    expect(screen.getByRole("status").textContent).toContain("/home/me/comet-desk-chats.json");
  });

  it("imports a backup, reloads the chats, and explains a refusal", async () => {
    const onImported = vi.fn();
    importChats.mockResolvedValueOnce({ source: "NextChat", conversations: 3, messages: 40 });
    render(ChatsSection, { onImported });
    await fireEvent.click(screen.getByRole("button", { name: "Import a backup…" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByRole("status").textContent).toBe("Imported 3 chats (40 messages) from NextChat.");
    expect(onImported).toHaveBeenCalled();

    const { FakeIpcError } = await import("../test/FakeIpcError");
    importChats.mockRejectedValueOnce(new FakeIpcError({ code: "invalid_input", message: "This file is not a backup Comet Desk knows." }));
    await fireEvent.click(screen.getByRole("button", { name: "Import a backup…" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByRole("status").textContent).toContain("This file is not a backup Comet Desk knows.");
  });

  it("says nothing when the dialog is cancelled", async () => {
    importChats.mockResolvedValueOnce(null);
    render(ChatsSection, { onImported: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Import a backup…" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole("status")).toBeNull();
  });
});
