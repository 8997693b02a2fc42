import { describe, expect, it } from "vitest";
import { splitBlocks } from "./blocks";

describe("splitBlocks", () => {
  it("splits at blank lines but never inside fenced code", () => {
    const source = "# Title\n\nA paragraph\nstill it.\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\n- one\n- two\n";
    expect(splitBlocks(source)).toEqual([
      "# Title\n",
      "A paragraph\nstill it.\n",
      "```js\nconst a = 1;\n\nconst b = 2;\n```\n",
      "- one\n- two\n",
    ]);
  });

  it("keeps an unclosed fence (still streaming) as one block", () => {
    expect(splitBlocks("Intro\n\n```py\nx = 1\n\ny = 2")).toEqual(["Intro\n", "```py\nx = 1\n\ny = 2"]);
  });

  it("loses no text", () => {
    const source = "a\n\n\n\nb\n~~~\n\n~~~\nc";
    expect(splitBlocks(source).join("").replace(/\n/g, "")).toBe(source.replace(/\n/g, ""));
  });
});

describe("GrowingBlocks", () => {
  it("freezes finished groups and gives the same text back however it grows", async () => {
    const { GrowingBlocks, GROUP } = await import("./blocks");
    const full = Array.from({ length: 200 }, (_, i) => `Paragraph ${i} text.`).join("\n\n");
    const growing = new GrowingBlocks();
    let view = growing.update("");
    for (let at = 0; at <= full.length; at += 37) view = growing.update(full.slice(0, at));
    view = growing.update(full);
    expect(view.groups.length).toBe(Math.floor(199 / GROUP));
    const text = [...view.groups, ...view.tail].join("");
    expect(text.replace(/\s+/g, "")).toBe(full.replace(/\s+/g, ""));
    // Something else entirely starts over.
    expect(growing.update("New message").groups).toEqual([]);
  });
});
