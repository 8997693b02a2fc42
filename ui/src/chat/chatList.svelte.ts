// The sidebar's chats: pinned ones, folders, and the rest, each shelf read
// a page at a time (100,000 chats never cross to the page at once), and the
// chats selected for moving, pinning or deleting together.
import { tick } from "svelte";
import { chat, folders as foldersIpc, type Conversation, type Folder, type FolderChats, type Shelf } from "../lib/ipc";

/** "pinned", "unfiled", or a folder's id. */
export type ShelfKey = "pinned" | "unfiled" | number;

export const shelfOf = (c: Conversation): ShelfKey => (c.pinned ? "pinned" : (c.folder_id ?? "unfiled"));

const toShelf = (key: ShelfKey): Shelf =>
  key === "pinned" ? { kind: "pinned" } : key === "unfiled" ? { kind: "unfiled" } : { kind: "folder", folder_id: key };

/** Newest first, as Rust pages them. */
const newestFirst = (a: Conversation, b: Conversation) => b.updated_at - a.updated_at || b.id - a.id;

const PAGE = 100;

/** One line of the sidebar, drawn by a virtual list: with 1,000 folders only
 * the lines near the viewport are in the DOM. `key` is unique across kinds. */
export type SidebarRow =
  | { kind: "heading"; key: number; shelf: "pinned" | "unfiled" }
  | { kind: "chat"; key: number; chat: Conversation }
  | { kind: "folder"; key: number; folder: Folder }
  | { kind: "more"; key: number; shelf: ShelfKey };

const chatRow = (chat: Conversation): SidebarRow => ({ kind: "chat", key: chat.id * 4, chat });

export class ChatList {
  /** Every chat read so far, newest first, whatever its shelf. */
  chats = $state<Conversation[]>([]);
  folders = $state<Folder[]>([]);
  /** Shelves with more chats than are read. */
  more = $state<ShelfKey[]>([]);
  /** Folders shown open. */
  expanded = $state<number[]>([]);
  selected = $state<number[]>([]);
  private ticket = 0;

  on(key: ShelfKey): Conversation[] {
    return this.chats.filter((c) => shelfOf(c) === key);
  }

  /** The chats in the order the sidebar shows them (for Ctrl+↑/↓ and Shift+click). */
  get visible(): Conversation[] {
    return [
      ...this.on("pinned"),
      ...this.folders.filter((f) => this.expanded.includes(f.id)).flatMap((f) => this.on(f.id)),
      ...this.on("unfiled"),
    ];
  }

  get rows(): SidebarRow[] {
    const rows: SidebarRow[] = [];
    const more = (shelf: ShelfKey, key: number) => {
      if (this.more.includes(shelf)) rows.push({ kind: "more", key, shelf });
    };
    const pinned = this.on("pinned");
    if (pinned.length > 0) {
      rows.push({ kind: "heading", key: -1, shelf: "pinned" }, ...pinned.map(chatRow));
      more("pinned", -2);
    }
    for (const folder of this.folders) {
      rows.push({ kind: "folder", key: folder.id * 4 + 1, folder });
      if (!this.expanded.includes(folder.id)) continue;
      rows.push(...this.on(folder.id).map(chatRow));
      more(folder.id, folder.id * 4 + 2);
    }
    if (this.folders.length > 0 || pinned.length > 0) rows.push({ kind: "heading", key: -3, shelf: "unfiled" });
    rows.push(...this.on("unfiled").map(chatRow));
    more("unfiled", -4);
    return rows;
  }

  /** Reads the sidebar again, with the first page of each open folder.
   * Only the newest of overlapping reads is used; `keep` stays listed even
   * when the read started before it was created. */
  async load(keep?: () => Conversation | undefined): Promise<void> {
    const ticket = ++this.ticket;
    const started = performance.now();
    const [sidebar, ...folderPages] = await Promise.all([
      chat.sidebar(),
      ...this.expanded.map((id) => chat.chatPage(toShelf(id), null, PAGE)),
    ]);
    if (ticket !== this.ticket) return;
    const expanded = this.expanded.filter((id) => sidebar.folders.some((f) => f.id === id));
    const pages = [sidebar.pinned, sidebar.unfiled, ...folderPages];
    const read = pages.flatMap((p) => p.chats);
    const open = keep?.();
    if (open && !read.some((c) => c.id === open.id)) read.push(open);
    this.folders = sidebar.folders;
    this.expanded = expanded;
    this.chats = read.sort(newestFirst);
    const keys: ShelfKey[] = ["pinned", "unfiled", ...this.expanded];
    this.more = keys.filter((_, i) => pages[i]?.has_more);
    // `make bench` reads this, for the page's first read only: from asking
    // Rust to the next painted frame.
    if (performance.getEntriesByName("sidebar-shown").length === 0)
      void tick().then(() =>
        requestAnimationFrame(() => setTimeout(() => performance.measure("sidebar-shown", { start: started }))),
      );
  }

  async loadMore(key: ShelfKey): Promise<void> {
    const last = this.on(key).at(-1);
    const page = await chat.chatPage(toShelf(key), last ? { updated_at: last.updated_at, id: last.id } : null, PAGE);
    this.add(page.chats);
    this.more = [...this.more.filter((k) => k !== key), ...(page.has_more ? [key] : [])];
  }

  async toggle(folderId: number): Promise<void> {
    if (this.expanded.includes(folderId)) {
      this.expanded = this.expanded.filter((id) => id !== folderId);
      return;
    }
    this.expanded = [...this.expanded, folderId];
    if (this.on(folderId).length === 0) await this.loadMore(folderId);
  }

  private add(read: Conversation[]): void {
    const fresh = read.filter((c) => !this.chats.some((k) => k.id === c.id));
    this.chats = [...this.chats, ...fresh].sort(newestFirst);
  }

  /** A chat changed or was made: in its place by its time. */
  put(changed: Conversation): void {
    this.chats = [...this.chats.filter((c) => c.id !== changed.id), changed].sort(newestFirst);
  }

  /** A chat was used just now: to the top of its shelf. */
  touch(id: number): void {
    const used = this.chats.find((c) => c.id === id);
    if (used) this.put({ ...used, updated_at: Math.max(Date.now(), used.updated_at + 1) });
  }

  forget(ids: number[]): void {
    this.chats = this.chats.filter((c) => !ids.includes(c.id));
    this.selected = this.selected.filter((id) => !ids.includes(id));
  }

  /** Ctrl+click adds or removes one; Shift+click takes the run from the last one picked. */
  pick(id: number, mode: "toggle" | "range"): void {
    const last = this.selected.at(-1);
    if (mode === "range" && last !== undefined) {
      const order = this.visible.map((c) => c.id);
      const [a, b] = [order.indexOf(last), order.indexOf(id)].sort((x, y) => x - y);
      if (a >= 0) {
        this.selected = [...this.selected, ...order.slice(a, b + 1).filter((s) => !this.selected.includes(s))];
        return;
      }
    }
    this.selected = this.selected.includes(id) ? this.selected.filter((s) => s !== id) : [...this.selected, id];
  }

  async createFolder(name: string): Promise<Folder> {
    const made = await foldersIpc.create(name);
    this.folders = [...this.folders, made].sort((a, b) => a.name.localeCompare(b.name));
    return made;
  }

  async renameFolder(id: number, name: string): Promise<void> {
    const renamed = await foldersIpc.rename(id, name);
    this.folders = this.folders.map((f) => (f.id === id ? renamed : f)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteFolder(id: number, chats: FolderChats, keep?: () => Conversation | undefined): Promise<void> {
    await foldersIpc.remove(id, chats);
    const inside = this.chats.filter((c) => c.folder_id === id).map((c) => c.id);
    if (chats === "delete") this.forget(inside);
    else this.changed(inside, { folder_id: null });
    await this.load(keep);
  }

  /** Counts change with moves and pins: the sidebar is read again. */
  /** `keep`: the open chat, which stays read wherever it goes. */
  async move(ids: number[], folder: number | null, keep?: () => Conversation | undefined): Promise<void> {
    await foldersIpc.move(ids, folder);
    this.changed(ids, { folder_id: folder });
    await this.load(keep);
  }

  async pin(ids: number[], pinned: boolean, keep?: () => Conversation | undefined): Promise<void> {
    await foldersIpc.pin(ids, pinned);
    this.changed(ids, { pinned });
    await this.load(keep);
  }

  private changed(ids: number[], change: Partial<Conversation>): void {
    this.selected = [];
    this.chats = this.chats.map((c) => (ids.includes(c.id) ? { ...c, ...change } : c));
  }
}
