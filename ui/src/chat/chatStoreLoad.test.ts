import { describe, expect, it, vi } from "vitest";
import type { Conversation } from "../lib/ipc";
import { conversation, sidebarOf } from "../test/messages";

const conv = (id: number, title: string): Conversation => ({ ...conversation, id, title });
// The list answers only when the test says so: the user acts meanwhile.
let answerList: (list: Conversation[]) => void = () => {};
const listMessages = vi.fn(async () => ({ messages: [], has_more: false }));

vi.mock("../lib/ipc", () => ({
  IpcError: class extends Error {},
  models: { catalogue: async () => ({ models: [], recent: [], fetched_at: null, refresh_error: null }) },
  chat: {
    sidebar: () => new Promise((resolve) => (answerList = (list: Conversation[]) => resolve(sidebarOf(list)))),
    listMessages,
    createConversation: async () => conv(3, "New chat"),
  },
}));

const { ChatStore } = await import("./chatStore.svelte");

describe("ChatStore.load", () => {
  it("keeps a chat started while the list was loading open and listed", async () => {
    const store = new ChatStore("gpt-4o-mini");
    const loading = store.load();
    await store.newConversation();
    // The list was read before the new chat was written.
    answerList([conv(2, "Yesterday"), conv(1, "Last week")]);
    await loading;
    expect(store.currentId).toBe(3);
    expect(store.conversations.map((c) => c.id)).toEqual([3, 2, 1]);
    expect(listMessages).not.toHaveBeenCalledWith(2);
  });

  it("lists a chat once when the list already has it", async () => {
    const store = new ChatStore("gpt-4o-mini");
    const loading = store.load();
    await store.newConversation();
    answerList([conv(3, "New chat"), conv(2, "Yesterday")]);
    await loading;
    expect(store.conversations.map((c) => c.id)).toEqual([3, 2]);
  });

  it("uses only the newest of two overlapping list reads", async () => {
    const store = new ChatStore("gpt-4o-mini");
    const first = store.refreshConversations();
    const answerFirst = answerList;
    const second = store.refreshConversations();
    answerList([conv(5, "Newest"), conv(2, "Yesterday")]);
    answerFirst([conv(2, "Yesterday")]);
    await Promise.all([first, second]);
    expect(store.conversations.map((c) => c.id)).toEqual([5, 2]);
  });

  it("opens the newest chat when none is open", async () => {
    const store = new ChatStore("gpt-4o-mini");
    const loading = store.load();
    answerList([conv(2, "Yesterday"), conv(1, "Last week")]);
    await loading;
    expect(store.currentId).toBe(2);
  });
});
