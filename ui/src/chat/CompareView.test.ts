import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import CompareView from "./CompareView.svelte";
import { message } from "../test/messages";
import type { CompareState } from "./compareState";

vi.mock("../lib/ipc", () => ({ openLink: async () => null }));

const usage = { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42, cost_usd: 0.0042, estimated: false, reasoning_tokens: null, cache_read_tokens: null };
const answer = (id: number, text: string) =>
  message(id, "assistant", text, { usage: { prompt_tokens: 12, completion_tokens: 30, cost_usd: 0.0042, estimated: false, latency_ms: 1530, reasoning_tokens: null, cache_read_tokens: null } });

describe("CompareView", () => {
  afterEach(() => cleanup());

  it("shows each answer with latency, tokens and cost, and keeps one when all are done", async () => {
    const onKeep = vi.fn();
    const state: CompareState = {
      question: message(1, "user", "which?"),
      lanes: [
        { model: "gpt-4o-mini", answer: answer(2, "**A**"), usage, error: null, done: true },
        { model: "o3-pro", answer: answer(3, "B"), usage: null, error: null, done: false },
      ],
    };
    const { rerender } = render(CompareView, { state, onKeep });
    const lanes = screen.getAllByRole("article");
    expect(within(lanes[0]).getByText("A").tagName).toBe("STRONG");
    expect(lanes[0].textContent).toContain("1.5 s");
    expect(lanes[0].textContent).toContain("12 in · 30 out");
    expect(lanes[0].textContent).toContain("$0.0042");
    const keep = within(lanes[0]).getByRole("button", { name: "Keep this answer" }) as HTMLButtonElement;
    expect(keep.disabled).toBe(true);

    await rerender({ state: { ...state, lanes: [state.lanes[0], { ...state.lanes[1], done: true }] }, onKeep });
    await fireEvent.click(within(screen.getAllByRole("article")[1]).getByRole("button", { name: "Keep this answer" }));
    expect(onKeep).toHaveBeenCalledWith(3);
  });
});
