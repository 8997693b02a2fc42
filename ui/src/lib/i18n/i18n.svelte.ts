// The one i18n layer: every UI string goes through t().
import { en, type MessageKey } from "./en";
import { zhCN } from "./zh-CN";

export type Locale = "en" | "zh-CN";

const tables: Record<Locale, Record<MessageKey, string>> = { en, "zh-CN": zhCN };

let locale = $state<Locale>("en");

export function setLocale(next: Locale): void {
  locale = next;
  document.documentElement.lang = next;
}

/** Looks up `key` in the current language; `{name}` placeholders are filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = tables[locale][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A localized sentence for an error code, with the server's own text kept for unknown cases. */
export function errorText(error: { code: string; message: string }): string {
  const key = `errors.${error.code}` as MessageKey;
  return key in en ? t(key) : error.message;
}

/** The language the UI speaks now (built-in prompts follow it). */
export function currentLocale(): Locale {
  return locale;
}
