import { describe, expect, it } from "vitest";
import { applyEvent, idle } from "./answerState";
import type { Message } from "../lib/ipc";

const message = (id: number, role: Message["role"], content: string): Message => ({
  id,
  conversation_id: 1,
  role,
  content,
  model: role === "assistant" ? "gpt-4o-mini" : null,
  finish_reason: null,
  error: null,
  created_at: 0,
});

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
});
