import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import type { UsageSummary } from "../lib/ipc";

const report = vi.fn();
const exportCsv = vi.fn();
const charts: unknown[] = [];
vi.mock("chart.js", () => ({
  Chart: class {
    static register() {}
    constructor(_canvas: unknown, config: unknown) {
      charts.push(config);
    }
    destroy() {}
  },
  BarController: {}, BarElement: {}, CategoryScale: {}, LinearScale: {}, Tooltip: {}, Legend: {},
}));
vi.mock("../lib/ipc", async () => ({
  IpcError: (await import("../test/FakeIpcError")).FakeIpcError,
  usage: { report: (...a: unknown[]) => report(...a), exportCsv: (...a: unknown[]) => exportCsv(...a) },
  images: { url: (file: string) => `img/${file}` },
  account: {
    balance: async () => ({ username: "u", remaining_usd: 2, used_usd: 1, request_count: 4, keys: [] }),
    dailySpend: async (_from: string, to: string) => [{ day: to, spent_usd: 0.02, requests: 5 }],
  },
}));
const { default: UsageView } = await import("./UsageView.svelte");

const totals = (calls: number, cost: number, errors = 0) => ({
  calls, errors, estimated: 0, prompt_tokens: calls * 10, completion_tokens: calls * 20, cost_usd: cost, avg_latency_ms: 1500,
});
const summary = (from: string, to: string): UsageSummary => ({
  from, to,
  totals: { ...totals(4, 0.0123, 1), estimated: 1 },
  by_day: [{ day: to, model: "gpt-4o", cost_usd: 0.01, tokens: 90 }, { day: to, model: "gpt-4o-mini", cost_usd: 0.0023, tokens: 30 }],
  by_model: [{ name: "gpt-4o", totals: totals(1, 0.01) }, { name: "gpt-4o-mini", totals: totals(3, 0.0023, 1) }],
  by_kind: [{ name: "chat", totals: totals(3, 0.012) }, { name: "title", totals: totals(1, 0.0003) }],
  top_conversations: [{ id: 9, title: "Costly chat", cost_usd: 0.01 }],
  top_images: [{ id: 3, prompt: "A castle", thumb: "t.thumb.jpg", cost_usd: 0.04 }],
});

describe("UsageView", () => {
  afterEach(() => cleanup());

  it("shows totals, the chart, tables by model and kind, and links to costly chats", async () => {
    report.mockImplementation(async (from: string, to: string) => summary(from, to));
    const onOpenChat = vi.fn();
    render(UsageView, { onOpenChat, lowBalance: 5 });
    await new Promise((r) => setTimeout(r, 20));
    expect(document.querySelector(".usage-calls")?.textContent).toBe("4");
    expect(document.querySelector(".usage-cost")?.textContent).toBe("$0.0123");
    expect(screen.getByText(/1 calls had no usage from the server/)).toBeTruthy();
    const tables = [...document.querySelectorAll<HTMLElement>("table.usage-table")].filter((t) => !t.closest(".server-compare"));
    const mini = within(tables[0]).getByText("gpt-4o-mini").closest("tr")!;
    expect(mini.textContent).toContain("33.3%");
    expect(mini.textContent).toContain("1.50 s");
    expect(within(tables[1]).getByText("title")).toBeTruthy();
    const config = charts.at(-1) as { data: { datasets: { label: string; stack: string }[]; labels: string[] } };
    expect(config.data.datasets.map((d) => d.label)).toEqual(["gpt-4o", "gpt-4o-mini"]);
    expect(config.data.labels).toHaveLength(30);
    // The balance is under the warning threshold.
    expect(screen.getByText("Your balance is running low.")).toBeTruthy();
    // Our day beside CometAPI's record of it.
    const compare = document.querySelector(".server-compare")!;
    expect(compare.textContent).toContain("$0.0123");
    expect(compare.textContent).toContain("$0.0200");
    expect(screen.getByRole("button", { name: /A castle/ }).textContent).toContain("$0.0400");
    await fireEvent.click(screen.getByRole("button", { name: "Costly chat" }));
    expect(onOpenChat).toHaveBeenCalledWith(9);
  });

  it("asks again for another range, and exports it as CSV", async () => {
    report.mockImplementation(async (from: string, to: string) => summary(from, to));
    exportCsv.mockResolvedValue("/tmp/usage.csv");
    render(UsageView, { onOpenChat: () => {}, lowBalance: null });
    await fireEvent.click(screen.getByRole("button", { name: "Today" }));
    await new Promise((r) => setTimeout(r, 20));
    const [from, to] = report.mock.calls.at(-1)!;
    expect(from).toBe(to);
    await fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(exportCsv).toHaveBeenCalledWith(from, to);
    expect(screen.getByRole("status").textContent).toContain("/tmp/usage.csv");
  });
});
