import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "@testing-library/svelte";
import { createRawSnippet, flushSync, type Snippet } from "svelte";
import VirtualList from "./VirtualList.svelte";

// The component is generic; render() sees it as taking `unknown` items.
const rowSnippet = createRawSnippet((item: () => { id: number }) => ({
  render: () => `<p class="row">row ${item().id}</p>`,
})) as Snippet<[unknown]>;
const key = ((i: { id: number }) => i.id) as (item: unknown) => number;

describe("VirtualList", () => {
  afterEach(() => cleanup());

  it("renders a screenful of 10,000 rows, and the rows where the user scrolls", async () => {
    const viewport = document.createElement("div");
    Object.defineProperty(viewport, "clientHeight", { value: 800 });
    document.body.appendChild(viewport);
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: i + 1 }));
    render(VirtualList, { target: viewport, props: { items, key, viewport, row: rowSnippet, estimate: 100 } });
    flushSync();
    const rows = () => [...viewport.querySelectorAll(".row")].map((r) => r.textContent);
    expect(rows().length).toBeLessThan(40);
    expect(rows()[0]).toBe("row 1");

    viewport.scrollTop = 500_000;
    viewport.dispatchEvent(new Event("scroll"));
    flushSync();
    expect(rows().length).toBeLessThan(40);
    expect(rows()).toContain("row 5001");
    viewport.remove();
  });

  it("renders everything when the list is short", () => {
    const viewport = document.createElement("div");
    document.body.appendChild(viewport);
    const items = Array.from({ length: 30 }, (_, i) => ({ id: i + 1 }));
    render(VirtualList, { target: viewport, props: { items, key, viewport, row: rowSnippet } });
    flushSync();
    expect(viewport.querySelectorAll(".row")).toHaveLength(30);
    viewport.remove();
  });
});
