// The prompt library as the UI holds it: the user's prompts from Rust and
// the built-in ones of the current language, read once and kept in step.
import { currentLocale } from "../lib/i18n/i18n.svelte";
import { prompts as promptsIpc, type Prompt, type PromptDraft, type PromptKind } from "../lib/ipc";
import { builtinPrompts } from "./builtin";

/** One line of the `/` picker. Built-in ones have no id. */
export type PromptEntry = { key: string; id: number | null; name: string; body: string; kind: PromptKind };

export class PromptStore {
  saved = $state<Prompt[]>([]);
  private loading: Promise<void> | null = null;

  /** Reads the library once; later calls wait for the same read. */
  load(): Promise<void> {
    this.loading ??= promptsIpc.list().then(
      (list) => void (this.saved = list),
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** The user's prompts first (they are the ones made for this), then the
   * built-in ones. Derived once per change: the composer passes it on as a
   * prop, which is read on every access. */
  readonly entries: PromptEntry[] = $derived([
    ...this.saved.map((p) => ({ key: `p${p.id}`, id: p.id, name: p.name, body: p.body, kind: p.kind })),
    ...builtinPrompts(currentLocale()).map((b) => ({ key: `b-${b.key}`, id: null, name: b.name, body: b.body, kind: "message" as const })),
  ]);

  /** What a chat's settings offer as system prompts. */
  readonly systemPrompts: Prompt[] = $derived(this.saved.filter((p) => p.kind === "system"));

  async save(draft: PromptDraft): Promise<Prompt> {
    const saved = await promptsIpc.save(draft);
    this.saved = [...this.saved.filter((p) => p.id !== saved.id), saved].sort(
      (a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
    );
    return saved;
  }

  async remove(id: number): Promise<void> {
    await promptsIpc.remove(id);
    this.saved = this.saved.filter((p) => p.id !== id);
  }

  /** The number that came in, or null when the user cancelled. */
  async importFile(): Promise<number | null> {
    const count = await promptsIpc.importFile();
    if (count !== null) this.saved = await promptsIpc.list();
    return count;
  }
}

/** One library for the whole window. */
export const promptLibrary = new PromptStore();
