import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import ChatSettingsDialog from "./ChatSettingsDialog.svelte";

const none = { system_prompt: null, temperature: null, max_tokens: null, reasoning_effort: null, thinking_budget: null };

describe("ChatSettingsDialog", () => {
  afterEach(() => cleanup());

  it("fills the prompt from a preset and saves numbers, with empty fields as null", async () => {
    const onSave = vi.fn(async () => {});
    const onClose = vi.fn();
    render(ChatSettingsDialog, {
      initial: none,
      defaults: { ...none, temperature: 0.7 },
      presets: [{ name: "Pirate", body: "Talk like a pirate." }],
      onSave,
      onClose,
    });
    expect((screen.getByLabelText("Temperature (0–2)") as HTMLInputElement).placeholder).toBe("0.7");
    await fireEvent.change(screen.getByLabelText("Preset"), { target: { value: "Pirate" } });
    expect((screen.getByLabelText("System prompt") as HTMLTextAreaElement).value).toBe("Talk like a pirate.");
    await fireEvent.input(screen.getByLabelText("Max output tokens"), { target: { value: "300" } });
    await fireEvent.change(screen.getByLabelText("Reasoning effort"), { target: { value: "high" } });
    expect((screen.getByLabelText("Claude thinking budget (tokens)") as HTMLInputElement).placeholder).toBe("Off");
    await fireEvent.input(screen.getByLabelText("Claude thinking budget (tokens)"), { target: { value: "4096" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(onSave).toHaveBeenCalledWith({ system_prompt: "Talk like a pirate.", temperature: null, max_tokens: 300, reasoning_effort: "high", thinking_budget: 4096 });
    expect(onClose).toHaveBeenCalled();
  });

  it("shows a refusal from Rust and stays open", async () => {
    const onClose = vi.fn();
    render(ChatSettingsDialog, {
      initial: none,
      defaults: none,
      presets: [],
      onSave: async () => {
        throw new Error("Temperature goes from 0 to 2.");
      },
      onClose,
    });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByRole("alert").textContent).toContain("Temperature goes from 0 to 2.");
    expect(onClose).not.toHaveBeenCalled();
  });
});
