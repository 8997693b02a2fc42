import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import type { ModelCatalogue, ModelInfo } from "../lib/ipc";
import ModelPicker from "./ModelPicker.svelte";
import { formatCost, formatPrice } from "./modelList";

const model = (id: string, provider: string, kinds: ModelInfo["kinds"], extra: Partial<ModelInfo> = {}): ModelInfo => ({
  id, provider, kinds, price: { input_per_m: 0.12, output_per_m: 0.48, per_request: null }, available: true, favourite: false, ...extra,
});

const catalogue: ModelCatalogue = {
  models: [
    model("gpt-4o-mini", "OpenAI", ["chat", "vision"]),
    model("claude-sonnet-4-5", "Anthropic", ["chat", "vision"], { favourite: true }),
    model("o3-pro", "OpenAI", ["chat", "reasoning"]),
    model("dall-e-3", "OpenAI", ["image"]),
    model("text-embedding-3-small", "OpenAI", ["embedding"]),
  ],
  recent: ["o3-pro"],
  fetched_at: 1,
  refresh_error: null,
};

function open(props: Partial<{ value: string; onFavourite: (m: string, f: boolean) => void }> = {}) {
  render(ModelPicker, { catalogue, value: "gpt-4o-mini", onFavourite: () => {}, onRefresh: () => {}, ...props });
  return fireEvent.click(screen.getByRole("button", { name: /gpt-4o-mini|▾/ }));
}

const ids = () => [...document.querySelectorAll(".model-menu .model-id")].map((e) => e.textContent);

describe("ModelPicker", () => {
  afterEach(() => cleanup());

  it("lists favourites and recent first, hides non-chat models, shows badges and prices", async () => {
    await open();
    expect(ids()).toEqual(["claude-sonnet-4-5", "o3-pro", "claude-sonnet-4-5", "gpt-4o-mini", "o3-pro"]);
    const row = screen.getAllByRole("option").find((o) => o.textContent?.includes("o3-pro"))!;
    expect(within(row).getByText("reasoning")).toBeTruthy();
    expect(row.textContent).toContain("$0.12 in · $0.48 out /M");
  });

  it("searches by provider and picks with the keyboard", async () => {
    await open();
    const search = screen.getByRole("searchbox");
    await fireEvent.input(search, { target: { value: "anthropic" } });
    expect(ids()).toEqual(["claude-sonnet-4-5", "claude-sonnet-4-5"]);
    await fireEvent.input(search, { target: { value: "openai o3" } });
    expect(ids()).toEqual(["o3-pro"]);
    await fireEvent.keyDown(search, { key: "Enter" });
    expect(screen.getByRole("button", { name: /o3-pro/ })).toBeTruthy();
    expect(screen.queryByRole("searchbox")).toBeNull();
  });

  it("stars a model", async () => {
    const onFavourite = vi.fn();
    await open({ onFavourite });
    const row = screen.getAllByRole("option").find((o) => o.textContent?.includes("gpt-4o-mini"))!;
    await fireEvent.click(within(row).getByRole("button", { name: "Add to favourites" }));
    expect(onFavourite).toHaveBeenCalledWith("gpt-4o-mini", true);
  });
});

describe("prices and costs", () => {
  it("formats per-token and per-request prices and small costs", () => {
    expect(formatPrice({ input_per_m: 2, output_per_m: 8, per_request: null })).toBe("$2.00 in · $8.00 out /M");
    expect(formatPrice({ input_per_m: null, output_per_m: null, per_request: 0.04 })).toBe("$0.04 /req");
    expect(formatPrice(null)).toBe("");
    expect(formatCost(0.000034)).toBe("<$0.0001");
    expect(formatCost(0.0042)).toBe("$0.0042");
    expect(formatCost(0.125)).toBe("$0.125");
  });
});
