// A long answer as top-level blocks, split at blank lines outside fenced
// code. While an answer streams only its last block changes, so only that
// block is parsed again: a 50,000-token answer costs the same per update as
// a short one.
export function splitBlocks(source: string): string[] {
  return splitBlocksAt(source).map((b) => b.text);
}

/** A block and where it ends in the source (separators excluded). */
export interface Block {
  text: string;
  end: number;
}

export function splitBlocksAt(source: string): Block[] {
  const blocks: Block[] = [];
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
      blocks.push({ text: source.slice(start, lineStart), end: lineStart });
      start = lineEnd + 1;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (start < source.length) blocks.push({ text: source.slice(start), end: source.length });
  return blocks.filter((b) => b.text.trim() !== "");
}

/** True when every code fence the text opens is closed again: a diagram is
 * drawn from its whole source, not from each streamed piece of it. */
export function fencesClosed(source: string): boolean {
  let fence: string | null = null;
  for (const line of source.split("\n")) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === null ? marker : null;
    }
  }
  return fence === null;
}

/** Blocks per frozen group: a group is parsed once and never looked at again. */
export const GROUP = 40;

/**
 * An answer that only grows (a stream) split into frozen groups of GROUP
 * blocks, which never change again, and a short tail. Each update looks at
 * the tail only, so the work per update stays flat however long the answer.
 */
export class GrowingBlocks {
  private groups: string[] = [];
  private covered = 0;
  private prefix = "";

  update(source: string): { groups: string[]; tail: string[] } {
    if (source.length < this.covered || !source.startsWith(this.prefix)) {
      // Not a continuation (another message, or an edit): start over.
      this.groups = [];
      this.covered = 0;
      this.prefix = "";
    }
    let rest = source.slice(this.covered);
    let blocks = splitBlocksAt(rest);
    // The last block may still grow; GROUP complete ones before it freeze.
    while (blocks.length > GROUP) {
      const end = blocks[GROUP - 1].end;
      const group = rest.slice(0, end);
      this.groups = [...this.groups, group];
      this.covered += end;
      this.prefix += group;
      rest = rest.slice(end);
      blocks = splitBlocksAt(rest);
    }
    return { groups: this.groups, tail: blocks.map((b) => b.text) };
  }
}
