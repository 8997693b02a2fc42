import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import type { Prompt, PromptDraft } from "../lib/ipc";

let stored: Prompt[] = [{ id: 1, name: "Pirate", body: "Talk like a pirate.", kind: "system", updated_at: 0 }];
const save = vi.fn(async (draft: PromptDraft): Promise<Prompt> => {
  const saved = { ...draft, id: draft.id ?? 2, updated_at: 1 };
  stored = [...stored.filter((p) => p.id !== saved.id), saved];
  return saved;
});
const remove = vi.fn(async (id: number) => {
  stored = stored.filter((p) => p.id !== id);
  return null;
});
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  prompts: { list: async () => stored, save: (d: PromptDraft) => save(d), remove: (id: number) => remove(id) },
}));
const { default: PromptLibrary } = await import("./PromptLibrary.svelte");
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("Settings › Prompts", () => {
  afterEach(() => cleanup());

  it("copies a built-in prompt to edit, saves it, and deletes one after confirming", async () => {
    render(PromptLibrary);
    await settle();
    expect(screen.getByText("Pirate")).toBeTruthy();
    const builtin = screen.getByText("Proofread").closest("li") as HTMLElement;
    await fireEvent.click(within(builtin).getByRole("button", { name: "Copy to edit" }));
    await fireEvent.input(screen.getByLabelText("Name"), { target: { value: "My proofread" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save prompt" }));
    await settle();
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ id: null, name: "My proofread", kind: "message" }));
    expect(save.mock.calls[0][0].body).toContain("{{text}}");
    expect(screen.getByText("My proofread")).toBeTruthy();

    const pirate = screen.getByText("Pirate").closest("li") as HTMLElement;
    await fireEvent.click(within(pirate).getByRole("button", { name: "Delete" }));
    expect(remove).not.toHaveBeenCalled();
    await fireEvent.click(within(pirate).getByRole("button", { name: "Delete" }));
    await settle();
    expect(remove).toHaveBeenCalledWith(1);
    expect(screen.queryByText("Pirate")).toBeNull();
  });
});
