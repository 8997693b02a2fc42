import type { Theme } from "./ipc";

/** Applies the theme; "system" follows the OS through CSS media queries. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
}
