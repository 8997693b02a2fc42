import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import type { ChatEvent, MessagePage } from "../lib/ipc";
import { conversation, message, sidebarOf } from "../test/messages";

// A chat whose second answer was regenerated once: answer 4 is shown, 3 is
// the older version.
const shown = (answer: number): MessagePage => ({
  messages: [
    message(1, "user", "first"),
    message(answer, "assistant", answer === 4 ? "newer answer" : "older answer", { parent_id: 1, siblings: [3, 4] }),
  ],
  has_more: false,
});

const send = vi.fn();
const selectBranch = vi.fn();
const deleteMessage = vi.fn();
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  images: { onDropped: async () => () => {}, url: (file: string) => `img/${file}`, pick: async () => ({ images: [], errors: [] }) },
  models: { catalogue: async () => ({ models: [], recent: [], fetched_at: null, refresh_error: null }) },
  prompts: { list: async () => [] },
  collections: { list: async () => [], ofChat: async () => null },
  chat: {
    sidebar: async () => sidebarOf([conversation]),
    listMessages: async () => shown(4),
    selectBranch: (...args: unknown[]) => selectBranch(...args),
    deleteMessage: (...args: unknown[]) => deleteMessage(...args),
    send: (...args: unknown[]) => send(...args),
    stop: async () => true,
  },
}));

const { ChatStore } = await import("./chatStore.svelte");
const { default: ChatView } = await import("./ChatView.svelte");

async function openChat() {
  const store = new ChatStore("gpt-4o-mini");
  await store.load();
  render(ChatView, { store, settings: null, onSettings: () => {} });
  return store;
}

const answer = () => document.querySelector<HTMLElement>(".message.assistant")!;

describe("versions and per-message actions", () => {
  beforeEach(() => {
    send.mockReset();
    selectBranch.mockReset();
    deleteMessage.mockReset();
  });
  afterEach(() => cleanup());

  it("pages between two answers with ◀ ▶", async () => {
    selectBranch.mockImplementation(async (_c: number, id: number) => shown(id));
    await openChat();
    const pager = within(answer()).getByTestId("version-pager");
    expect(pager.textContent).toContain("2/2");
    expect((within(pager).getByRole("button", { name: "Next version" }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(within(pager).getByRole("button", { name: "Previous version" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(selectBranch).toHaveBeenCalledWith(7, 3);
    expect(answer().textContent).toContain("older answer");
    expect(within(answer()).getByTestId("version-pager").textContent).toContain("1/2");
  });

  it("regenerate streams a new version in place of the shown answer", async () => {
    send.mockImplementation(async (_c: number, _turn: unknown, _m: string, onEvent: (e: ChatEvent) => void) => {
      const fresh = message(5, "assistant", "", { parent_id: 1, siblings: [3, 4, 5], finish_reason: null });
      onEvent({ type: "started", user_message: null, answer: fresh });
      onEvent({ type: "delta", text: "third answer" });
      onEvent({ type: "done", message: { ...fresh, content: "third answer", finish_reason: "stop" } });
      return null;
    });
    await openChat();
    await fireEvent.click(within(answer()).getByRole("button", { name: "Regenerate" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(send).toHaveBeenCalledWith(7, { kind: "regenerate", answer_id: 4 }, "gpt-4o-mini", expect.any(Function));
    expect(document.querySelectorAll(".message.assistant")).toHaveLength(1);
    expect(answer().textContent).toContain("third answer");
    expect(within(answer()).getByTestId("version-pager").textContent).toContain("3/3");
  });

  it("edits a question in place and sends it as a new version", async () => {
    send.mockResolvedValue(null);
    await openChat();
    const question = document.querySelector<HTMLElement>(".message.user")!;
    await fireEvent.click(within(question).getByRole("button", { name: "Edit and ask again" }));
    const box = within(question).getByRole("textbox") as HTMLTextAreaElement;
    expect(box.value).toBe("first");
    await fireEvent.input(box, { target: { value: "first, better" } });
    await fireEvent.keyDown(box, { key: "Enter" });
    expect(send).toHaveBeenCalledWith(7, { kind: "edit", message_id: 1, content: "first, better" }, "gpt-4o-mini", expect.any(Function));
  });

  it("asks before deleting a message", async () => {
    deleteMessage.mockResolvedValue({ messages: [message(1, "user", "first")], has_more: false });
    await openChat();
    await fireEvent.click(within(answer()).getByRole("button", { name: "Delete message" }));
    expect(deleteMessage).not.toHaveBeenCalled();
    await fireEvent.click(within(answer()).getByRole("button", { name: "Delete" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(deleteMessage).toHaveBeenCalledWith(7, 4);
    expect(screen.queryByText("newer answer")).toBeNull();
  });
});
