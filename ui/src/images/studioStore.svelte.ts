// The Images view's state: generations running (each with its own
// progress), and the gallery, newest first, filtered by a search.
import { asAppError } from "../lib/appError";
import { studio, type AppError, type GalleryImage, type ImageEvent, type Progress } from "../lib/ipc";

export interface Running {
  key: number;
  generationId: number | null;
  prompt: string;
  model: string;
  progress: Progress | null;
  saved: number;
  error: AppError | null;
  done: boolean;
}

export function applyImageEvent(run: Running, event: ImageEvent): Running {
  switch (event.type) {
    case "started":
      return { ...run, generationId: event.generation_id };
    case "progress":
      return { ...run, progress: event.progress };
    case "saved":
      return { ...run, saved: run.saved + 1 };
    case "done":
      return { ...run, done: true, progress: { stage: "done", percent: 100 } };
    case "failed":
      return { ...run, done: true, error: event.error };
  }
}

export class StudioStore {
  images = $state<GalleryImage[]>([]);
  running = $state<Running[]>([]);
  query = $state("");
  /** An error before anything started (the prompt stays). */
  notice = $state<AppError | null>(null);
  private nextKey = 1;
  /** Only the newest list request may replace the gallery. */
  private ticket = 0;

  async load(): Promise<void> {
    const ticket = ++this.ticket;
    try {
      const images = await studio.list(this.query);
      if (ticket === this.ticket) this.images = images;
    } catch (error) {
      this.notice = asAppError(error);
    }
  }

  async search(query: string): Promise<void> {
    this.query = query;
    await this.load();
  }

  /** Starts a generation; several may run at once. `onStarted` clears the prompt box. */
  async generate(prompt: string, model: string, size: string | null, count: number, onStarted: () => void): Promise<void> {
    this.notice = null;
    const key = this.nextKey++;
    this.running = [{ key, generationId: null, prompt, model, progress: null, saved: 0, error: null, done: false }, ...this.running];
    const update = (event: ImageEvent) => {
      this.running = this.running.map((r) => (r.key === key ? applyImageEvent(r, event) : r));
      if (event.type === "started") onStarted();
      // A saved image shows at once, if it matches the search.
      if (event.type === "saved" && (!this.query || event.image.prompt.toLowerCase().includes(this.query.toLowerCase()))) {
        this.ticket++; // a list asked for before this image must not hide it
        this.images = [event.image, ...this.images.filter((i) => i.id !== event.image.id)];
      }
    };
    try {
      await studio.generate({ prompt, model, size, count, quality: null }, update);
    } catch (error) {
      this.running = this.running.filter((r) => r.key !== key);
      this.notice = asAppError(error);
    }
  }

  /** The last deleted image, while Undo is offered. */
  deleted = $state<GalleryImage | null>(null);

  async setFavourite(image: GalleryImage, favourite: boolean): Promise<GalleryImage> {
    const updated = await studio.setFavourite(image.id, favourite);
    this.images = this.images.map((i) => (i.id === updated.id ? updated : i));
    return updated;
  }

  async remove(image: GalleryImage): Promise<void> {
    try {
      this.deleted = await studio.remove(image.id);
      this.images = this.images.filter((i) => i.id !== image.id);
    } catch (error) {
      this.notice = asAppError(error);
    }
  }

  async undoRemove(): Promise<void> {
    const image = this.deleted;
    if (!image) return;
    this.deleted = null;
    const back = await studio.restore(image);
    this.images = [back, ...this.images].sort((a, b) => b.id - a.id);
  }

  async cancel(run: Running): Promise<void> {
    if (run.generationId !== null) await studio.cancel(run.generationId);
  }

  dismiss(key: number): void {
    this.running = this.running.filter((r) => r.key !== key);
  }
}
