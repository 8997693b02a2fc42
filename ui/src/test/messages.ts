// Stored messages as Rust sends them, for tests. By default each follows
// the one before it (a chat without branches).
import type { Conversation, Folder, Message, Sidebar } from "../lib/ipc";

export function message(
  id: number,
  role: Message["role"],
  content: string,
  extra: Partial<Message> = {},
): Message {
  return {
    id,
    conversation_id: 7,
    role,
    content,
    model: role === "assistant" ? "gpt-4o-mini" : null,
    finish_reason: role === "assistant" ? "stop" : null,
    error: null,
    created_at: 0,
    parent_id: id > 1 ? id - 1 : null,
    siblings: [id],
    usage: null,
    attachments: [],
    documents: [],
    kept_images: [],
    thinking: null,
    thinking_ms: null,
    sources: [],
    ...extra,
  };
}

export const conversation: Conversation = {
  id: 7,
  title: "New chat",
  model: "gpt-4o-mini",
  created_at: 0,
  updated_at: 0,
  settings: { system_prompt: null, temperature: null, max_tokens: null },
  folder_id: null,
  pinned: false,
};

/** What `chat.sidebar()` answers for these chats, none pinned or in folders. */
export function sidebarOf(chats: Conversation[], folders: Folder[] = []): Sidebar {
  return { folders, pinned: { chats: [], has_more: false }, unfiled: { chats, has_more: false } };
}
