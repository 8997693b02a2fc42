import type { promptsEn } from "./prompts.en";

// Simplified Chinese for the prompt library and the `/` picker.
export const promptsZhCN: Record<keyof typeof promptsEn, string> = {
  "prompts.title": "提示词",
  "prompts.help": "在输入框中键入 / 即可使用。提示词里的 {{name}} 是使用时要填写的空。系统提示词决定对话中助手的行为。",
  "prompts.picker": "提示词",
  "prompts.none": "没有匹配的提示词。按 Enter 会原样发送。",
  "prompts.fill": "填写“{name}”",
  "prompts.insert": "插入",
  "prompts.systemKind": "系统提示词",
  "prompts.messageKind": "消息",
  "prompts.builtin": "内置",
  "prompts.copy": "复制后编辑",
  "prompts.edit": "编辑",
  "prompts.new": "新建提示词",
  "prompts.name": "名称",
  "prompts.kind": "类型",
  "prompts.body": "内容",
  "prompts.bodyHint": "例如：把这段话改写得让孩子也能看懂：{{text}}",
  "prompts.save": "保存提示词",
  "prompts.saved": "提示词已保存。",
  "prompts.export": "导出提示词…",
  "prompts.import": "导入提示词…",
  "prompts.imported": "已添加 {count} 个提示词。",
};
