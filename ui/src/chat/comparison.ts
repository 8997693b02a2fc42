// Compare as the chat store runs it: one question to several models, the
// chat showing the question while the answers stream side by side.
import { chat } from "../lib/ipc";
import { idle } from "./answerState";
import type { ChatStore } from "./chatStore.svelte";
import { asAppError } from "../lib/appError";
import { applyCompareEvent, startCompare } from "./compareState";

export async function runComparison(store: ChatStore, text: string, onStored: () => void): Promise<void> {
  store.notice = null;
  if (store.currentId === null) await store.newConversation();
  const id = store.currentId;
  if (id === null || store.streaming.includes(id)) return;
  const images = store.pendingImages;
  const docs = store.pendingDocuments;
  const models = [store.model, ...store.compareWith.filter((m) => m !== store.model)];
  store.comparison = startCompare(models);
  store.streaming = [...store.streaming, id];
  let stored = false;
  try {
    await chat.compare(id, { kind: "ask", content: text, attachments: images.map((i) => i.file), documents: docs.map((d) => d.id) }, models, (event) => {
      if (event.event.type === "started" && !stored) {
        stored = true;
        store.pendingImages = store.pendingImages.filter((i) => !images.includes(i));
        store.pendingDocuments = store.pendingDocuments.filter((d) => !docs.includes(d));
        onStored();
        void store.refreshConversations();
        // The chat shows the question; the answers are in the comparison.
        if (store.currentId === id && event.event.user_message) {
          store.view = idle([...store.view.messages, event.event.user_message]);
        }
      }
      if (event.event.type === "titled") {
        const named = event.event.conversation;
        store.conversations = store.conversations.map((c) => (c.id === named.id ? named : c));
      }
      if (store.comparison) store.comparison = applyCompareEvent(store.comparison, event);
    });
  } catch (error) {
    store.comparison = null;
    if (store.currentId === id) store.notice = asAppError(error);
  } finally {
    store.streaming = store.streaming.filter((s) => s !== id);
  }
}
