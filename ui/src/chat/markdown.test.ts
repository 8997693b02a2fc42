import { describe, expect, it, vi } from "vitest";
import { fireEvent, render } from "@testing-library/svelte";

const openLink = vi.fn<(url: string) => Promise<null>>(async () => null);
vi.mock("../lib/ipc", () => ({ openLink: (url: string) => openLink(url) }));

const { renderMarkdown } = await import("./markdown");
const { default: Markdown } = await import("./Markdown.svelte");

const payloads = [
  "<script>window.__pwned = 1</script>",
  "<img src=x onerror=\"window.__pwned = 1\">",
  "<svg onload=\"window.__pwned = 1\"></svg>",
  "[click](javascript:window.__pwned=1)",
  "[data](data:text/html,<script>window.__pwned=1</script>)",
  "<a href=\"javascript:window.__pwned=1\">x</a>",
  "<iframe src=\"javascript:window.__pwned=1\"></iframe>",
  "<div style=\"background:url(javascript:window.__pwned=1)\">x</div>",
  "<details open ontoggle=\"window.__pwned=1\">x</details>",
  "```html\n<script>window.__pwned=1</script>\n```",
];

describe("maths", () => {
  it("typesets inline and block LaTeX once KaTeX is loaded, and leaves money alone", async () => {
    const { loadMath } = await import("./math");
    expect(await loadMath()).toBe(true);
    const html = renderMarkdown("Energy: $E=mc^2$, and\n\n$$\\int_0^1 x\\,dx$$\n\nIt costs $5 and $10.");
    expect(html).toContain('class="katex"');
    expect(html).toContain("katex-display");
    expect(html).toContain("It costs $5 and $10.");
  });

  it("cannot be used to inject links or markup", async () => {
    const { loadMath } = await import("./math");
    await loadMath();
    for (const source of [
      "$\\href{javascript:alert(1)}{x}$",
      "$\\url{javascript:alert(1)}$",
      "$<img src=x onerror=alert(1)>$",
      '$\\htmlClass{x" onclick="alert(1)}{y}$',
    ]) {
      // The TeX may show as (red) text; it must not become an element.
      const holder = document.createElement("div");
      holder.innerHTML = renderMarkdown(source);
      expect(holder.querySelector("a, img, [href], [src]"), source).toBeNull();
      const handlers = [...holder.querySelectorAll("*")].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith("on")));
      expect(handlers, source).toEqual([]);
    }
  });
});

describe("renderMarkdown", () => {
  it("renders markdown and highlights code", () => {
    const html = renderMarkdown("**bold** and `x`\n\n```rust\nfn main() {}\n```");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('class="hljs-keyword"');
    expect(html).toContain("code-block");
  });

  it.each(payloads)("neutralises %s", (payload) => {
    const html = renderMarkdown(payload);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<iframe|style=/i);
  });

  it("runs none of the payloads when mounted in the page", async () => {
    const w = window as unknown as { __pwned?: number };
    delete w.__pwned;
    for (const source of payloads) render(Markdown, { source });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(w.__pwned).toBeUndefined();
  });

  it("opens a clicked link in the system browser, never in the window", async () => {
    const { container } = render(Markdown, { source: "see [the docs](https://example.com/docs) and [x](javascript:alert(1))" });
    const links = container.querySelectorAll("a");
    const event = new MouseEvent("click", { bubbles: true, cancelable: true });
    links[0].dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(openLink).toHaveBeenCalledWith("https://example.com/docs");
    await fireEvent.click(links[1]);
    expect(openLink).toHaveBeenCalledTimes(1);
  });

  it("adds a copy button to code blocks", () => {
    const { container } = render(Markdown, { source: "```js\nlet a = 1;\n```" });
    expect(container.querySelector(".code-block button.copy")?.textContent).toBe("Copy");
  });
});
