// Markdown to safe HTML: marked parses, highlight.js colours code, and
// DOMPurify removes anything that could run (scripts, handlers, js: URLs).
import DOMPurify from "dompurify";
import { Marked } from "marked";
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import css from "highlight.js/lib/languages/css";
import sql from "highlight.js/lib/languages/sql";
import { mathExtension, mathLoaded, typesetMath } from "./math";

for (const [name, language] of Object.entries({ bash, javascript, json, python, rust, typescript, xml, css, sql })) {
  hljs.registerLanguage(name, language);
}
hljs.registerAliases(["sh", "shell"], { languageName: "bash" });
hljs.registerAliases(["js"], { languageName: "javascript" });
hljs.registerAliases(["ts"], { languageName: "typescript" });
hljs.registerAliases(["html"], { languageName: "xml" });
hljs.registerAliases(["py"], { languageName: "python" });
hljs.registerAliases(["rs"], { languageName: "rust" });

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    code({ text, lang }) {
      const language = (lang ?? "").split(/\s/)[0].toLowerCase();
      const body = hljs.getLanguage(language)
        ? hljs.highlight(text, { language, ignoreIllegals: true }).value
        : escapeHtml(text);
      const label = language ? `<span class="code-lang">${escapeHtml(language)}</span>` : "";
      return `<div class="code-block">${label}<pre><code class="hljs">${body}</code></pre></div>`;
    },
  },
});
marked.use(mathExtension);

const purifier = DOMPurify();
purifier.addHook("afterSanitizeAttributes", (node) => {
  // Links never navigate the app window; the view opens them deliberately.
  if (node.tagName === "A") {
    node.setAttribute("rel", "noopener noreferrer");
    node.removeAttribute("target");
  }
  // Remote pictures never load (the CSP forbids them): hidden, not broken.
  // An image model's pictures show from their kept copies instead.
  if (node.tagName === "IMG" && /^https?:/i.test(node.getAttribute("src") ?? "") && !isOwnImage(node.getAttribute("src") ?? "")) {
    node.classList.add("remote-image");
  }
});

/** The app's own image scheme, as WebKit (`comet-image://`) and WebView2
 * (`http://comet-image.localhost/`) spell it. */
function isOwnImage(src: string): boolean {
  return /^(?:comet-image:\/\/localhost\/|https?:\/\/comet-image\.localhost\/)[0-9a-f]{64}\.(?:png|jpg)$/i.test(src);
}

const SANITIZE = {
  FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed"],
  FORBID_ATTR: ["style"],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|comet-image:\/\/localhost\/[0-9a-f]{64}\.(?:png|jpg)$)/i,
};

/** Rendered blocks by source: a block frozen into a group (blocks.ts), or
 * shown again after scrolling, is not parsed twice. */
const rendered = new Map<string, string>();
const CACHE_ENTRIES = 4000;

export function renderMarkdown(source: string): string {
  const key = `${mathLoaded() ? "m" : "t"}${source}`;
  const hit = rendered.get(key);
  if (hit !== undefined) return hit;
  const html = renderUncached(source);
  if (rendered.size >= CACHE_ENTRIES) rendered.delete(rendered.keys().next().value as string);
  rendered.set(key, html);
  return html;
}

function renderUncached(source: string): string {
  const html = purifier.sanitize(marked.parse(source, { async: false }), SANITIZE);
  if (!html.includes('class="math"')) return html;
  // Maths is typeset after sanitizing, from the TeX kept in the placeholder.
  const holder = document.createElement("div");
  holder.innerHTML = html;
  typesetMath(holder);
  return holder.innerHTML;
}

/** True when the source has maths that KaTeX should render. */
export const hasMath = (html: string): boolean => html.includes('class="math"');
