import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { SHORTCUTS, shortcutFor } from "./shortcuts";
import ShortcutsSheet from "../ShortcutsSheet.svelte";

const press = (init: KeyboardEventInit, target: EventTarget = document.body) => {
  const event = new KeyboardEvent("keydown", init);
  Object.defineProperty(event, "target", { value: target });
  return shortcutFor(event);
};

describe("shortcuts", () => {
  afterEach(() => cleanup());

  it("maps keys to actions, and `?` only outside text fields", () => {
    expect(press({ key: "n", ctrlKey: true })).toBe("newChat");
    expect(press({ key: "k", metaKey: true })).toBe("search");
    expect(press({ key: "R", ctrlKey: true, shiftKey: true })).toBe("regenerate");
    expect(press({ key: "ArrowDown", altKey: true })).toBe("nextChat");
    expect(press({ key: "?" })).toBe("shortcuts");
    expect(press({ key: "?" }, document.createElement("textarea"))).toBeNull();
    expect(press({ key: "n" })).toBeNull();
  });

  it("lists every shortcut in the sheet and closes on Escape", async () => {
    let closed = false;
    render(ShortcutsSheet, { onClose: () => (closed = true) });
    expect(screen.getAllByRole("definition")).toHaveLength(SHORTCUTS.length);
    expect(screen.getByText("Regenerate the last answer")).toBeTruthy();
    expect(screen.getByText("Ctrl+Shift+R")).toBeTruthy();
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(closed).toBe(true);
  });
});
