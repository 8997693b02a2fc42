// Generations running, each with its own progress; what each saves goes
// to `onSaved` (the gallery).
import { asAppError } from "../lib/appError";
import { studio, type AppError, type GalleryImage, type GenerateRequest, type ImageEvent, type Progress } from "../lib/ipc";

export interface Running {
  key: number;
  generationId: number | null;
  request: GenerateRequest;
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
  running = $state<Running[]>([]);
  /** An error before anything started (the prompt stays). */
  notice = $state<AppError | null>(null);
  private nextKey = 1;

  constructor(private readonly onSaved: (image: GalleryImage) => void) {}

  /** Starts a generation; several may run at once. `onStarted` clears the prompt box. */
  async generate(request: GenerateRequest, onStarted: () => void): Promise<void> {
    this.notice = null;
    const key = this.nextKey++;
    const run: Running = { key, generationId: null, request, prompt: request.prompt, model: request.model, progress: null, saved: 0, error: null, done: false };
    this.running = [run, ...this.running];
    const update = (event: ImageEvent) => {
      this.running = this.running.map((r) => (r.key === key ? applyImageEvent(r, event) : r));
      if (event.type === "started") onStarted();
      if (event.type === "saved") this.onSaved(event.image);
    };
    try {
      await studio.generate(request, update);
    } catch (error) {
      this.running = this.running.filter((r) => r.key !== key);
      this.notice = asAppError(error);
    }
  }

  async cancel(run: Running): Promise<void> {
    if (run.generationId !== null) await studio.cancel(run.generationId);
  }

  dismiss(key: number): void {
    this.running = this.running.filter((r) => r.key !== key);
  }
}
