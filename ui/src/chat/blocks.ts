// A long answer as top-level blocks, split at blank lines outside fenced
// code. While an answer streams only its last block changes, so only that
// block is parsed again: a 50,000-token answer costs the same per update as
// a short one.
export function splitBlocks(source: string): string[] {
  const blocks: string[] = [];
  let fence: string | null = null;
  let start = 0;
  let lineStart = 0;
  while (lineStart <= source.length) {
    const newline = source.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? source.length : newline;
    const line = source.slice(lineStart, lineEnd);
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === null ? marker : null;
    } else if (fence === null && line.trim() === "" && lineStart > start) {
      blocks.push(source.slice(start, lineStart));
      start = lineEnd + 1;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (start < source.length) blocks.push(source.slice(start));
  return blocks.filter((b) => b.trim() !== "");
}
