// "Preview" on an answer's html and svg code blocks: the code runs in a
// frame Rust serves under its own CSP, sandboxed to an opaque origin (no
// IPC, no app storage, no network). Added to the block's DOM like Copy.
import { previews, type PreviewKind } from "../lib/ipc";
import { t } from "../lib/i18n/i18n.svelte";

/** The preview a code block's language asks for, if any. */
export function previewKind(language: string, code: string): PreviewKind | null {
  if (language === "html") return "html";
  if (language === "svg" || (language === "xml" && /^\s*<svg[\s>]/i.test(code))) return "svg";
  return null;
}

export function addPreviewButton(block: HTMLElement): void {
  const language = block.querySelector(".code-lang")?.textContent ?? "";
  const code = block.querySelector("code")?.textContent ?? "";
  const kind = previewKind(language, code);
  if (!kind || block.querySelector("button.preview")) return;
  const button = document.createElement("button");
  button.className = "preview";
  button.type = "button";
  button.textContent = t("preview.show");
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", async () => {
    const open = block.querySelector("iframe.code-preview");
    if (open) {
      open.remove();
      button.textContent = t("preview.show");
      button.setAttribute("aria-expanded", "false");
      return;
    }
    try {
      const frame = document.createElement("iframe");
      frame.className = "code-preview";
      // Scripts run; same-origin, top navigation, popups, forms: not allowed.
      frame.setAttribute("sandbox", "allow-scripts");
      frame.setAttribute("referrerpolicy", "no-referrer");
      frame.title = t("preview.title");
      frame.src = await previews.open(code, kind);
      block.append(frame);
      button.textContent = t("preview.hide");
      button.setAttribute("aria-expanded", "true");
    } catch (error) {
      button.textContent = t("preview.failed");
      button.title = String(error instanceof Error ? error.message : error);
    }
  });
  block.prepend(button);
}
