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
