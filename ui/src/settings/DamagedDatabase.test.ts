import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";

const startClean = vi.fn<() => Promise<null>>();
const quit = vi.fn<() => Promise<void>>();
vi.mock("../lib/ipc", () => ({ recovery: { startClean: () => startClean(), quit: () => quit() } }));

const { default: DamagedDatabase } = await import("./DamagedDatabase.svelte");
const settle = () => new Promise((r) => setTimeout(r, 0));
const damaged = {
  path: "/data/comet-desk.sqlite3",
  copy: "/data/comet-desk.sqlite3.damaged-1700000000000",
  reason: "file is not a database",
};

describe("DamagedDatabase", () => {
  afterEach(() => {
    cleanup();
    vi.clearAllMocks();
  });

  it("says where the copy is and starts clean only when asked", async () => {
    startClean.mockResolvedValueOnce(null);
    const onStarted = vi.fn();
    render(DamagedDatabase, { damaged, onStarted });
    expect(screen.getByText(damaged.copy)).toBeTruthy();
    expect(screen.getByText("file is not a database")).toBeTruthy();
    expect(startClean).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole("button", { name: "Start with an empty database" }));
    await settle();
    expect(startClean).toHaveBeenCalledOnce();
    expect(onStarted).toHaveBeenCalledOnce();
  });

  it("keeps the choice open and says why when starting clean fails", async () => {
    startClean.mockRejectedValueOnce(new Error("The local database failed: disk full"));
    const onStarted = vi.fn();
    render(DamagedDatabase, { damaged, onStarted });
    await fireEvent.click(screen.getByRole("button", { name: "Start with an empty database" }));
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("disk full");
    expect(onStarted).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole("button", { name: "Quit" }));
    expect(quit).toHaveBeenCalledOnce();
  });
});
