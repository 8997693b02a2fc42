import { describe, expect, it } from "vitest";
import { clock } from "./mediaClock";

describe("clock", () => {
  it("shows lengths as a player does", () => {
    expect(clock(4_100)).toBe("0:04");
    expect(clock(155_000)).toBe("2:35");
    expect(clock(3_723_000)).toBe("1:02:03");
    expect(clock(null)).toBe("");
  });
});
