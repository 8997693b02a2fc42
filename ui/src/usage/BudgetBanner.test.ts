import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import BudgetBanner from "./BudgetBanner.svelte";

describe("BudgetBanner", () => {
  afterEach(() => cleanup());

  it("warns at 80% and at 100%, and says nothing below or without a budget", () => {
    const { rerender } = render(BudgetBanner, { status: { budget_usd: 10, spent_usd: 8.5, level: "near" }, onDismiss: () => {} });
    expect(screen.getByRole("alert").textContent).toContain("$8.50 of your $10.00 monthly budget");
    void rerender({ status: { budget_usd: 10, spent_usd: 10.2, level: "over" }, onDismiss: () => {} });
    return Promise.resolve().then(async () => {
      expect(screen.getByRole("alert").textContent).toContain("reached your monthly budget");
      await rerender({ status: { budget_usd: null, spent_usd: 3, level: "fine" }, onDismiss: () => {} });
      expect(screen.queryByRole("alert")).toBeNull();
    });
  });
});
