// An image model's answer links to pictures that expire and that the CSP
// keeps out of the window anyway; Rust keeps each in the gallery, and the
// answer shows the kept copy wherever its Markdown shows the link.
import { images, type KeptImage } from "../lib/ipc";

const IMAGE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?\s*\)/g;

export function withKeptImages(source: string, kept: KeptImage[]): string {
  if (kept.length === 0) return source;
  const local = new Map(kept.map((k) => [k.url, images.url(k.file)]));
  return source.replace(IMAGE, (whole, alt: string, url: string) => {
    const file = local.get(url);
    return file ? `![${alt}](${file})` : whole;
  });
}
