// A comparison as a pure state machine: one question, one lane per model,
// each lane fed by the events of its own answer.
import type { AppError, CompareEvent, Message, UsageReport } from "../lib/ipc";

export interface Lane {
  model: string;
  answer: Message | null;
  usage: UsageReport | null;
  error: AppError | null;
  done: boolean;
}

export interface CompareState {
  question: Message | null;
  lanes: Lane[];
}

export function startCompare(models: string[]): CompareState {
  return { question: null, lanes: models.map((model) => ({ model, answer: null, usage: null, error: null, done: false })) };
}

export function applyCompareEvent(state: CompareState, { lane, event }: CompareEvent): CompareState {
  const lanes = state.lanes.map((current, i): Lane => {
    if (i !== lane) return current;
    switch (event.type) {
      case "started":
        return { ...current, answer: event.answer };
      case "delta":
        return current.answer ? { ...current, answer: { ...current.answer, content: current.answer.content + event.text } } : current;
      case "usage":
        return { ...current, usage: event.usage };
      case "done":
        return { ...current, answer: event.message, done: true };
      case "error":
        return { ...current, answer: event.message, error: event.error, done: true };
      default:
        return current;
    }
  });
  const question = event.type === "started" && event.user_message ? event.user_message : state.question;
  return { question, lanes };
}

export const allDone = (state: CompareState): boolean => state.lanes.every((l) => l.done);
