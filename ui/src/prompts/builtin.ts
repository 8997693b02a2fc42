// The prompts every user has, in the UI's language. They cannot be edited
// in place; "Save as mine" copies one into the library.
import type { Locale } from "../lib/i18n/i18n.svelte";

export type BuiltinPrompt = { key: string; name: string; body: string };

const en: BuiltinPrompt[] = [
  { key: "translate", name: "Translate", body: "Translate the following text into {{language}}. Give only the translation.\n\n{{text}}" },
  { key: "summarise", name: "Summarise", body: "Summarise the following in a few short bullet points, keeping names and numbers exact.\n\n{{text}}" },
  { key: "proofread", name: "Proofread", body: "Proofread the following text: fix spelling, grammar and punctuation, keep the meaning and tone, then list the main changes.\n\n{{text}}" },
  { key: "explain-code", name: "Explain code", body: "Explain what this code does, step by step, and point out anything surprising or risky.\n\n```\n{{code}}\n```" },
];

const zhCN: BuiltinPrompt[] = [
  { key: "translate", name: "翻译", body: "把下面的文字翻译成{{language}}，只给出译文。\n\n{{text}}" },
  { key: "summarise", name: "总结", body: "用几个简短的要点总结下面的内容，人名和数字保持准确。\n\n{{text}}" },
  { key: "proofread", name: "校对", body: "校对下面的文字：改正错别字、语法和标点，保持原意和语气，然后列出主要修改。\n\n{{text}}" },
  { key: "explain-code", name: "解释代码", body: "逐步解释这段代码做了什么，并指出任何出人意料或有风险的地方。\n\n```\n{{code}}\n```" },
];

export function builtinPrompts(locale: Locale): BuiltinPrompt[] {
  return locale === "zh-CN" ? zhCN : en;
}
