// LaTeX in answers: `$…$`, `\(…\)` inline and `$$…$$`, `\[…\]` as blocks.
// Parsing leaves a placeholder holding the TeX; KaTeX (loaded on first use,
// it is large) fills it in after DOMPurify has run, so its inline styles
// survive while nothing from the answer itself can carry any.
import type { MarkedExtension } from "marked";

type Katex = typeof import("katex").default;
let katex: Katex | null = null;
let loading: Promise<boolean> | null = null;

function escapeAttr(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function placeholder(tex: string, display: boolean): string {
  const safe = escapeAttr(tex.trim());
  return `<span class="math" data-tex="${safe}" data-display="${display}">${safe}</span>`;
}

export const mathExtension: MarkedExtension = {
  extensions: [
    {
      name: "mathBlock",
      level: "block",
      start: (src) => src.match(/\$\$|\\\[/)?.index,
      tokenizer(src) {
        const match = /^(?:\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\])[ \t]*(?:\n|$)/.exec(src);
        if (match) return { type: "mathBlock", raw: match[0], text: match[1] ?? match[2] };
      },
      renderer: (token) => `<p>${placeholder(token.text, true)}</p>`,
    },
    {
      name: "mathInline",
      level: "inline",
      start: (src) => src.match(/\$|\\\(/)?.index,
      tokenizer(src) {
        // `$5 and $10` is money, not maths: no space inside the dollars,
        // and no digit right after the closing one.
        const match = /^(?:\$(?!\s)((?:\\\$|[^$\n])+?)(?<!\s)\$(?!\d)|\\\((.+?)\\\))/.exec(src);
        if (match) return { type: "mathInline", raw: match[0], text: match[1] ?? match[2] };
      },
      renderer: (token) => placeholder(token.text, false),
    },
  ],
};

export const mathLoaded = (): boolean => katex !== null;

/** Loads KaTeX and its stylesheet once; resolves false if that failed. */
export function loadMath(): Promise<boolean> {
  loading ??= Promise.all([import("katex"), import("katex/dist/katex.min.css")]).then(
    ([module]) => {
      katex = module.default;
      return true;
    },
    () => false,
  );
  return loading;
}

/** Renders the placeholders in sanitized HTML; the TeX stays shown if KaTeX is not loaded. */
export function typesetMath(root: ParentNode): void {
  if (!katex) return;
  for (const element of root.querySelectorAll<HTMLElement>("span.math[data-tex]")) {
    element.innerHTML = katex.renderToString(element.dataset.tex ?? "", {
      displayMode: element.dataset.display === "true",
      throwOnError: false,
      // No \href, \url, \htmlClass…: an answer cannot make links or markup.
      trust: false,
      strict: "ignore",
      maxSize: 50,
      maxExpand: 500,
    });
    element.removeAttribute("data-tex");
  }
}
