import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import type { Conversation, Folder, Shelf } from "../lib/ipc";
import { conversation } from "../test/messages";

// A small database behind the fake IPC, so a move shows on the next read.
let chats: Conversation[] = [];
let folderRows: Folder[] = [];
const conv = (id: number, title: string, more: Partial<Conversation> = {}): Conversation => ({
  ...conversation, id, title, updated_at: id, ...more,
});
const on = (shelf: Shelf) =>
  chats
    .filter((c) => shelf.kind === "pinned" ? c.pinned : !c.pinned && c.folder_id === (shelf.kind === "folder" ? shelf.folder_id : null))
    .sort((a, b) => b.updated_at - a.updated_at);
const counted = () => folderRows.map((f) => ({ ...f, chat_count: on({ kind: "folder", folder_id: f.id }).length }));
const renameConversation = vi.fn(async (id: number, title: string) => conv(id, title));
const deleteConversation = vi.fn<(id: number) => Promise<null>>(async () => null);
const move = vi.fn(async (ids: number[], folder: number | null) => {
  chats = chats.map((c) => (ids.includes(c.id) ? { ...c, folder_id: folder } : c));
  return null;
});
const removeFolder = vi.fn(async (id: number) => {
  folderRows = folderRows.filter((f) => f.id !== id);
  chats = chats.map((c) => (c.folder_id === id ? { ...c, folder_id: null } : c));
  return null;
});
const deleteChats = vi.fn(async (ids: number[]) => {
  chats = chats.filter((c) => !ids.includes(c.id));
  return null;
});

vi.mock("../lib/ipc", () => ({
  IpcError: class extends Error {},
  account: {
    balance: async () => ({ username: null, remaining_usd: 1, used_usd: 0, request_count: 0, keys: [] }),
  },
  models: { catalogue: async () => ({ models: [], recent: [], fetched_at: null, refresh_error: null }) },
  chat: {
    sidebar: async () => ({
      folders: counted(),
      pinned: { chats: on({ kind: "pinned" }), has_more: false },
      unfiled: { chats: on({ kind: "unfiled" }), has_more: false },
    }),
    chatPage: async (shelf: Shelf) => ({ chats: on(shelf), has_more: false }),
    listMessages: async () => ({ messages: [], has_more: false }),
    renameConversation: (id: number, title: string) => renameConversation(id, title),
    deleteConversation: (id: number) => deleteConversation(id),
  },
  folders: {
    create: async (name: string) => {
      const made = { id: 100 + folderRows.length, name, created_at: 0, chat_count: 0 };
      folderRows = [...folderRows, made];
      return made;
    },
    move: (ids: number[], folder: number | null) => move(ids, folder),
    pin: async (ids: number[], pinned: boolean) => {
      chats = chats.map((c) => (ids.includes(c.id) ? { ...c, pinned } : c));
      return null;
    },
    remove: (id: number) => removeFolder(id),
    deleteChats: (ids: number[]) => deleteChats(ids),
  },
  transfer: { exportChats: async () => null },
}));

const { ChatStore } = await import("./chatStore.svelte");
const { default: Sidebar } = await import("./Sidebar.svelte");
const tick = () => new Promise((r) => setTimeout(r, 0));

async function setup() {
  const store = new ChatStore("gpt-4o-mini");
  await store.load();
  render(Sidebar, { store, onSettings: () => {}, onUsage: () => {} });
  return store;
}

const titles = () => [...document.querySelectorAll(".conversation-title")].map((b) => b.textContent?.trim());

describe("Sidebar", () => {
  beforeEach(() => {
    chats = [conv(2, "First chat"), conv(1, "Second chat")];
    folderRows = [];
    vi.clearAllMocks();
  });
  afterEach(() => cleanup());

  it("renames a conversation in place with Enter", async () => {
    await setup();
    await fireEvent.click(screen.getAllByRole("button", { name: "Rename" })[0]);
    const input = screen.getByRole("textbox", { name: "Rename" });
    await fireEvent.input(input, { target: { value: "Trip plans" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await tick();
    expect(renameConversation).toHaveBeenCalledWith(2, "Trip plans");
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
    await tick();
    expect(deleteConversation).toHaveBeenCalledWith(1);
    expect(store.conversations.map((c) => c.title)).toEqual(["First chat"]);
  });

  it("shows pinned chats on top, folders closed with their counts, and opens a folder on click", async () => {
    folderRows = [{ id: 9, name: "Trips", created_at: 0, chat_count: 0 }];
    chats = [conv(3, "Lisbon", { folder_id: 9 }), conv(2, "Pinned one", { pinned: true }), conv(1, "Loose")];
    await setup();
    expect(titles()).toEqual(["Pinned one", "Loose"]);
    const folder = screen.getByRole("button", { name: /Trips/ });
    expect(folder.textContent).toContain("1");
    await fireEvent.click(folder);
    await tick();
    expect(titles()).toEqual(["Pinned one", "Lisbon", "Loose"]);
    expect(folder.getAttribute("aria-expanded")).toBe("true");
  });

  it("moves a chat into a new folder from its Move to… menu", async () => {
    await setup();
    await fireEvent.click(screen.getAllByRole("button", { name: "Move to…" })[1]);
    await fireEvent.click(screen.getByRole("menuitem", { name: /New folder/ }));
    const name = screen.getByRole("textbox", { name: "Folder name" });
    await fireEvent.input(name, { target: { value: "Work" } });
    await fireEvent.keyDown(name, { key: "Enter" });
    await tick();
    expect(move).toHaveBeenCalledWith([1], 100);
    expect(titles()).toEqual(["First chat"]);
    expect(screen.getByRole("button", { name: /Work/ }).textContent).toContain("1");
  });

  it("selects with Ctrl+click and Shift+click, then moves and deletes the selection", async () => {
    folderRows = [{ id: 9, name: "Trips", created_at: 0, chat_count: 0 }];
    chats = [conv(4, "D"), conv(3, "C"), conv(2, "B"), conv(1, "A")];
    await setup();
    const row = (title: string) => screen.getByRole("button", { name: title });
    await fireEvent.click(row("D"), { ctrlKey: true });
    await fireEvent.click(row("B"), { shiftKey: true });
    expect(screen.getByText("3 selected")).toBeTruthy();
    await fireEvent.click(within(screen.getByRole("toolbar")).getByRole("button", { name: "Move to…" }));
    await fireEvent.click(within(screen.getByRole("toolbar")).getByRole("menuitem", { name: /Trips/ }));
    await tick();
    expect(move).toHaveBeenCalledWith([4, 3, 2], 9);
    expect(titles()).toEqual(["A"]);

    await fireEvent.click(row("A"), { ctrlKey: true });
    const bar = screen.getByRole("toolbar");
    await fireEvent.click(within(bar).getByRole("button", { name: "Delete" }));
    await fireEvent.click(within(bar).getByRole("button", { name: "Delete" }));
    await tick();
    expect(deleteChats).toHaveBeenCalledWith([1]);
  });

  it("takes a dragged chat into a folder, and ignores drags that are not chats", async () => {
    folderRows = [{ id: 9, name: "Trips", created_at: 0, chat_count: 0 }];
    await setup();
    const data = new Map<string, string>();
    const dataTransfer = {
      setData: (type: string, value: string) => data.set(type, value),
      getData: (type: string) => data.get(type) ?? "",
      get types() { return [...data.keys()]; },
      effectAllowed: "", dropEffect: "",
    };
    const target = document.querySelector(".folder") as HTMLElement;
    await fireEvent.drop(target, { dataTransfer: { getData: () => "", types: ["Files"] } });
    expect(move).not.toHaveBeenCalled();
    await fireEvent.dragStart(document.querySelector(".conversation") as HTMLElement, { dataTransfer });
    await fireEvent.dragOver(target, { dataTransfer });
    await fireEvent.drop(target, { dataTransfer });
    await tick();
    expect(move).toHaveBeenCalledWith([2], 9);
  });

  it("deletes a folder keeping its chats", async () => {
    folderRows = [{ id: 9, name: "Trips", created_at: 0, chat_count: 0 }];
    chats = [conv(3, "Lisbon", { folder_id: 9 }), conv(1, "Loose")];
    await setup();
    const folder = document.querySelector(".folder") as HTMLElement;
    await fireEvent.click(within(folder).getByRole("button", { name: "Folder actions" }));
    await fireEvent.click(within(folder).getByRole("menuitem", { name: "Delete folder" }));
    await fireEvent.click(screen.getByRole("button", { name: "Keep its chats" }));
    await tick();
    expect(removeFolder).toHaveBeenCalledWith(9);
    expect(titles()).toEqual(["Lisbon", "Loose"]);
  });

  it("draws only the rows near the viewport when there are a thousand folders", async () => {
    folderRows = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, name: `Folder ${String(i).padStart(4, "0")}`, created_at: 0, chat_count: 0 }));
    await setup();
    const drawn = document.querySelectorAll(".folder").length;
    expect(drawn).toBeGreaterThan(3);
    expect(drawn).toBeLessThan(100);
    expect(screen.getByText("Folder 0000")).toBeTruthy();
  });
});
