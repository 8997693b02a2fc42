// A ```mermaid block of an answer drawn as a diagram above its source (the
// source folds away behind "Source"); a source Mermaid cannot read keeps its
// code shown with the reason above it. Save as SVG or PNG beside it.
import DOMPurify from "dompurify";
import { t } from "../lib/i18n/i18n.svelte";
import { diagrams } from "../lib/ipc";
import { svgToPng } from "./diagramPng";
import { NOT_INCLUDED } from "../../build/mermaidDiagrams";

interface Drawing {
  svg?: string;
  error?: string;
}

/** Drawn diagrams by theme and source: a block shown again after scrolling,
 * or the same diagram in another answer, is not drawn twice. */
const drawings = new Map<string, Promise<Drawing>>();

export function isDiagramBlock(block: HTMLElement): boolean {
  return block.querySelector(".code-lang")?.textContent === "mermaid";
}

function isDark(): boolean {
  return getComputedStyle(document.documentElement).colorScheme.includes("dark");
}

function draw(source: string, dark: boolean): Promise<Drawing> {
  const key = `${dark ? "d" : "l"}${source}`;
  let drawing = drawings.get(key);
  if (!drawing) {
    drawing = import("./diagramRender")
      .then(({ renderDiagram }) => renderDiagram(source, dark))
      .then((svg) => ({ svg: sanitizeSvg(svg) }))
      .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
    drawings.set(key, drawing);
  }
  return drawing;
}

/** Mermaid's strict mode already sanitizes; this is the app's own pass, as
 * for every answer: no script, handler or outside link survives. */
export function sanitizeSvg(svg: string): string {
  return DOMPurify.sanitize(svg, {
    USE_PROFILES: { svg: true, svgFilters: true, html: true },
    ADD_TAGS: ["style", "foreignObject"],
    FORBID_TAGS: ["script", "iframe", "object", "embed", "a", "image"],
  });
}

/** Draws the block's diagram once its code is complete (`settled`). */
export async function drawDiagramBlock(block: HTMLElement, settled: boolean): Promise<void> {
  if (!settled || block.dataset.diagram) return;
  const source = block.querySelector("code")?.textContent ?? "";
  if (!source.trim()) return;
  block.dataset.diagram = "drawing";
  const status = document.createElement("div");
  status.className = "diagram-status";
  status.textContent = t("diagram.drawing");
  block.prepend(status);
  const drawing = await draw(source, isDark());
  status.remove();
  if (drawing.svg === undefined) {
    const error = document.createElement("div");
    error.className = "diagram-error";
    error.setAttribute("role", "alert");
    const reason = drawing.error ?? "";
    error.textContent = reason.includes(NOT_INCLUDED) ? t("diagram.notIncluded") : t("diagram.failed", { message: reason.split("\n")[0] });
    block.prepend(error);
    block.dataset.diagram = "failed";
    return;
  }
  block.prepend(diagramFigure(block, drawing.svg));
  block.classList.add("source-hidden");
  block.dataset.diagram = "drawn";
}

function diagramFigure(block: HTMLElement, svg: string): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "diagram";
  figure.setAttribute("aria-label", t("diagram.title"));
  const picture = document.createElement("div");
  picture.className = "diagram-picture";
  picture.innerHTML = svg;
  const bar = document.createElement("div");
  bar.className = "diagram-actions";
  const source = button("diagram.showSource", () => {
    const hidden = block.classList.toggle("source-hidden");
    source.textContent = t(hidden ? "diagram.showSource" : "diagram.hideSource");
    source.setAttribute("aria-expanded", String(!hidden));
  });
  source.dataset.action = "diagram-source";
  source.setAttribute("aria-expanded", "false");
  const saved = document.createElement("span");
  saved.className = "diagram-saved";
  saved.setAttribute("aria-live", "polite");
  const save = (format: "svg" | "png") => async () => {
    saved.textContent = "";
    try {
      const data = format === "svg" ? svg : await svgToPng(svg, getComputedStyle(block).backgroundColor);
      if (await diagrams.saveAs(format, data)) saved.textContent = t("diagram.saved");
    } catch (error) {
      saved.textContent = t("diagram.saveFailed", { message: error instanceof Error ? error.message : String(error) });
    }
  };
  const svgButton = button("diagram.saveSvg", save("svg"));
  svgButton.dataset.action = "diagram-save-svg";
  const pngButton = button("diagram.savePng", save("png"));
  pngButton.dataset.action = "diagram-save-png";
  bar.append(source, svgButton, pngButton, saved);
  figure.append(picture, bar);
  return figure;
}

function button(label: Parameters<typeof t>[0], onClick: () => void): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "small";
  element.textContent = t(label);
  element.addEventListener("click", onClick);
  return element;
}
