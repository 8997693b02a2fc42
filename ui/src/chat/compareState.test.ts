import { describe, expect, it } from "vitest";
import { allDone, applyCompareEvent, startCompare } from "./compareState";
import { message } from "../test/messages";

describe("compare state", () => {
  it("feeds each lane from its own events", () => {
    let state = startCompare(["gpt-4o-mini", "o3-pro"]);
    const q = message(1, "user", "which?");
    const a = message(2, "assistant", "", { finish_reason: null, siblings: [2, 3] });
    const b = message(3, "assistant", "", { finish_reason: null, parent_id: 1, siblings: [2, 3] });
    state = applyCompareEvent(state, { lane: 0, event: { type: "started", user_message: q, answer: a } });
    state = applyCompareEvent(state, { lane: 1, event: { type: "started", user_message: q, answer: b } });
    state = applyCompareEvent(state, { lane: 1, event: { type: "delta", text: "B says" } });
    state = applyCompareEvent(state, { lane: 0, event: { type: "delta", text: "A says" } });
    expect(state.question?.content).toBe("which?");
    expect(state.lanes.map((l) => l.answer?.content)).toEqual(["A says", "B says"]);
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, cost_usd: 0.001, estimated: false, reasoning_tokens: null, cache_read_tokens: null };
    state = applyCompareEvent(state, { lane: 0, event: { type: "usage", usage } });
    state = applyCompareEvent(state, { lane: 0, event: { type: "done", message: { ...a, content: "A says", finish_reason: "stop" } } });
    expect(allDone(state)).toBe(false);
    const error = { code: "model_unavailable" as const, message: "no channel" };
    state = applyCompareEvent(state, { lane: 1, event: { type: "error", error, message: { ...b, finish_reason: "error" } } });
    expect(allDone(state)).toBe(true);
    expect(state.lanes[0].usage).toEqual(usage);
    expect(state.lanes[1].error).toEqual(error);
  });
});
