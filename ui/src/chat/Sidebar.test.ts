import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import type { Conversation } from "../lib/ipc";
import { conversation } from "../test/messages";

const conv = (id: number, title: string): Conversation => ({ ...conversation, id, title });
const renameConversation = vi.fn(async (id: number, title: string) => conv(id, title));
const deleteConversation = vi.fn<(id: number) => Promise<null>>(async () => null);

vi.mock("../lib/ipc", () => ({
  IpcError: class extends Error {},
  account: {
    listModels: async () => ["gpt-4o-mini"],
    balance: async () => ({ username: null, remaining_usd: 1, used_usd: 0, request_count: 0, keys: [] }),
  },
  chat: {
    listConversations: async () => [conv(1, "First chat"), conv(2, "Second chat")],
    listMessages: async () => [],
    renameConversation: (id: number, title: string) => renameConversation(id, title),
    deleteConversation: (id: number) => deleteConversation(id),
  },
}));

const { ChatStore } = await import("./chatStore.svelte");
const { default: Sidebar } = await import("./Sidebar.svelte");

async function setup() {
  const store = new ChatStore("gpt-4o-mini");
  await store.load();
  render(Sidebar, { store, onSettings: () => {}, onUsage: () => {} });
  return store;
}

describe("Sidebar", () => {
  afterEach(() => cleanup());

  it("renames a conversation in place with Enter", async () => {
    await setup();
    await fireEvent.click(screen.getAllByRole("button", { name: "Rename" })[0]);
    const input = screen.getByRole("textbox", { name: "Rename" });
    await fireEvent.input(input, { target: { value: "Trip plans" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await new Promise((r) => setTimeout(r, 0));
    expect(renameConversation).toHaveBeenCalledWith(1, "Trip plans");
    expect(screen.getByText("Trip plans")).toBeTruthy();
  });

  it("deletes only after the user confirms", async () => {
    const store = await setup();
    await fireEvent.click(screen.getAllByRole("button", { name: "Delete" })[1]);
    expect(deleteConversation).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole("button", { name: "Keep" }));
    expect(screen.getByText("Second chat")).toBeTruthy();

    await fireEvent.click(screen.getAllByRole("button", { name: "Delete" })[1]);
    const row = screen.getByText("Delete this chat?").parentElement as HTMLElement;
    await fireEvent.click(within(row).getByRole("button", { name: "Delete" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(deleteConversation).toHaveBeenCalledWith(2);
    expect(store.conversations.map((c) => c.title)).toEqual(["First chat"]);
  });
});
