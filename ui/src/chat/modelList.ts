// What the chat model picker lists: chat models only (image, audio, video
// and embedding models have their own places), matched by name or
// provider, favourites and recent ones first.
import type { ModelCatalogue, ModelInfo, Price } from "../lib/ipc";

export interface PickerSections {
  favourites: ModelInfo[];
  recent: ModelInfo[];
  all: ModelInfo[];
}

const isChat = (m: ModelInfo) => m.kinds.includes("chat");

function matches(model: ModelInfo, words: string[]): boolean {
  const haystack = `${model.id} ${model.provider ?? ""}`.toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** An unknown current model (typed in Settings, or offline) is still listed. */
export function pickerSections(catalogue: ModelCatalogue, query: string, current: string): PickerSections {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const known = catalogue.models.some((m) => m.id === current);
  const models = known || !current
    ? catalogue.models
    : [{ id: current, provider: null, kinds: ["chat"], price: null, available: true, favourite: false } as ModelInfo, ...catalogue.models];
  const shown = models.filter((m) => isChat(m) && matches(m, words));
  const byId = new Map(shown.map((m) => [m.id, m]));
  const recent = catalogue.recent.map((id) => byId.get(id)).filter((m): m is ModelInfo => m !== undefined);
  return {
    favourites: shown.filter((m) => m.favourite),
    recent: words.length ? [] : recent,
    all: [...shown].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

const usd = (n: number) => `$${n < 0.01 && n > 0 ? n.toPrecision(2) : n.toFixed(2)}`;

/** "$0.12 in · $0.48 out /M" or "$0.04 /request"; empty when unknown. */
export function formatPrice(price: Price | null): string {
  if (!price) return "";
  if (price.per_request !== null && price.input_per_m === null && price.output_per_m === null) {
    return `${usd(price.per_request)} /req`;
  }
  const parts = [];
  if (price.input_per_m !== null) parts.push(`${usd(price.input_per_m)} in`);
  if (price.output_per_m !== null) parts.push(`${usd(price.output_per_m)} out`);
  return parts.length ? `${parts.join(" · ")} /M` : "";
}

/** A cost in USD, with enough digits for a cheap answer to show. */
export function formatCost(usdAmount: number): string {
  if (usdAmount === 0) return "$0";
  if (usdAmount < 0.0001) return "<$0.0001";
  if (usdAmount < 0.01) return `$${usdAmount.toFixed(4)}`;
  return `$${usdAmount.toFixed(3)}`;
}
