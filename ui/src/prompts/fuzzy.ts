// Fuzzy matching for the `/` picker: the letters typed must appear in order;
// matches at the start of the name or of a word, and letters next to each
// other, rank first. The name counts more than the body.

function score(text: string, query: string): number | null {
  const hay = text.toLowerCase();
  let at = 0;
  let total = 0;
  let last = -2;
  for (const ch of query.toLowerCase()) {
    const found = hay.indexOf(ch, at);
    if (found < 0) return null;
    const wordStart = found === 0 || /[\s\-_/]/.test(hay[found - 1]);
    total += (found === last + 1 ? 3 : 0) + (wordStart ? 2 : 0) - Math.min(found - at, 5) * 0.1;
    last = found;
    at = found + 1;
  }
  return total;
}

/** Items that match `query`, best first; all of them for an empty query. */
export function fuzzyFilter<T>(items: T[], query: string, name: (item: T) => string, body: (item: T) => string): T[] {
  const q = query.trim();
  if (!q) return items;
  return items
    .map((item) => {
      const byName = score(name(item), q);
      const byBody = score(body(item), q);
      const best = byName !== null ? byName + 10 : byBody;
      return { item, best };
    })
    .filter((r): r is { item: T; best: number } => r.best !== null)
    .sort((a, b) => b.best - a.best)
    .map((r) => r.item);
}
