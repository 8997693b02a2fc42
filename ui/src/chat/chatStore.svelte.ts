// The chat screen's state and the actions on it. Talks to Rust only
// through the ipc module; the streaming logic itself is in answerState.
import {
  chat,
  folders as foldersIpc,
  models as modelsIpc,
  type AppError,
  type Conversation,
  type ConversationSettings,
  type FolderChats,
  type MessagePage,
  type PreparedImage,
  type DocumentRef,
  type ModelCatalogue,
  type Turn,
} from "../lib/ipc";
import { markStartup } from "../lib/startupMarks";
import { asAppError } from "../lib/appError";
import { applyEvent, idle, type StreamState } from "./answerState";
import { type CompareState } from "./compareState";
import { runComparison } from "./comparison";
import { ChatList } from "./chatList.svelte";

export class ChatStore {
  /** The sidebar's shelves; `conversations` is every chat read so far. */
  readonly list = new ChatList();
  currentId = $state<number | null>(null);
  view = $state<StreamState>(idle([]));
  /** Conversations with an answer streaming right now. */
  streaming = $state<number[]>([]);
  catalogue = $state<ModelCatalogue>({ models: [], recent: [], fetched_at: null, refresh_error: null });
  model = $state("gpt-4o-mini");
  /** A message to scroll to and flash once it is on screen (from search). */
  focusMessageId = $state<number | null>(null);
  /** An error that happened before anything was stored (the composer keeps its text). */
  notice = $state<AppError | null>(null);
  /** Models answering beside the chosen one when comparing (up to three). */
  compareWith = $state<string[]>([]);
  /** The comparison on screen, while one is. */
  comparison = $state<CompareState | null>(null);
  /** Images waiting to go with the next question. */
  pendingImages = $state<PreparedImage[]>([]);
  /** Documents waiting to go with the next question. */
  pendingDocuments = $state<DocumentRef[]>([]);
  /** Older messages of the shown branch exist above the first one loaded. */
  hasMore = $state(false);
  private loadingOlder = false;

  constructor(defaultModel: string) {
    this.model = defaultModel;
  }

  get conversations(): Conversation[] {
    return this.list.chats;
  }

  set conversations(next: Conversation[]) {
    this.list.chats = next;
  }

  get current(): Conversation | undefined {
    return this.conversations.find((c) => c.id === this.currentId);
  }

  get isStreaming(): boolean {
    return this.currentId !== null && this.streaming.includes(this.currentId);
  }

  async load(): Promise<void> {
    try {
      // The chat screen is usable while the list is on its way: the newest
      // chat is opened only when the user has not opened or started one.
      await this.refreshConversations();
      markStartup("chat_list");
      const newest = this.list.visible[0];
      if (this.currentId === null && newest) await this.select(newest.id);
      markStartup("open_chat");
    } catch (error) {
      this.notice = asAppError(error);
    }
    void this.loadModels();
  }

  /** The catalogue for the picker; `refresh` asks CometAPI again now. */
  async loadModels(refresh = false): Promise<void> {
    try {
      this.catalogue = await modelsIpc.catalogue(refresh);
    } catch (error) {
      // The picker still offers the current model; chat shows any real error.
      this.catalogue = { ...this.catalogue, refresh_error: asAppError(error) };
    }
  }

  async setFavourite(model: string, favourite: boolean): Promise<void> {
    await modelsIpc.setFavourite(model, favourite);
    this.catalogue = {
      ...this.catalogue,
      models: this.catalogue.models.map((m) => (m.id === model ? { ...m, favourite } : m)),
    };
  }

  async select(id: number): Promise<void> {
    this.currentId = id;
    if (!this.streaming.includes(id)) this.comparison = null;
    this.notice = null;
    const page = await chat.listMessages(id);
    if (this.currentId !== id) return;
    const live = this.streaming.includes(id) ? page.messages.findLast((m) => m.role === "assistant") : undefined;
    this.view = { ...idle(page.messages), answerId: live?.id ?? null };
    this.hasMore = page.has_more;
    const conversation = this.current ?? (await this.reveal(id));
    if (conversation && this.currentId === id) this.model = conversation.model;
  }

  /** A chat not read yet (a search hit in a closed folder): read it, and
   * open its folder so it shows where it is. */
  private async reveal(id: number): Promise<Conversation | undefined> {
    const found = await chat.conversation(id);
    this.list.put(found);
    if (found.folder_id !== null && !found.pinned && !this.list.expanded.includes(found.folder_id))
      await this.list.toggle(found.folder_id);
    return found;
  }

  /** Loads the page above the first message shown (on scrolling up). */
  async loadOlder(): Promise<boolean> {
    const id = this.currentId;
    const first = this.view.messages[0];
    if (id === null || !first || !this.hasMore || this.loadingOlder) return false;
    this.loadingOlder = true;
    try {
      const page = await chat.listMessages(id, first.id);
      if (this.currentId !== id || this.view.messages[0]?.id !== first.id) return false;
      this.view = { ...this.view, messages: [...page.messages, ...this.view.messages] };
      this.hasMore = page.has_more;
      return true;
    } finally {
      this.loadingOlder = false;
    }
  }

  /** Shows another version of a message (◀ ▶). */
  async showVersion(messageId: number): Promise<void> {
    await this.replacePage((id) => chat.selectBranch(id, messageId));
  }

  async deleteMessage(messageId: number): Promise<void> {
    await this.replacePage((id) => chat.deleteMessage(id, messageId));
  }

  async saveSettings(next: ConversationSettings): Promise<void> {
    if (this.currentId === null) await this.newConversation();
    const id = this.currentId;
    if (id === null) return;
    const saved = await chat.setSettings(id, next);
    this.conversations = this.conversations.map((c) => (c.id === id ? saved : c));
  }

  private async replacePage(load: (conversationId: number) => Promise<MessagePage>): Promise<void> {
    const id = this.currentId;
    if (id === null) return;
    this.notice = null;
    try {
      const page = await load(id);
      if (this.currentId !== id) return;
      this.view = idle(page.messages);
      this.hasMore = page.has_more;
    } catch (error) {
      this.notice = asAppError(error);
    }
  }

  /** Opens the conversation holding a search hit and points at the message. */
  async open(conversationId: number, messageId: number | null): Promise<void> {
    await this.select(conversationId);
    // A hit far back in a long chat: load pages until it is there.
    while (messageId !== null && !this.view.messages.some((m) => m.id === messageId) && (await this.loadOlder()));
    this.focusMessageId = messageId;
  }

  async newConversation(): Promise<void> {
    const created = await chat.createConversation(this.model);
    this.list.put(created);
    await this.select(created.id);
  }

  async rename(id: number, title: string): Promise<void> {
    const renamed = await chat.renameConversation(id, title);
    this.conversations = this.conversations.map((c) => (c.id === id ? renamed : c));
  }

  async remove(id: number): Promise<void> {
    await chat.deleteConversation(id);
    await this.forget([id]);
  }

  /** With "delete", the open chat goes too when it was in the folder. */
  async deleteFolder(id: number, chats: FolderChats): Promise<void> {
    const open = this.current;
    await this.list.deleteFolder(id, chats, () => this.current);
    if (chats === "delete" && open?.folder_id === id) await this.forget([open.id]);
  }

  /** The selected chats, deleted together. */
  async removeSelected(): Promise<void> {
    const ids = this.list.selected;
    await foldersIpc.deleteChats(ids);
    await this.forget(ids);
    await this.list.load(() => this.current);
  }

  private async forget(ids: number[]): Promise<void> {
    this.list.forget(ids);
    if (this.currentId !== null && ids.includes(this.currentId)) {
      this.currentId = null;
      this.view = idle([]);
      const next = this.list.visible[0];
      if (next) await this.select(next.id);
    }
  }

  /** Sends `text`; `onStored` runs once Rust has stored it, so the composer may clear. */
  async send(text: string, onStored: () => void): Promise<void> {
    if (this.compareWith.length > 0) return this.compare(text, onStored);
    const images = this.pendingImages;
    const docs = this.pendingDocuments;
    const turn = { kind: "ask" as const, content: text, attachments: images.map((i) => i.file), documents: docs.map((d) => d.id) };
    await this.run(turn, () => {
      // Only what went: any added meanwhile stays for the next one.
      this.pendingImages = this.pendingImages.filter((i) => !images.includes(i));
      this.pendingDocuments = this.pendingDocuments.filter((d) => !docs.includes(d));
      onStored();
    });
  }

  /** The question goes to the chosen model and each `compareWith` model. */
  private compare(text: string, onStored: () => void): Promise<void> {
    return runComparison(this, text, onStored);
  }

  /** Keeps one answer of the comparison as the chat's; the others stay as versions. */
  async keep(answerId: number): Promise<void> {
    this.comparison = null;
    await this.showVersion(answerId);
  }

  addImages(added: PreparedImage[]): void {
    const fresh = added.filter((i) => !this.pendingImages.some((p) => p.file === i.file));
    this.pendingImages = [...this.pendingImages, ...fresh];
  }

  removeImage(file: string): void {
    this.pendingImages = this.pendingImages.filter((i) => i.file !== file);
  }

  addDocuments(added: DocumentRef[]): void {
    const fresh = added.filter((d) => !this.pendingDocuments.some((p) => p.id === d.id));
    this.pendingDocuments = [...this.pendingDocuments, ...fresh];
  }

  removeDocument(id: number): void {
    this.pendingDocuments = this.pendingDocuments.filter((d) => d.id !== id);
  }

  /** Whether the chosen model is known to read images (unknown: assume yes). */
  get modelSeesImages(): boolean {
    const info = this.catalogue.models.find((m) => m.id === this.model);
    return !info || info.kinds.includes("vision") || info.kinds.includes("image");
  }

  /** Asks for another answer; the current one stays as a version. */
  async regenerate(answerId: number): Promise<void> {
    await this.run({ kind: "regenerate", answer_id: answerId }, () => {});
  }

  /** Regenerates the last answer shown (Mod+Shift+R). */
  async regenerateLast(): Promise<void> {
    const last = this.view.messages.findLast((m) => m.role === "assistant");
    if (last && !this.isStreaming) await this.regenerate(last.id);
  }

  /** Opens the chat above or below the current one in the sidebar. */
  async selectNeighbour(step: 1 | -1): Promise<void> {
    const order = this.list.visible;
    if (order.length === 0) return;
    const index = order.findIndex((c) => c.id === this.currentId);
    const next = Math.min(Math.max(index + step, 0), order.length - 1);
    if (next !== index) await this.select(order[next].id);
  }

  /** Asks an edited question; the old one and its answers stay as a version. */
  async edit(messageId: number, text: string, onStored: () => void): Promise<void> {
    await this.run({ kind: "edit", message_id: messageId, content: text }, onStored);
  }

  private async run(turn: Turn, onStored: () => void): Promise<void> {
    this.notice = null;
    if (this.currentId === null) await this.newConversation();
    const id = this.currentId;
    if (id === null || this.streaming.includes(id)) return;
    this.streaming = [...this.streaming, id];
    // After `done`, this chat may already be streaming its next answer:
    // only a run that never saw its end clears the flag at the end.
    let ended = false;
    try {
      await chat.send(id, turn, this.model, (event) => {
        if (event.type === "started") {
          onStored();
          this.list.touch(id);
        }
        // The chat is free once its answer ends, even while a title is found.
        if (event.type === "done" || event.type === "error") {
          ended = true;
          this.streaming = this.streaming.filter((s) => s !== id);
        }
        if (event.type === "titled") {
          const named = event.conversation;
          this.conversations = this.conversations.map((c) => (c.id === named.id ? named : c));
        }
        if (this.currentId === id) this.view = applyEvent(this.view, event);
      });
    } catch (error) {
      if (this.currentId === id) {
        this.notice = asAppError(error);
        // Refused while reading its documents: nothing was written.
        this.view = { ...this.view, reading: null };
      }
    } finally {
      if (!ended) this.streaming = this.streaming.filter((s) => s !== id);
    }
  }

  async stop(): Promise<void> {
    if (this.currentId !== null) await chat.stop(this.currentId);
  }

  /** Reads the sidebar again; the open chat stays listed even when the
   * read started before it was created (a chat started while the list was
   * on its way). */
  async refreshConversations(): Promise<void> {
    await this.list.load(() => this.current);
  }
}
