import { describe, expect, it } from "vitest";
import { costSeries, daysBetween, localDay, monthStart, percent, presetRange, usd } from "./range";

describe("usage ranges and series", () => {
  it("makes local-day ranges", () => {
    const now = new Date(2026, 10, 22, 23, 30);
    expect(localDay(now)).toBe("2026-11-22");
    expect(presetRange("today", now)).toEqual({ from: "2026-11-22", to: "2026-11-22" });
    expect(presetRange("7d", now)).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(presetRange("30d", now)).toEqual({ from: "2026-10-24", to: "2026-11-22" });
    expect(monthStart(now)).toBe("2026-11-01");
    expect(daysBetween("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  });

  it("stacks cost per day by model, with empty days and the biggest model first", () => {
    const series = costSeries(
      [
        { day: "2026-11-20", model: "gpt-4o-mini", cost_usd: 0.01, tokens: 100 },
        { day: "2026-11-22", model: "gpt-4o", cost_usd: 0.5, tokens: 900 },
        { day: "2026-11-22", model: "gpt-4o-mini", cost_usd: 0.02, tokens: 200 },
        { day: "2026-10-01", model: "old", cost_usd: 9, tokens: 1 },
      ],
      "2026-11-20",
      "2026-11-22",
    );
    expect(series.days).toEqual(["2026-11-20", "2026-11-21", "2026-11-22"]);
    expect(series.models).toEqual([
      { model: "gpt-4o", values: [0, 0, 0.5] },
      { model: "gpt-4o-mini", values: [0.01, 0, 0.02] },
    ]);
  });

  it("formats money and rates", () => {
    expect(usd(12.345)).toBe("$12.35");
    expect(usd(0.0042)).toBe("$0.0042");
    expect(usd(0)).toBe("$0");
    expect(percent(1, 8)).toBe("12.5%");
    expect(percent(0, 0)).toBe("0%");
  });
});
