import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { Settings } from "../lib/ipc";

const initial: Settings = {
  base_url: "https://api.cometapi.com",
  balance_url: "https://query.cometapi.com",
  proxy: { kind: "system" },
  theme: "system",
  language: "en",
  default_model: "gpt-4o-mini",
  check_updates: true,
  chat_defaults: { system_prompt: null, temperature: null, max_tokens: null, reasoning_effort: null, thinking_budget: null },
  monthly_budget_usd: null,
  low_balance_usd: null,
  price_overrides: [],
  image_folder: "",
};
const update = vi.fn(async (next: Settings) => next);
const deleteKey = vi.fn(async () => null);

vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  account: { deleteKey: () => deleteKey(), saveKey: async () => null },
  settings: { update: (next: Settings) => update(next) },
  prompts: { list: async () => [] },
}));

const { default: SettingsPanel } = await import("./SettingsPanel.svelte");
const { setLocale } = await import("../lib/i18n/i18n.svelte");

describe("SettingsPanel", () => {
  afterEach(() => {
    cleanup();
    setLocale("en");
  });

  it("saves theme, language and a custom proxy, and applies them at once", async () => {
    const onSaved = vi.fn();
    render(SettingsPanel, { initial, hasKey: true, onClose: () => {}, onSaved, onKeyChanged: () => {} });
    const [proxy, theme, language] = screen.getAllByRole("combobox") as HTMLSelectElement[];
    await fireEvent.change(proxy, { target: { value: "custom" } });
    await fireEvent.input(screen.getByPlaceholderText("http://127.0.0.1:7890"), { target: { value: "socks5://127.0.0.1:1080" } });
    await fireEvent.change(theme, { target: { value: "dark" } });
    await fireEvent.change(language, { target: { value: "zh-CN" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await new Promise((r) => setTimeout(r, 0));

    expect(update).toHaveBeenCalledWith({
      ...initial,
      proxy: { kind: "custom", url: "socks5://127.0.0.1:1080" },
      theme: "dark",
      language: "zh-CN",
    });
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("设置");
    expect(onSaved).toHaveBeenCalled();
  });

  it("saves chat defaults", async () => {
    update.mockClear();
    render(SettingsPanel, { initial, hasKey: true, onClose: () => {}, onSaved: () => {}, onKeyChanged: () => {} });
    await fireEvent.input(screen.getByLabelText("Temperature (0–2)"), { target: { value: "0.2" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(update).toHaveBeenCalledWith(
      expect.objectContaining({
        chat_defaults: { system_prompt: null, temperature: 0.2, max_tokens: null, reasoning_effort: null, thinking_budget: null },
      }),
    );
  });

  it("removes the key and says so", async () => {
    const onKeyChanged = vi.fn();
    render(SettingsPanel, { initial, hasKey: true, onClose: () => {}, onSaved: () => {}, onKeyChanged });
    await fireEvent.click(screen.getByRole("button", { name: "Remove key" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(deleteKey).toHaveBeenCalled();
    expect(onKeyChanged).toHaveBeenCalledWith(false);
  });

  it("shows the reason when a setting is refused, and Escape closes", async () => {
    const { IpcError } = await import("../lib/ipc");
    update.mockRejectedValueOnce(new IpcError({ code: "invalid_input", message: "The base URL must look like https://api.cometapi.com." }));
    const onClose = vi.fn();
    render(SettingsPanel, { initial, hasKey: true, onClose, onSaved: () => {}, onKeyChanged: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByRole("alert").textContent).toContain("The base URL must look like");
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onClose).toHaveBeenCalled();
  });
});
