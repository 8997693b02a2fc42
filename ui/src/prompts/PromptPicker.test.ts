import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { PromptEntry } from "./promptStore.svelte";
import { builtinPrompts } from "./builtin";
import { fill, variablesOf } from "./variables";
import { fuzzyFilter } from "./fuzzy";

vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  images: { pick: async () => ({ images: [], errors: [] }), paste: async () => null, url: (f: string) => f },
}));
const { default: Composer } = await import("../chat/Composer.svelte");

const builtins: PromptEntry[] = builtinPrompts("en").map((b) => ({ key: b.key, id: null, name: b.name, body: b.body, kind: "message" }));
const prompts: PromptEntry[] = [
  { key: "p1", id: 1, name: "Pirate", body: "Talk like a pirate.", kind: "system" },
  { key: "p2", id: 2, name: "Haiku", body: "Write a haiku about autumn.", kind: "message" },
  ...builtins,
];

function setup() {
  const onSend = vi.fn();
  const onSystemPrompt = vi.fn();
  render(Composer, {
    streaming: false, model: "gpt-4o-mini", images: [], seesImages: true,
    onSend, onStop: () => {}, onImages: () => {}, onRemoveImage: () => {}, prompts, onSystemPrompt,
  });
  return { onSend, onSystemPrompt, input: screen.getAllByRole("textbox")[0] as HTMLTextAreaElement };
}

const names = () => screen.queryAllByRole("option").map((o) => o.querySelector(".prompt-name")?.textContent);

describe("the / prompt picker", () => {
  afterEach(() => cleanup());

  it("filters as the user types and fills a prompt's blanks before inserting it", async () => {
    const { input, onSend } = setup();
    await fireEvent.input(input, { target: { value: "/" } });
    expect(names()).toHaveLength(prompts.length);
    await fireEvent.input(input, { target: { value: "/trnsl" } });
    expect(names()[0]).toBe("Translate");
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onSend).not.toHaveBeenCalled();
    expect(names()).toHaveLength(0);

    const form = screen.getByRole("form", { name: "Fill in “Translate”" });
    const fields = form.querySelectorAll("[data-variable]");
    expect([...fields].map((f) => f.getAttribute("data-variable"))).toEqual(["language", "text"]);
    await fireEvent.input(fields[0], { target: { value: "French" } });
    await fireEvent.input(fields[1], { target: { value: "Good morning" } });
    await fireEvent.keyDown(fields[1], { key: "Enter", ctrlKey: true });
    expect(input.value).toBe("Translate the following text into French. Give only the translation.\n\nGood morning");
    expect(screen.queryByRole("form")).toBeNull();
    expect(onSend).not.toHaveBeenCalled();
  });

  it("moves with the arrows and puts a prompt without blanks straight in", async () => {
    const { input } = setup();
    await fireEvent.input(input, { target: { value: "/" } });
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(screen.getAllByRole("option")[1].getAttribute("aria-selected")).toBe("true");
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(input.value).toBe("Write a haiku about autumn.");
  });

  it("a system prompt becomes the chat's, and the box empties", async () => {
    const { input, onSystemPrompt } = setup();
    await fireEvent.input(input, { target: { value: "/pirate" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onSystemPrompt).toHaveBeenCalledWith(prompts[0]);
    expect(input.value).toBe("");
  });

  it("Escape closes it, and Enter then sends the text as typed", async () => {
    const { input, onSend } = setup();
    await fireEvent.input(input, { target: { value: "/usr/bin is where" } });
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByRole("listbox")).toBeNull();
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith("/usr/bin is where", expect.any(Function));
  });
});

describe("prompt variables and matching", () => {
  it("finds each blank once, in any script, and leaves unfilled ones as written", () => {
    expect(variablesOf("{{text}} to {{ language }}, {{text}} {{语言}}")).toEqual(["text", "language", "语言"]);
    expect(fill("{{a}} and {{b}}", { a: "x" })).toBe("x and {{b}}");
    expect(fill("{{a}}", { a: "$& $1" })).toBe("$& $1");
  });

  it("ranks a match in the name above one in the body", () => {
    const items = [{ n: "Summarise", b: "translate nothing" }, { n: "Translate", b: "" }];
    expect(fuzzyFilter(items, "tra", (i) => i.n, (i) => i.b).map((i) => i.n)).toEqual(["Translate", "Summarise"]);
    expect(fuzzyFilter(items, "zzz", (i) => i.n, (i) => i.b)).toEqual([]);
  });
});
