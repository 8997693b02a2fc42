import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { ChatEvent, Message } from "../lib/ipc";
import { conversation, message, sidebarOf } from "../test/messages";

const msg = (id: number, role: Message["role"], content: string): Message =>
  message(id, role, content, { finish_reason: null });

// The page talks only to the ipc module: replace it with a scripted fake.
const send = vi.fn();
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  images: { onDropped: async () => () => {}, url: (file: string) => `img/${file}`, pick: async () => ({ images: [], errors: [] }) },
  models: { catalogue: async () => ({ models: [], recent: [], fetched_at: null, refresh_error: null }) },
  prompts: { list: async () => [] },
  collections: { list: async () => [], ofChat: async () => null },
  chat: {
    sidebar: async () => sidebarOf([conversation]),
    listMessages: async () => ({ messages: [], has_more: false }),
    createConversation: async () => conversation,
    send: (...args: unknown[]) => send(...args),
    stop: async () => true,
  },
}));

const { ChatStore } = await import("./chatStore.svelte");
const { default: ChatView } = await import("./ChatView.svelte");

describe("ChatView", () => {
  beforeEach(() => {
    send.mockReset();
  });
  afterEach(() => cleanup());

  it("sends on Enter, streams the answer and clears the composer only once stored", async () => {
    let emit: (e: ChatEvent) => void = () => {};
    let finish: () => void = () => {};
    send.mockImplementation((_id: number, _text: string, _model: string, onEvent: (e: ChatEvent) => void) => {
      emit = onEvent;
      return new Promise<null>((resolve) => (finish = () => resolve(null)));
    });
    const store = new ChatStore("gpt-4o-mini");
    await store.load();
    render(ChatView, { store, settings: null, onSettings: () => {} });

    const input = screen.getByRole("textbox") as HTMLTextAreaElement;
    await fireEvent.input(input, { target: { value: "Hello **there**" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(send).toHaveBeenCalledWith(7, { kind: "ask", content: "Hello **there**", attachments: [], documents: [] }, "gpt-4o-mini", expect.any(Function));
    expect(input.value).toBe("Hello **there**");

    emit({ type: "started", user_message: msg(1, "user", "Hello **there**"), answer: msg(2, "assistant", "") });
    emit({ type: "delta", text: "Hi, " });
    emit({ type: "delta", text: "**friend**" });
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(input.value).toBe("");
    expect(screen.getByText("Hello **there**")).toBeTruthy();
    expect(screen.getByText("friend").tagName).toBe("STRONG");
    expect(screen.getByRole("button", { name: /Stop/ })).toBeTruthy();

    emit({ type: "done", message: { ...msg(2, "assistant", "Hi, **friend**"), finish_reason: "stop" } });
    // The chat is free as soon as the answer is done; its title may follow.
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole("button", { name: /Stop/ })).toBeNull();
    emit({ type: "titled", conversation: { ...conversation, title: "About greetings" } });
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("About greetings");
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole("button", { name: /Stop/ })).toBeNull();
  });

  it("keeps the text and shows a clear message when sending is refused", async () => {
    const { IpcError } = await import("../lib/ipc");
    send.mockImplementation(async () => {
      throw new IpcError({ code: "no_key", message: "Add your key" });
    });
    const store = new ChatStore("gpt-4o-mini");
    await store.load();
    render(ChatView, { store, settings: null, onSettings: () => {} });
    const input = screen.getByRole("textbox") as HTMLTextAreaElement;
    await fireEvent.input(input, { target: { value: "keep me" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await new Promise((r) => setTimeout(r, 0));
    expect(input.value).toBe("keep me");
    expect(screen.getByRole("alert").textContent).toContain("Add your CometAPI key");
  });

  it("shows a stored answer's error in place with a way to Settings", async () => {
    let emit: (e: ChatEvent) => void = () => {};
    send.mockImplementation(async (_i: number, _t: string, _m: string, onEvent: (e: ChatEvent) => void) => {
      emit = onEvent;
      emit({ type: "started", user_message: msg(1, "user", "hi"), answer: msg(2, "assistant", "") });
      emit({
        type: "error",
        error: { code: "invalid_key", message: "refused" },
        message: { ...msg(2, "assistant", ""), finish_reason: "error", error: { code: "invalid_key", message: "refused" } },
      });
      return null;
    });
    const onSettings = vi.fn();
    const store = new ChatStore("gpt-4o-mini");
    await store.load();
    render(ChatView, { store, settings: null, onSettings });
    const input = screen.getByRole("textbox");
    await fireEvent.input(input, { target: { value: "hi" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByText("This key was refused by CometAPI.")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Open Settings" }));
    expect(onSettings).toHaveBeenCalled();
  });
});
