// Collections as the window holds them: the list, and the reading of each
// (its progress lives here, not in the view, so closing the view or
// switching chats does not lose it; Rust goes on reading either way).
import { collections as ipc, IpcError, type AppError, type Collection, type CollectionProgress } from "../lib/ipc";

function asError(error: unknown): AppError {
  return error instanceof IpcError ? { code: error.code, message: error.message } : { code: "storage", message: String(error) };
}

export class CollectionStore {
  list = $state<Collection[]>([]);
  /** Collections being read now, with how far. */
  progress = $state<Record<number, CollectionProgress>>({});
  /** Collections whose last reading was paused. */
  paused = $state<Record<number, boolean>>({});
  error = $state<AppError | null>(null);
  private loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.loading ??= ipc.list().then(
      (list) => void (this.list = list),
      (error: unknown) => {
        this.loading = null;
        this.error = asError(error);
      },
    );
    return this.loading;
  }

  private put(collection: Collection) {
    const others = this.list.filter((c) => c.id !== collection.id);
    this.list = [...others, collection].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  }

  private async attempt<T>(work: () => Promise<T>): Promise<T | null> {
    this.error = null;
    try {
      return await work();
    } catch (error) {
      this.error = asError(error);
      return null;
    }
  }

  /** Picks a folder, makes it a collection and reads it at once. */
  async createFromFolder(): Promise<Collection | null> {
    const created = await this.attempt(() => ipc.createFromFolder());
    if (!created) return null;
    this.put(created);
    void this.read(created.id);
    return created;
  }

  async create(name: string): Promise<Collection | null> {
    const created = await this.attempt(() => ipc.create(name));
    if (created) this.put(created);
    return created;
  }

  async addFiles(id: number) {
    const changed = await this.attempt(() => ipc.addFiles(id));
    if (changed) {
      this.put(changed);
      void this.read(id);
    }
  }

  isReading(id: number): boolean {
    return id in this.progress;
  }

  async read(id: number) {
    if (this.isReading(id)) return;
    this.paused = { ...this.paused, [id]: false };
    this.progress = { ...this.progress, [id]: { stage: "reading", done: 0, total: 0 } };
    const done = await this.attempt(() => ipc.read(id, (p) => (this.progress = { ...this.progress, [id]: p })));
    const rest = { ...this.progress };
    delete rest[id];
    this.progress = rest;
    if (done) {
      this.put(done);
      // Stopped early by Pause: passages remain to index.
      if (this.paused[id] && done.embedded >= done.passages) this.paused = { ...this.paused, [id]: false };
    }
  }

  async pause(id: number) {
    this.paused = { ...this.paused, [id]: true };
    await ipc.pause(id);
  }

  async setModel(id: number, model: string) {
    const changed = await this.attempt(() => ipc.setModel(id, model));
    if (changed) {
      this.put(changed);
      void this.read(id);
    }
  }

  async rename(id: number, name: string) {
    const changed = await this.attempt(() => ipc.rename(id, name));
    if (changed) this.put(changed);
  }

  async removeFiles(id: number, files: number[]) {
    const changed = await this.attempt(() => ipc.removeFiles(id, files));
    if (changed) this.put(changed);
  }

  async remove(id: number) {
    const gone = await this.attempt(async () => {
      await ipc.delete(id);
      return true;
    });
    if (gone) this.list = this.list.filter((c) => c.id !== id);
  }
}

export const collectionStore = new CollectionStore();
