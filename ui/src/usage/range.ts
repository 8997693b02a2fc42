// Ranges of local days and the shapes the Usage view draws, as pure
// functions (tested in range.test.ts).
import type { DayModelCost } from "../lib/ipc";

/** `YYYY-MM-DD` of a date in the user's time zone. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export type Preset = "today" | "7d" | "30d";

export function presetRange(preset: Preset, now = new Date()): { from: string; to: string } {
  const days = preset === "today" ? 1 : preset === "7d" ? 7 : 30;
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  return { from: localDay(start), to: localDay(now) };
}

export const monthStart = (now = new Date()): string => localDay(new Date(now.getFullYear(), now.getMonth(), 1));

/** Every day from `from` to `to`, so days without calls still show. */
export function daysBetween(from: string, to: string): string[] {
  const [y, m, d] = from.split("-").map(Number);
  const days: string[] = [];
  for (let date = new Date(y, m - 1, d); localDay(date) <= to && days.length < 3700; date.setDate(date.getDate() + 1)) {
    days.push(localDay(date));
  }
  return days;
}

export interface Series {
  days: string[];
  /** One stack per model, its cost per day (0 where none). */
  models: { model: string; values: number[] }[];
}

/** Cost per day stacked by model; models ordered by their total, largest first. */
export function costSeries(rows: DayModelCost[], from: string, to: string): Series {
  const days = daysBetween(from, to);
  const index = new Map(days.map((day, i) => [day, i]));
  const byModel = new Map<string, number[]>();
  for (const row of rows) {
    const at = index.get(row.day);
    if (at === undefined) continue;
    const values = byModel.get(row.model) ?? days.map(() => 0);
    values[at] += row.cost_usd;
    byModel.set(row.model, values);
  }
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const models = [...byModel.entries()]
    .map(([model, values]) => ({ model, values }))
    .sort((a, b) => total(b.values) - total(a.values) || a.model.localeCompare(b.model));
  return { days, models };
}

export const usd = (n: number): string => (n >= 1 ? `$${n.toFixed(2)}` : n === 0 ? "$0" : n < 0.0001 ? "<$0.0001" : `$${n.toFixed(4)}`);
export const percent = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : "0%");
