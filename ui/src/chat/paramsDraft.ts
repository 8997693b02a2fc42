// Number inputs give "" or undefined when emptied; Rust wants null.
import type { ConversationSettings } from "../lib/ipc";

const numberOrNull = (n: unknown): number | null => (typeof n === "number" && Number.isFinite(n) ? n : null);

export function cleanParams(draft: ConversationSettings): ConversationSettings {
  const prompt = draft.system_prompt?.trim() ? draft.system_prompt : null;
  return {
    system_prompt: prompt,
    temperature: numberOrNull(draft.temperature),
    max_tokens: numberOrNull(draft.max_tokens),
    reasoning_effort: draft.reasoning_effort ?? null,
    thinking_budget: numberOrNull(draft.thinking_budget),
  };
}
