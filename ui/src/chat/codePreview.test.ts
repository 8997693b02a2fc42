import { afterEach, describe, expect, it, vi } from "vitest";

const open = vi.fn(async (source: string, kind: string) => `comet-preview://localhost/${kind}-${source.length}`);
vi.mock("../lib/ipc", () => ({ previews: { open: (s: string, k: string) => open(s, k) } }));
const { addPreviewButton, previewKind } = await import("./codePreview");

function block(language: string, code: string): HTMLElement {
  const div = document.createElement("div");
  div.className = "code-block";
  div.innerHTML = `<span class="code-lang">${language}</span><pre><code></code></pre>`;
  (div.querySelector("code") as HTMLElement).textContent = code;
  document.body.append(div);
  return div;
}

describe("code previews", () => {
  afterEach(() => (document.body.innerHTML = ""));

  it("offers a preview only for html and svg", () => {
    expect(previewKind("html", "<p>")).toBe("html");
    expect(previewKind("svg", "<svg/>")).toBe("svg");
    expect(previewKind("xml", " <svg width='1'>")).toBe("svg");
    expect(previewKind("xml", "<note/>")).toBeNull();
    const rust = block("rust", "fn main() {}");
    addPreviewButton(rust);
    expect(rust.querySelector("button.preview")).toBeNull();
  });

  it("opens the code in a frame sandboxed to scripts only, and closes it again", async () => {
    const html = block("html", "<script>alert(1)</script>");
    addPreviewButton(html);
    addPreviewButton(html);
    const buttons = html.querySelectorAll("button.preview");
    expect(buttons).toHaveLength(1);
    (buttons[0] as HTMLButtonElement).click();
    await vi.waitFor(() => expect(html.querySelector("iframe")).not.toBeNull());
    const frame = html.querySelector("iframe") as HTMLIFrameElement;
    expect(open).toHaveBeenCalledWith("<script>alert(1)</script>", "html");
    expect(frame.getAttribute("sandbox")).toBe("allow-scripts");
    expect(frame.getAttribute("src")).toBe("comet-preview://localhost/html-25");
    expect(frame.hasAttribute("srcdoc")).toBe(false);
    expect(buttons[0].getAttribute("aria-expanded")).toBe("true");
    (buttons[0] as HTMLButtonElement).click();
    expect(html.querySelector("iframe")).toBeNull();
  });
});
