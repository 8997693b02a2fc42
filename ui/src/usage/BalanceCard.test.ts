import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { Balance } from "../lib/ipc";

const balance = vi.fn<() => Promise<Balance>>();
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  account: { balance: () => balance() },
}));

const { default: BalanceCard } = await import("./BalanceCard.svelte");
const { FakeIpcError } = await import("../test/FakeIpcError");
const settle = () => new Promise((r) => setTimeout(r, 0));
const amounts = (remaining: number | null): Balance => ({
  username: "u", remaining_usd: remaining, used_usd: 3.25, request_count: 42, keys: [],
});

describe("BalanceCard", () => {
  afterEach(() => cleanup());

  it("shows what is left and what was spent, and refreshes on demand", async () => {
    balance.mockResolvedValueOnce(amounts(12.5)).mockResolvedValueOnce(amounts(12));
    render(BalanceCard);
    await settle();
    expect(screen.getByText("$12.50")).toBeTruthy();
    expect(screen.getByText("$3.25 spent in 42 requests")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Refresh the balance" }));
    await settle();
    expect(screen.getByText("$12.00")).toBeTruthy();
  });

  it("shows an unlimited key as unlimited, never as a debt", async () => {
    balance.mockResolvedValueOnce(amounts(null));
    render(BalanceCard);
    await settle();
    expect(screen.getByText("Unlimited")).toBeTruthy();
  });

  it("says why the balance is unavailable", async () => {
    balance.mockRejectedValueOnce(new FakeIpcError({ code: "network", message: "x" }));
    render(BalanceCard);
    await settle();
    expect(screen.getByText(/Could not reach CometAPI/)).toBeTruthy();
  });
});
