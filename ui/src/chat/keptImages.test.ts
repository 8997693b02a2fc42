import { describe, expect, it, vi } from "vitest";

vi.mock("../lib/ipc", () => ({ images: { url: (file: string) => `comet-image://localhost/${file}` } }));
const { withKeptImages } = await import("./keptImages");
const { renderMarkdown } = await import("./markdown");

const hash = "c".repeat(64);
const answer = "> ✅ Generation complete\n\n![gen_01](https://cdn.example/a.png)\n\n[下载⏬](https://cdn.example/a.png)";

describe("kept images in a chat answer", () => {
  it("shows the kept copy where the Markdown shows the link, and leaves download links alone", () => {
    const source = withKeptImages(answer, [{ url: "https://cdn.example/a.png", file: `${hash}.png` }]);
    expect(source).toContain(`![gen_01](comet-image://localhost/${hash}.png)`);
    expect(source).toContain("[下载⏬](https://cdn.example/a.png)");
    const holder = document.createElement("div");
    holder.innerHTML = renderMarkdown(source);
    const img = holder.querySelector("img")!;
    expect(img.getAttribute("src")).toBe(`comet-image://localhost/${hash}.png`);
    expect(img.classList.contains("remote-image")).toBe(false);
  });

  it("hides a remote picture that was not kept instead of showing it broken", () => {
    const holder = document.createElement("div");
    holder.innerHTML = renderMarkdown(withKeptImages(answer, []));
    expect(holder.querySelector("img")?.classList.contains("remote-image")).toBe(true);
  });

  it("lets no other path through the app's image scheme", () => {
    const holder = document.createElement("div");
    holder.innerHTML = renderMarkdown("![x](comet-image://localhost/../../etc/passwd)");
    expect(holder.querySelector("img")?.getAttribute("src") ?? null).toBeNull();
  });
});
