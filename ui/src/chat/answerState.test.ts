import { describe, expect, it } from "vitest";
import { applyEvent, idle } from "./answerState";
import type { Message } from "../lib/ipc";
import { message as make } from "../test/messages";

const streaming = { finish_reason: null };
const message = (id: number, role: Message["role"], content: string, extra: Partial<Message> = {}) =>
  make(id, role, content, { ...streaming, ...extra });

describe("applyEvent", () => {
  it("streams deltas into the answer and ends with the stored message", () => {
    let state = idle([]);
    state = applyEvent(state, { type: "started", user_message: message(1, "user", "hi"), answer: message(2, "assistant", "") });
    state = applyEvent(state, { type: "delta", text: "Hel" });
    state = applyEvent(state, { type: "delta", text: "lo" });
    expect(state.messages[1].content).toBe("Hello");
    expect(state.answerId).toBe(2);
    state = applyEvent(state, { type: "done", message: { ...message(2, "assistant", "Hello"), finish_reason: "stop" } });
    expect(state.answerId).toBeNull();
    expect(state.messages.map((m) => m.content)).toEqual(["hi", "Hello"]);
  });

  it("shows how far large documents are read until the answer starts", () => {
    let state = idle([]);
    state = applyEvent(state, { type: "reading", done: 64, total: 130 });
    expect(state.reading).toEqual({ done: 64, total: 130 });
    expect(state.messages).toEqual([]);
    state = applyEvent(state, { type: "started", user_message: message(1, "user", "hi"), answer: message(2, "assistant", "") });
    expect(state.reading).toBeNull();
  });

  it("keeps the user's message and the partial answer on error", () => {
    let state = idle([]);
    state = applyEvent(state, { type: "started", user_message: message(1, "user", "hi"), answer: message(2, "assistant", "") });
    state = applyEvent(state, { type: "retrying", attempt: 2, delay_ms: 1000, reason: "busy" });
    expect(state.retrying).toEqual({ attempt: 2, delayMs: 1000 });
    state = applyEvent(state, { type: "delta", text: "part" });
    const error = { code: "interrupted" as const, message: "dropped" };
    state = applyEvent(state, { type: "error", error, message: { ...message(2, "assistant", "part"), finish_reason: "interrupted" } });
    expect(state.error).toEqual(error);
    expect(state.messages[0].content).toBe("hi");
    expect(state.messages[1].content).toBe("part");
  });

  it("a regenerated answer replaces the shown one after its question", () => {
    let state = idle([make(1, "user", "q1"), make(2, "assistant", "a1"), make(3, "user", "q2"), make(4, "assistant", "a2")]);
    const again = message(5, "assistant", "", { parent_id: 3, siblings: [4, 5] });
    state = applyEvent(state, { type: "started", user_message: null, answer: again });
    expect(state.messages.map((m) => m.id)).toEqual([1, 2, 3, 5]);
    expect(state.answerId).toBe(5);
  });

  it("an edited question replaces the old one and everything below it", () => {
    let state = idle([make(1, "user", "q1"), make(2, "assistant", "a1"), make(3, "user", "q2"), make(4, "assistant", "a2")]);
    const edited = message(5, "user", "q1 again", { parent_id: null, siblings: [1, 5] });
    state = applyEvent(state, { type: "started", user_message: edited, answer: message(6, "assistant", "", { parent_id: 5 }) });
    expect(state.messages.map((m) => m.id)).toEqual([5, 6]);
  });
});
