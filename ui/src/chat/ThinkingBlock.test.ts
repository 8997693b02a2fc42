import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import ThinkingBlock from "./ThinkingBlock.svelte";
import { applyEvent, idle } from "./answerState";
import { message } from "../test/messages";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const block = () => document.querySelector<HTMLElement>(".thinking")!;

describe("ThinkingBlock", () => {
  it("is open and timed while the model thinks, folded once the answer starts", async () => {
    vi.useFakeTimers();
    const props = { thinking: "Let me see", thinkingMs: null, live: true, answering: false };
    const view = render(ThinkingBlock, { props });
    expect(block().dataset.state).toBe("thinking");
    expect(screen.getByText("Let me see")).toBeTruthy();
    await vi.advanceTimersByTimeAsync(3000);
    expect(block().textContent).toMatch(/Thinking… 3 s/);

    await view.rerender({ ...props, answering: true });
    expect(block().dataset.state).toBe("folded");
    expect(screen.queryByText("Let me see")).toBeNull();
    expect(block().textContent).toMatch(/Thought for 3 s/);
  });

  it("shows the stored time and opens and folds on click", async () => {
    render(ThinkingBlock, { props: { thinking: "Step one", thinkingMs: 12400, live: false, answering: true } });
    const toggle = screen.getByRole("button");
    expect(toggle.textContent).toMatch(/Thought for 12 s/);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    await fireEvent.click(toggle);
    expect(screen.getByText("Step one")).toBeTruthy();
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    await fireEvent.click(toggle);
    expect(screen.queryByText("Step one")).toBeNull();
  });

  it("shows long thinking in blocks that only grow at the end, losing no character", async () => {
    const words = Array.from({ length: 3000 }, (_, i) => `step ${i}`).join(" ");
    const props = { thinking: words, thinkingMs: null, live: true, answering: false };
    const view = render(ThinkingBlock, { props });
    const pieces = () => [...document.querySelectorAll(".thinking-piece")];
    expect(pieces().length).toBeGreaterThan(3);
    expect(document.querySelector(".thinking-text")?.textContent).toBe(words);
    const first = pieces()[0];
    await view.rerender({ ...props, thinking: `${words} more` });
    expect(pieces()[0]).toBe(first);
    expect(pieces().at(-1)?.textContent?.endsWith(" more")).toBe(true);
  });

  it("keeps markup in thinking as text", () => {
    render(ThinkingBlock, { props: { thinking: "<img src=x onerror=alert(1)>", thinkingMs: 1000, live: true, answering: false } });
    expect(block().querySelector("img")).toBeNull();
    expect(block().textContent).toContain("<img src=x onerror=alert(1)>");
  });
});

describe("answerState with thinking", () => {
  it("adds thinking to the streaming answer, apart from its text", () => {
    const answer = message(2, "assistant", "", { finish_reason: null });
    let state = applyEvent(idle([message(1, "user", "Hi")]), { type: "started", user_message: null, answer });
    state = applyEvent(state, { type: "thinking", text: "Hmm, " });
    state = applyEvent(state, { type: "thinking", text: "a greeting." });
    state = applyEvent(state, { type: "delta", text: "Hello!" });
    expect(state.messages[1].thinking).toBe("Hmm, a greeting.");
    expect(state.messages[1].content).toBe("Hello!");
  });
});
