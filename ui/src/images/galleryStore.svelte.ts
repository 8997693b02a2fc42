// The gallery's state: images newest first under the current filters,
// loaded 200 at a time as the grid scrolls; the filter menus' choices; the
// selection for export; the last deleted image while Undo is offered.
import { SvelteSet } from "svelte/reactivity";
import { asAppError } from "../lib/appError";
import { gallery, type AppError, type GalleryFacets, type GalleryFilter, type GalleryImage } from "../lib/ipc";

export const NO_FILTER: GalleryFilter = { query: "", model: null, family: null, tag: null, kind: null, favourites: false, since_ms: null, until_ms: null };

/** Whether a new image belongs in the list the filters show. */
export function matches(image: GalleryImage, filter: GalleryFilter): boolean {
  const query = (filter.query ?? "").trim().toLowerCase();
  const text = `${image.prompt} ${image.revised_prompt ?? ""} ${image.tags.join(" ")} ${image.title ?? ""} ${image.lyrics ?? ""}`.toLowerCase();
  return (
    (!query || text.includes(query)) &&
    (!filter.model || image.model === filter.model) &&
    (!filter.family || (image.family ?? "openai") === filter.family) &&
    (!filter.kind || image.kind === filter.kind) &&
    (!filter.tag || image.tags.includes(filter.tag)) &&
    (!filter.favourites || image.favourite) &&
    (filter.since_ms == null || image.created_at >= filter.since_ms) &&
    (filter.until_ms == null || image.created_at < filter.until_ms)
  );
}

export class GalleryStore {
  // Raw: rows are replaced, never changed in place, and 10,000 deep
  // proxies would cost more than the rows themselves.
  images = $state.raw<GalleryImage[]>([]);
  filter = $state<GalleryFilter>({ ...NO_FILTER });
  facets = $state<GalleryFacets>({ models: [], families: [], kinds: [], tags: [], total: 0 });
  selected = new SvelteSet<number>();
  deleted = $state<GalleryImage | null>(null);
  notice = $state<AppError | null>(null);
  /** Every image under the filters is loaded. */
  complete = $state(false);
  private loading = false;
  /** Only the newest first-page request may replace the list. */
  private ticket = 0;

  /** The filter menus' choices are read once; later images update them in
   * `add` and `setTags`, so a filter change asks only for rows. */
  private facetsRead = false;

  async load(): Promise<void> {
    const ticket = ++this.ticket;
    try {
      const facets = this.facetsRead ? null : gallery.facets();
      const images = await gallery.list($state.snapshot(this.filter));
      if (facets) {
        this.facets = await facets;
        this.facetsRead = true;
      }
      if (ticket !== this.ticket) return;
      this.images = images;
      this.complete = images.length < 200;
    } catch (error) {
      this.notice = asAppError(error);
    }
  }

  /** The next 200, when the grid nears the end of what is loaded. */
  async more(): Promise<void> {
    if (this.loading || this.complete || this.images.length === 0) return;
    this.loading = true;
    const ticket = this.ticket;
    try {
      const older = await gallery.list($state.snapshot(this.filter), this.images[this.images.length - 1].id);
      if (ticket !== this.ticket) return;
      this.images = [...this.images, ...older];
      this.complete = older.length < 200;
    } catch (error) {
      this.notice = asAppError(error);
    } finally {
      this.loading = false;
    }
  }

  setFilter(change: Partial<GalleryFilter>): Promise<void> {
    this.filter = { ...this.filter, ...change };
    this.selected.clear();
    return this.load();
  }

  /** A new image: first in the grid if the filters show it. */
  add(image: GalleryImage): void {
    this.ticket++; // a list asked for before this image must not hide it
    if (matches(image, this.filter)) this.images = [image, ...this.images.filter((i) => i.id !== image.id)];
    this.facets = {
      models: this.facets.models.includes(image.model) ? this.facets.models : [...this.facets.models, image.model].sort(),
      families: this.facets.families.includes(image.family ?? "openai") ? this.facets.families : [...this.facets.families, image.family ?? "openai"].sort(),
      kinds: this.facets.kinds.includes(image.kind) ? this.facets.kinds : [...this.facets.kinds, image.kind],
      tags: this.facets.tags,
      total: this.facets.total + 1,
    };
  }

  replace(image: GalleryImage): GalleryImage {
    this.images = this.images.map((i) => (i.id === image.id ? image : i));
    return image;
  }

  async setFavourite(image: GalleryImage, favourite: boolean): Promise<GalleryImage> {
    return this.replace(await gallery.setFavourite(image.id, favourite));
  }

  /** A clip without a poster gets the frame the grid drew; failing that it keeps showing the clip. */
  async keepPoster(image: GalleryImage, frame: Blob): Promise<void> {
    try {
      this.replace(await gallery.keepPoster(image.id, frame));
    } catch {
      // Nothing lost: the card still shows the clip's first frame itself.
    }
  }

  async setTags(image: GalleryImage, tags: string[]): Promise<GalleryImage> {
    const updated = this.replace(await gallery.setTags(image.id, tags));
    if (updated.tags.some((t) => !this.facets.tags.includes(t))) this.facets = await gallery.facets();
    return updated;
  }

  async remove(image: GalleryImage): Promise<void> {
    try {
      this.deleted = await gallery.remove(image.id);
      this.images = this.images.filter((i) => i.id !== image.id);
      this.selected.delete(image.id);
    } catch (error) {
      this.notice = asAppError(error);
    }
  }

  async undoRemove(): Promise<void> {
    const image = this.deleted;
    if (!image) return;
    this.deleted = null;
    const back = await gallery.restore(image);
    this.images = [back, ...this.images].sort((a, b) => b.id - a.id);
  }

  toggle(id: number): void {
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
  }
}
