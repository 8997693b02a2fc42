import { afterEach, describe, expect, it, vi } from "vitest";

const saveAs = vi.fn(async (format: string, data: string) => `/home/me/diagram.${format}${data ? "" : "-empty"}`);
vi.mock("../lib/ipc", () => ({ diagrams: { saveAs: (f: string, d: string) => saveAs(f, d) } }));
// Mermaid lays text out with SVG measurements jsdom does not have: the
// drawn picture is given here, the real one is drawn in the window test.
const renderDiagram = vi.fn(async (source: string, dark: boolean) => {
  if (source.includes("-->|") && !dark) return '<svg viewBox="0 0 120 80"><g><text>Ask</text></g><script>window.__ran = 1</script></svg>';
  throw new Error("Parse error on line 2:\nExpecting 'SQE', got 'PS'");
});
vi.mock("./diagramRender", () => ({ renderDiagram: (s: string, d: boolean) => renderDiagram(s, d) }));
const { drawDiagramBlock, isDiagramBlock, sanitizeSvg } = await import("./diagramBlock");
const { withSize } = await import("./diagramPng");
const { mermaidDiagrams, NOT_INCLUDED } = await import("../../build/mermaidDiagrams");

function block(code: string, language = "mermaid"): HTMLElement {
  const div = document.createElement("div");
  div.className = "code-block";
  div.innerHTML = `<span class="code-lang">${language}</span><pre><code></code></pre>`;
  (div.querySelector("code") as HTMLElement).textContent = code;
  document.body.append(div);
  return div;
}

describe("mermaid diagrams", () => {
  afterEach(() => {
    document.body.innerHTML = "";
    renderDiagram.mockClear();
  });

  it("draws the diagram above its folded source, sanitized, and saves it as SVG", async () => {
    const diagram = block("flowchart TD\n  A -->|yes| B");
    expect(isDiagramBlock(diagram)).toBe(true);
    await drawDiagramBlock(diagram, true);
    expect(diagram.dataset.diagram).toBe("drawn");
    const picture = diagram.querySelector(".diagram-picture") as HTMLElement;
    expect(picture.querySelector("svg text")?.textContent).toBe("Ask");
    expect(picture.querySelector("script")).toBeNull();
    expect(diagram.classList.contains("source-hidden")).toBe(true);

    const source = diagram.querySelector("[data-action=diagram-source]") as HTMLButtonElement;
    source.click();
    expect(diagram.classList.contains("source-hidden")).toBe(false);
    expect(source.getAttribute("aria-expanded")).toBe("true");

    (diagram.querySelector("[data-action=diagram-save-svg]") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(diagram.querySelector(".diagram-saved")?.textContent).toBe("Saved"));
    const [format, data] = saveAs.mock.calls[0];
    expect(format).toBe("svg");
    expect(data).toContain("<text>Ask</text>");
    expect(data).not.toContain("script");
  });

  it("says in place why a source cannot be drawn, and keeps the source shown", async () => {
    const diagram = block("flowchart TD\n  A[Ask --> B{");
    await drawDiagramBlock(diagram, true);
    expect(diagram.dataset.diagram).toBe("failed");
    const error = diagram.querySelector(".diagram-error") as HTMLElement;
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toBe("This diagram could not be drawn: Parse error on line 2:");
    expect(diagram.classList.contains("source-hidden")).toBe(false);
    expect(diagram.querySelector("pre code")?.textContent).toContain("A[Ask");
  });

  it("waits while the block still streams, and draws each source once", async () => {
    const streaming = block("flowchart TD\n  A -->|");
    await drawDiagramBlock(streaming, false);
    expect(renderDiagram).not.toHaveBeenCalled();
    expect(streaming.dataset.diagram).toBeUndefined();
    const again = block("flowchart TD\n  A -->|yes| B");
    await drawDiagramBlock(again, true);
    await drawDiagramBlock(again, true);
    // Drawn in the first test already: the same source is not drawn again.
    expect(renderDiagram).not.toHaveBeenCalled();
    expect(again.querySelectorAll(".diagram")).toHaveLength(1);
    expect(isDiagramBlock(block("fn main() {}", "rust"))).toBe(false);
  });

  it("keeps no script, handler or outside picture of a diagram", () => {
    const clean = sanitizeSvg('<svg onload="x()"><a href="javascript:x()"><text>t</text></a><image href="https://example.com/a.png"/><style>#d{fill:red}</style></svg>');
    expect(clean).not.toMatch(/onload|javascript|example\.com/);
    expect(clean).toContain("<style>");
  });

  it("gives the PNG the diagram's size from its viewBox", () => {
    const sized = withSize('<svg xmlns="http://www.w3.org/2000/svg" width="100%" style="max-width: 120px" viewBox="0 0 120 80"><g/></svg>');
    expect([sized.width, sized.height]).toEqual([120, 80]);
    expect(sized.svg).toContain('width="120"');
    expect(sized.svg).not.toContain("max-width");
  });

  it("builds Mermaid with the kinds models write and leaves the rest out", async () => {
    const plugin = mermaidDiagrams();
    const resolve = plugin.resolveId as (source: string, importer?: string) => string | null;
    const importer = "/ui/node_modules/mermaid/dist/mermaid.core.mjs";
    expect(resolve("./chunks/mermaid.core/flowDiagram-HODETNUW.mjs", importer)).toBeNull();
    expect(resolve("./chunks/mermaid.core/sequenceDiagram-WJ2MYXX4.mjs", importer)).toBeNull();
    expect(resolve("./chunks/mermaid.core/c4Diagram-7LVT6UL2.mjs", importer)).toMatch(/absent/);
    expect(resolve("./swimlanes-42K2YHIH.mjs", "/ui/node_modules/mermaid/dist/chunks/mermaid.core/chunk-TLUHSLCS.mjs")).toMatch(/absent/);
    const absent = resolve("./chunks/mermaid.core/pieDiagram-E7YTZNPT.mjs", importer) as string;
    expect(absent).toMatch(/absent/);
    expect(resolve("cytoscape", "/ui/node_modules/mermaid/dist/chunks/mermaid.core/x.mjs")).toMatch(/absent/);
    expect(resolve("cytoscape", "/ui/src/main.ts")).toBeNull();
    const load = plugin.load as (id: string) => string | null;
    expect(load(absent)).toContain(NOT_INCLUDED);
  });
});
