// Every keyboard shortcut, in one list: the handler in App and the sheet
// that `?` opens both read it, so the sheet cannot fall out of date.
export type ShortcutId =
  | "newChat"
  | "search"
  | "settings"
  | "focusInput"
  | "stop"
  | "regenerate"
  | "previousChat"
  | "nextChat"
  | "shortcuts";

export interface Shortcut {
  id: ShortcutId;
  /** As shown in the sheet; "Mod" reads Ctrl, or ⌘ on a Mac. */
  keys: string;
  matches: (event: KeyboardEvent) => boolean;
  /** Fires even while the user is typing in a field. */
  inFields: boolean;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key = (e: KeyboardEvent) => e.key.toLowerCase();

export const SHORTCUTS: Shortcut[] = [
  { id: "newChat", keys: "Mod+N", inFields: true, matches: (e) => mod(e) && !e.shiftKey && key(e) === "n" },
  { id: "search", keys: "Mod+K", inFields: true, matches: (e) => mod(e) && key(e) === "k" },
  { id: "settings", keys: "Mod+,", inFields: true, matches: (e) => mod(e) && e.key === "," },
  { id: "focusInput", keys: "Mod+L", inFields: true, matches: (e) => mod(e) && key(e) === "l" },
  { id: "stop", keys: "Esc", inFields: true, matches: (e) => e.key === "Escape" },
  { id: "regenerate", keys: "Mod+Shift+R", inFields: true, matches: (e) => mod(e) && e.shiftKey && key(e) === "r" },
  { id: "previousChat", keys: "Alt+↑", inFields: true, matches: (e) => e.altKey && e.key === "ArrowUp" },
  { id: "nextChat", keys: "Alt+↓", inFields: true, matches: (e) => e.altKey && e.key === "ArrowDown" },
  { id: "shortcuts", keys: "?", inFields: false, matches: (e) => e.key === "?" && !mod(e) },
];

function typing(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
}

/** The shortcut this key press means here, if any. */
export function shortcutFor(event: KeyboardEvent): ShortcutId | null {
  const inField = typing(event.target);
  const found = SHORTCUTS.find((s) => s.matches(event) && (s.inFields || !inField));
  return found?.id ?? null;
}

export const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

export function displayKeys(keys: string): string {
  return keys.replace("Mod", isMac() ? "⌘" : "Ctrl");
}
