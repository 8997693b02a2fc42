// What the studio form holds until Generate: the prompt, the model and its
// settings, and an optional reference image (with a mask) to edit.
import type { GenerateRequest, ModelInfo } from "../lib/ipc";

export interface ReferenceImage {
  file: string;
  width: number;
  height: number;
}

export interface Draft {
  prompt: string;
  model: string;
  size: string;
  quality: string;
  count: number;
  reference: ReferenceImage | null;
  mask: ReferenceImage | null;
  /** The gallery image the reference is, so results record their parent. */
  parentId: number | null;
}

export const newDraft = (model = "gpt-4o-image"): Draft => ({
  prompt: "",
  model,
  size: "",
  quality: "",
  count: 1,
  reference: null,
  mask: null,
  parentId: null,
});

/** Chat image models (gpt-4o-image) answer one picture per prompt, and
 * dall-e-3 makes one per request. */
export function makesSeveral(model: string, info: ModelInfo | undefined): boolean {
  if (info?.kinds.includes("chat")) return false;
  return !model.startsWith("dall-e-3");
}

/** Chat image models take the reference in the question; masks need the edits endpoint. */
export const takesMask = (info: ModelInfo | undefined): boolean => !info?.kinds.includes("chat");

export function requestOf(draft: Draft, info: ModelInfo | undefined): GenerateRequest {
  const reference = draft.reference;
  return {
    prompt: draft.prompt.trim(),
    model: draft.model,
    size: draft.size || null,
    quality: draft.quality || null,
    count: makesSeveral(draft.model, info) ? Math.min(Math.max(Math.round(draft.count) || 1, 1), 4) : 1,
    reference: reference?.file ?? null,
    mask: reference && takesMask(info) ? (draft.mask?.file ?? null) : null,
    parent_id: reference ? draft.parentId : null,
  };
}
