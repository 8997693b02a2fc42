// A drawn diagram as a PNG, made by the web view itself: the SVG is drawn
// onto a canvas at twice its size on the chat's background colour.
const SCALE = 2;
const MAX_SIDE = 8000;

/** The PNG's bytes as base64 (for IPC). */
export async function svgToPng(svg: string, background: string): Promise<string> {
  const sized = withSize(svg);
  const url = URL.createObjectURL(new Blob([sized.svg], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = Math.min(SCALE, MAX_SIDE / Math.max(sized.width, sized.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(sized.width * scale));
    canvas.height = Math.max(1, Math.round(sized.height * scale));
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no canvas");
    context.fillStyle = background && background !== "rgba(0, 0, 0, 0)" ? background : "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL("image/png").replace(/^data:image\/png;base64,/, "");
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Mermaid's SVG says width="100%": an image needs its size from the viewBox. */
export function withSize(svg: string): { svg: string; width: number; height: number } {
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  const root = doc.documentElement;
  const box = (root.getAttribute("viewBox") ?? "").split(/[\s,]+/).map(Number);
  const width = box.length === 4 && box[2] > 0 ? box[2] : 800;
  const height = box.length === 4 && box[3] > 0 ? box[3] : 600;
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(height));
  root.removeAttribute("style");
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}
