// The streaming answer as a pure state machine: each ChatEvent takes the
// visible message list to the next one. No I/O here, so it is easy to test.
import type { AppError, ChatEvent, Message } from "../lib/ipc";

export interface StreamState {
  messages: Message[];
  /** The answer being written, while one is. */
  answerId: number | null;
  retrying: { attempt: number; delayMs: number } | null;
  /** Passages of large documents embedded so far, before the answer starts. */
  reading: { done: number; total: number } | null;
  error: AppError | null;
}

export function idle(messages: Message[]): StreamState {
  return { messages, answerId: null, retrying: null, reading: null, error: null };
}

function replace(messages: Message[], updated: Message): Message[] {
  return messages.map((m) => (m.id === updated.id ? updated : m));
}

export function applyEvent(state: StreamState, event: ChatEvent): StreamState {
  switch (event.type) {
    case "started": {
      // A new question follows its parent; a regenerated answer follows
      // its question. Whatever was shown below that point is another branch.
      const head = event.user_message ?? event.answer;
      const keep = head.parent_id === null ? 0 : state.messages.findIndex((m) => m.id === head.parent_id) + 1;
      const added = event.user_message ? [event.user_message, event.answer] : [event.answer];
      return {
        messages: [...state.messages.slice(0, keep), ...added],
        answerId: event.answer.id,
        retrying: null,
        reading: null,
        error: null,
      };
    }
    case "reading":
      return { ...state, reading: { done: event.done, total: event.total } };
    case "retrying":
      return { ...state, retrying: { attempt: event.attempt, delayMs: event.delay_ms } };
    case "delta":
      return {
        ...state,
        retrying: null,
        messages: state.messages.map((m) => (m.id === state.answerId ? { ...m, content: m.content + event.text } : m)),
      };
    case "thinking":
      return {
        ...state,
        retrying: null,
        messages: state.messages.map((m) => (m.id === state.answerId ? { ...m, thinking: (m.thinking ?? "") + event.text } : m)),
      };
    case "usage":
    case "titled":
      return state;
    case "done":
      return idle(replace(state.messages, event.message));
    case "error":
      return { ...idle(replace(state.messages, event.message)), error: event.error };
  }
}
