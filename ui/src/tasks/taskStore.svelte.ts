// Every task the user has started, newest first, kept current by the one
// stream of task events; the queue panel and the Images view read it.
// Results kept in the gallery are handed to whoever listens (`onKept`).
import { SvelteSet } from "svelte/reactivity";
import { asAppError } from "../lib/appError";
import { tasks, type AppError, type GalleryImage, type Task, type TaskEvent, type TaskRequest } from "../lib/ipc";

const FINISHED = new Set(["succeeded", "failed"]);

export const isOpen = (task: Task): boolean => !FINISHED.has(task.status);

/** How long a finished task keeps its card. */
const RECENT_MS = 60 * 60 * 1000;

export class TaskStore {
  // Raw: each change replaces one task whole; a deep proxy of 200 tasks
  // and their buttons would be rebuilt for nothing.
  list = $state.raw<Task[]>([]);
  /** An error before anything started (the form keeps its text). */
  notice = $state<AppError | null>(null);
  /** Cards the user closed (the tasks stay in the queue's history). */
  hidden = new SvelteSet<number>();
  private started = false;
  private keptListeners: ((image: GalleryImage) => void)[] = [];

  get open(): Task[] {
    return this.list.filter(isOpen);
  }

  /** The cards above the gallery: every task still going, and those
   * finished in the last hour (their results are in the gallery anyway).
   * Thirty old cards pushed the gallery itself out of the window. */
  get cards(): Task[] {
    const since = Date.now() - RECENT_MS;
    return this.list
      .filter((task) => !this.hidden.has(task.id) && (isOpen(task) || (task.finished_at ?? task.updated_at) >= since))
      .slice(0, 12);
  }

  /** Starts listening and reads the recent tasks; safe to call twice. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // Listening first, then reading: a change in between is not missed
    // (and an older read never replaces a newer event, see `upsert`).
    tasks.watch((event) => this.apply(event));
    const recent = (await tasks.list(false, 100).catch(() => null)) ?? [];
    for (const task of recent.reverse()) this.upsert(task);
  }

  /** A video or song result coming down: its percentage (null: size
   * unknown), until the task's next change (kept, or failed). */
  downloads = $state<Record<number, number | null>>({});

  onKept(listener: (image: GalleryImage) => void): () => void {
    this.keptListeners.push(listener);
    return () => (this.keptListeners = this.keptListeners.filter((l) => l !== listener));
  }

  apply(event: TaskEvent): void {
    if (event.type === "changed") this.upsert(event.task);
    else if (event.type === "downloading") this.downloads = { ...this.downloads, [event.task_id]: event.total ? Math.floor((100 * event.bytes) / event.total) : null };
    else for (const listener of this.keptListeners) listener(event.image);
  }

  upsert(task: Task): void {
    if (task.id in this.downloads && !isOpen(task)) {
      this.downloads = Object.fromEntries(Object.entries(this.downloads).filter(([id]) => Number(id) !== task.id));
    }
    const at = this.list.findIndex((t) => t.id === task.id);
    if (at >= 0) {
      // An older answer never replaces a newer one.
      if (this.list[at].updated_at > task.updated_at) return;
      this.list = this.list.map((t, i) => (i === at ? task : t));
    } else {
      this.list = [task, ...this.list].sort((a, b) => b.id - a.id);
    }
  }

  byId(id: number | null): Task | undefined {
    return this.list.find((t) => t.id === id);
  }

  /** The started task, or null with `notice` set. */
  async run(start: () => Promise<Task>): Promise<Task | null> {
    this.notice = null;
    try {
      const task = await start();
      this.upsert(task);
      return task;
    } catch (error) {
      this.notice = asAppError(error);
      return null;
    }
  }

  submit(request: TaskRequest): Promise<Task | null> {
    return this.run(() => tasks.submit(request));
  }

  press(task: Task, customId: string): Promise<Task | null> {
    return this.run(() => tasks.press(task.id, customId));
  }

  continueModal(task: Task, prompt: string, mask: string | null): Promise<Task | null> {
    return this.run(() => tasks.continueModal(task.id, prompt, mask));
  }

  check(task: Task): Promise<Task | null> {
    return this.run(() => tasks.check(task.id));
  }

  stopWatching(task: Task): Promise<Task | null> {
    return this.run(async () => tasks.stopWatching(task.id));
  }

  /** Set after a grid was split, for a moment's note. */
  splitNote = $state(false);

  async split(task: Task): Promise<GalleryImage[]> {
    const parts = await tasks.split(task.id);
    for (const listener of this.keptListeners) parts.forEach(listener);
    this.splitNote = true;
    setTimeout(() => (this.splitNote = false), 4000);
    return parts;
  }

  hide(task: Task): void {
    this.hidden.add(task.id);
  }
}
