// The only module that talks to Tauri. The rest of the UI imports from here,
// so page tests can swap this one module for a fake.
import { Channel, convertFileSrc } from "@tauri-apps/api/core";
import { takeStartupMarks } from "../startupMarks";
import {
  commands,
  events,
  type FilesDropped,
  type DocumentRef,
  type PreparedImage,
  type AppError,
  type Balance,
  type ServerDay,
  type ChatEvent,
  type CompareEvent,
  type Conversation,
  type ConversationSettings,
  type ExportFormat,
  type GalleryImage,
  type GenerateRequest,
  type ImageEvent,
  type ImportSummary,
  type MessagePage,
  type ModelCatalogue,
  type SearchHit,
  type Turn,
  type Settings,
  type UpdateInfo,
  type UsageSummary,
  type BudgetStatus,
  type ExportedImages,
  type GalleryFacets,
  type GalleryFilter,
  type Lineage,
  type DamagedDatabase,
  type ReplicateModel,
  type VideoModel,
  type SunoVersion,
  type Task,
  type TaskEvent,
  type TaskRequest,
  type Sidebar,
  type Shelf,
  type ChatCursor,
  type ChatPage,
  type Folder,
  type FolderChats,
  type ExportScope,
  type Prompt,
  type PromptDraft,
  type PreviewKind,
  type DiagramFormat,
  type Collection,
  type CollectionProgress,
} from "./bindings";

export type {
  Collection,
  CollectionFile,
  CollectionProgress,
  DiagramFormat,
  PreviewKind,
  Prompt,
  PromptDraft,
  PromptKind,
  Sidebar,
  Shelf,
  ChatCursor,
  ChatPage,
  Folder,
  FolderChats,
  ExportScope,
  AppError,
  DamagedDatabase,
  Balance,
  ChatEvent,
  CompareEvent,
  Conversation,
  ConversationSettings,
  ErrorCode,
  ExportFormat,
  ImportSummary,
  FilesDropped,
  DocumentRef,
  Source,
  DocumentKind,
  PreparedImage,
  FinishReason,
  Message,
  MessagePage,
  ModelCatalogue,
  ModelInfo,
  ModelKind,
  Price,
  ProxySetting,
  SearchHit,
  Settings,
  Theme,
  Language,
  Turn,
  UpdateInfo,
  UsageReport,
  UsageSummary,
  BudgetStatus,
  GroupUsage,
  DayModelCost,
  PriceOverride,
  ServerDay,
  GalleryImage,
  GenerateRequest,
  ImageEvent,
  Progress,
  ExportedImages,
  GalleryFacets,
  GalleryFilter,
  KeptImage,
  Lineage,
  BlendShape,
  BotType,
  Family,
  ModelParam,
  ParamKind,
  ReplicateModel,
  Speed,
  Task,
  TaskButton,
  TaskEvent,
  TaskOutput,
  TaskRequest,
  TaskStatus,
  JsonValue,
  VideoModel,
  SunoVersion,
  ImageInput,
  ExtendClip,
  MediaKind,
} from "./bindings";

/** A command's `{ code, message }` error, thrown so callers can use try/catch. */
export class IpcError extends Error {
  readonly code: AppError["code"];
  constructor(error: AppError) {
    super(error.message);
    this.code = error.code;
  }
}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (result.status === "error") throw new IpcError(result.error);
  return result.data;
}

export const account = {
  hasKey: (): Promise<boolean> => unwrap(commands.hasKey()),
  saveKey: (key: string): Promise<null> => unwrap(commands.saveKey(key)),
  deleteKey: (): Promise<null> => unwrap(commands.deleteKey()),
  balance: (): Promise<Balance> => unwrap(commands.getBalance()),
  /** CometAPI's own spend per day for a range (local `YYYY-MM-DD`). */
  dailySpend: (from: string, to: string): Promise<ServerDay[]> => unwrap(commands.serverDailySpend(from, to)),
};

/** A database file start-up could not read: kept aside, replaced only when the user says so. */
export const recovery = {
  damaged: (): Promise<DamagedDatabase | null> => commands.damagedDatabase(),
  startClean: (): Promise<null> => unwrap(commands.startClean()),
  quit: (): Promise<void> => commands.quitApp(),
};

export const models = {
  /** The cached catalogue; Rust refreshes it when a day old or when asked. */
  catalogue: (refresh = false): Promise<ModelCatalogue> => unwrap(commands.modelCatalogue(refresh)),
  setFavourite: (model: string, favourite: boolean): Promise<null> => unwrap(commands.setFavouriteModel(model, favourite)),
};

export const settings = {
  get: (): Promise<Settings> => unwrap(commands.getSettings()),
  update: (next: Settings): Promise<Settings> => unwrap(commands.updateSettings(next)),
};

export const chat = {
  /** The folders, and the first page of the pinned and the unfiled chats. */
  sidebar: (): Promise<Sidebar> => unwrap(commands.sidebar()),
  /** The next page of one shelf, below `after`. */
  chatPage: (shelf: Shelf, after: ChatCursor | null, limit: number): Promise<ChatPage> =>
    unwrap(commands.chatPage(shelf, after, limit)),
  conversation: (id: number): Promise<Conversation> => unwrap(commands.conversation(id)),
  createConversation: (model: string): Promise<Conversation> => unwrap(commands.createConversation(model)),
  renameConversation: (id: number, title: string): Promise<Conversation> =>
    unwrap(commands.renameConversation(id, title)),
  deleteConversation: (id: number): Promise<null> => unwrap(commands.deleteConversation(id)),
  setSettings: (id: number, next: ConversationSettings): Promise<Conversation> =>
    unwrap(commands.setConversationSettings(id, next)),
  /** The newest page of the shown branch, or the page above `before`. */
  listMessages: (conversationId: number, before: number | null = null): Promise<MessagePage> =>
    unwrap(commands.listMessages(conversationId, before)),
  selectBranch: (conversationId: number, messageId: number): Promise<MessagePage> =>
    unwrap(commands.selectBranch(conversationId, messageId)),
  deleteMessage: (conversationId: number, messageId: number): Promise<MessagePage> =>
    unwrap(commands.deleteMessage(conversationId, messageId)),
  /** Ask, regenerate or edit. Resolves when the answer ended; events arrive on `onEvent` meanwhile. */
  send: (conversationId: number, turn: Turn, model: string, onEvent: (event: ChatEvent) => void): Promise<null> => {
    const channel = new Channel<ChatEvent>();
    channel.onmessage = onEvent;
    return unwrap(commands.sendTurn(conversationId, turn, model, channel));
  },
  /** Two to four models answer one question; each event carries its lane. */
  compare: (conversationId: number, turn: Turn, models: string[], onEvent: (event: CompareEvent) => void): Promise<null> => {
    const channel = new Channel<CompareEvent>();
    channel.onmessage = onEvent;
    return unwrap(commands.compareModels(conversationId, turn, models, channel));
  },
  stop: (conversationId: number): Promise<boolean> => commands.stopAnswer(conversationId),
  /** In every chat, or only in `folder`'s. */
  search: (query: string, folder: number | null = null): Promise<SearchHit[]> => unwrap(commands.search(query, folder)),
};

/** Named sets of documents a chat searches (#17); folders and files are picked in the native dialog. */
export const collections = {
  list: (): Promise<Collection[]> => unwrap(commands.listCollections()),
  /** `null` when the folder dialog was cancelled. */
  createFromFolder: (): Promise<Collection | null> => unwrap(commands.createFolderCollection()),
  create: (name: string): Promise<Collection> => unwrap(commands.createCollection(name)),
  addFiles: (id: number) => unwrap(commands.addCollectionFiles(id)),
  /** Reads what changed and embeds what is new; resolves when done or paused. */
  read: (id: number, onProgress: (progress: CollectionProgress) => void): Promise<Collection> => {
    const channel = new Channel<CollectionProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.readCollection(id, channel));
  },
  pause: (id: number): Promise<void> => commands.pauseCollection(id),
  files: (id: number) => unwrap(commands.collectionFiles(id)),
  removeFiles: (id: number, files: number[]) => unwrap(commands.removeCollectionFiles(id, files)),
  rename: (id: number, name: string) => unwrap(commands.renameCollection(id, name)),
  setModel: (id: number, model: string) => unwrap(commands.setCollectionModel(id, model)),
  delete: (id: number) => unwrap(commands.deleteCollection(id)),
  ofChat: (conversationId: number) => unwrap(commands.chatCollection(conversationId)),
  setOfChat: (conversationId: number, collectionId: number | null) => unwrap(commands.setChatCollection(conversationId, collectionId)),
};

export const folders = {
  create: (name: string): Promise<Folder> => unwrap(commands.createFolder(name)),
  rename: (id: number, name: string): Promise<Folder> => unwrap(commands.renameFolder(id, name)),
  remove: (id: number, chats: FolderChats): Promise<null> => unwrap(commands.deleteFolder(id, chats)),
  /** Into `folder`, or out of any with null. */
  move: (ids: number[], folder: number | null): Promise<null> => unwrap(commands.moveConversations(ids, folder)),
  pin: (ids: number[], pinned: boolean): Promise<null> => unwrap(commands.pinConversations(ids, pinned)),
  deleteChats: (ids: number[]): Promise<null> => unwrap(commands.deleteConversations(ids)),
};

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const documents = {
  /** The native file dialog offering pictures and documents (the chat). */
  pick: (): Promise<FilesDropped> => unwrap(commands.pickAttachments(true)),
  /** A pasted file that is not a picture: Rust reads it by its name. */
  paste: async (file: File): Promise<DocumentRef> =>
    unwrap(commands.attachDocumentData(file.name, await base64Of(file))),
  /** The text read out of a document, as the model is sent it. */
  text: (id: number): Promise<string> => unwrap(commands.documentText(id)),
};

export const images = {
  /** The native file dialog (Rust reads the files). */
  pick: (): Promise<FilesDropped> => unwrap(commands.pickAttachments(false)),
  /** A pasted image: its bytes go to Rust, which checks and stores them. */
  paste: async (blob: Blob): Promise<PreparedImage> => unwrap(commands.attachImageData(await base64Of(blob))),
  /** Files dropped on the window; returns the unsubscribe function. */
  onDropped: (handler: (dropped: FilesDropped) => void): Promise<() => void> =>
    events.filesDropped.listen((event) => handler(event.payload)),
  /** Where the page loads a stored image from. */
  url: (file: string): string => convertFileSrc(file, "comet-image"),
  /** Asks once where clips and songs play from (see `mediaUrl`). */
  loadMedia: async (): Promise<void> => {
    mediaAddress ??= await commands.mediaAddress();
  },
  /** Where a clip or song plays from: the app's loopback media server, as
   * WebKitGTK's player cannot read the app's own scheme. Call `loadMedia` first. */
  mediaUrl: (file: string): string => (mediaAddress ? `${mediaAddress}/${file}` : convertFileSrc(file, "comet-image")),
};
let mediaAddress: string | null = null;

export const studio = {
  /** Resolves when the generation ended; progress and images arrive on `onEvent`. */
  generate: (request: GenerateRequest, onEvent: (event: ImageEvent) => void): Promise<null> => {
    const channel = new Channel<ImageEvent>();
    channel.onmessage = onEvent;
    return unwrap(commands.generateImage(request, channel));
  },
  cancel: (generationId: number): Promise<boolean> => commands.cancelGeneration(generationId),
};

/** Long-running jobs (Midjourney, Flux): every change arrives on `watch`. */
export const tasks = {
  submit: (request: TaskRequest): Promise<Task> => unwrap(commands.submitTask(request)),
  /** One of a finished task's buttons: a new task linked to it. */
  press: (taskId: number, customId: string): Promise<Task> => unwrap(commands.pressTaskButton(taskId, customId)),
  /** The prompt (and mask, a stored picture) a Midjourney dialog waits for. */
  continueModal: (taskId: number, prompt: string, mask: string | null): Promise<Task> =>
    unwrap(commands.continueTaskModal(taskId, prompt, mask)),
  check: (taskId: number): Promise<Task> => unwrap(commands.checkTask(taskId)),
  stopWatching: (taskId: number): Promise<Task> => unwrap(commands.stopWatchingTask(taskId)),
  list: (openOnly: boolean, limit: number): Promise<Task[]> => unwrap(commands.listTasks(openOnly, limit)),
  split: (taskId: number): Promise<GalleryImage[]> => unwrap(commands.splitTaskGrid(taskId)),
  replicateModels: (): Promise<ReplicateModel[]> => commands.replicateModels(),
  /** The video models and the options each takes. */
  videoModels: (): Promise<VideoModel[]> => commands.videoModels(),
  /** Suno's model versions and their limits. */
  sunoVersions: (): Promise<SunoVersion[]> => commands.sunoVersions(),
  /** Calls `onEvent` for every change to any task from now on. */
  watch: (onEvent: (event: TaskEvent) => void): void => {
    const channel = new Channel<TaskEvent>();
    channel.onmessage = onEvent;
    void commands.watchTasks(channel);
  },
};

export const gallery = {
  /** Newest first, 200 at a time; `before` (an id) pages back. */
  list: (filter: GalleryFilter, before: number | null = null): Promise<GalleryImage[]> =>
    unwrap(commands.listImages(filter, before)),
  /** The models and tags there are to filter by, and the count. */
  facets: (): Promise<GalleryFacets> => unwrap(commands.galleryFacets()),
  lineage: (id: number): Promise<Lineage> => unwrap(commands.imageLineage(id)),
  setTags: (id: number, tags: string[]): Promise<GalleryImage> => unwrap(commands.setImageTags(id, tags)),
  setFavourite: (id: number, favourite: boolean): Promise<GalleryImage> => unwrap(commands.setImageFavourite(id, favourite)),
  /** Resolves to the deleted image, for Undo. */
  remove: (id: number): Promise<GalleryImage> => unwrap(commands.deleteImage(id)),
  restore: (image: GalleryImage): Promise<GalleryImage> => unwrap(commands.restoreImage(image)),
  /** Into the images folder (Settings), with its sidecar JSON. */
  save: (id: number): Promise<ExportedImages> => unwrap(commands.saveImage(id)),
  /** Rust asks where to save a copy; resolves to the path, or null if cancelled. */
  saveAs: (id: number): Promise<string | null> => unwrap(commands.saveImageAs(id)),
  /** Rust asks for a folder; null if cancelled. */
  exportMany: (ids: number[]): Promise<ExportedImages | null> => unwrap(commands.exportGalleryImages(ids)),
  copy: (id: number): Promise<null> => unwrap(commands.copyImage(id)),
  /** A clip's first frame, drawn by the page, kept as its poster if it has none. */
  keepPoster: async (id: number, frame: Blob): Promise<GalleryImage> => unwrap(commands.keepVideoPoster(id, await base64Of(frame))),
  reveal: (path: string): Promise<null> => unwrap(commands.revealFile(path)),
};

export const previews = {
  /** The URL of a sandboxed frame showing `source` (served by Rust under its own CSP). */
  open: async (source: string, kind: PreviewKind): Promise<string> =>
    convertFileSrc(await unwrap(commands.openPreview(source, kind)), "comet-preview"),
};

export const diagrams = {
  /** Rust asks where to save the SVG text or the PNG (base64); the path, or null if cancelled. */
  saveAs: (format: DiagramFormat, data: string): Promise<string | null> => unwrap(commands.saveDiagramAs(format, data)),
};

export const prompts = {
  list: (): Promise<Prompt[]> => unwrap(commands.listPrompts()),
  /** A new prompt when `draft.id` is null, else an edit of that one. */
  save: (draft: PromptDraft): Promise<Prompt> => unwrap(commands.savePrompt(draft)),
  remove: (id: number): Promise<null> => unwrap(commands.deletePrompt(id)),
  /** Rust asks where to save; the path, or null if cancelled. */
  exportFile: (): Promise<string | null> => unwrap(commands.exportPrompts()),
  /** Rust asks for a file; how many prompts came, or null if cancelled. */
  importFile: (): Promise<number | null> => unwrap(commands.importPrompts()),
};

export const transfer = {
  /** Rust asks where to save; resolves to the path, or null if cancelled. */
  exportChats: (scope: ExportScope, format: ExportFormat, suggestedName: string): Promise<string | null> =>
    unwrap(commands.exportChats(scope, format, suggestedName)),
  /** Rust asks for a backup file; null if cancelled. */
  importChats: (): Promise<ImportSummary | null> => unwrap(commands.importChats()),
};

export const usage = {
  /** Local days `YYYY-MM-DD`, both included. */
  report: (from: string, to: string): Promise<UsageSummary> => unwrap(commands.usageReport(from, to)),
  budget: (monthStart: string): Promise<BudgetStatus> => unwrap(commands.budgetStatus(monthStart)),
  /** Rust asks where to save; resolves to the path, or null if cancelled. */
  exportCsv: (from: string, to: string): Promise<string | null> => unwrap(commands.exportUsageCsv(from, to)),
};

export const updates = {
  check: (): Promise<UpdateInfo | null> => unwrap(commands.checkUpdate()),
  /** Downloads, verifies and installs, then restarts the app. */
  install: (): Promise<null> => unwrap(commands.installUpdate()),
};

/** Opens a web or e-mail link in the system browser (Rust checks the scheme). */
export const openLink = (url: string): Promise<null> => unwrap(commands.openLink(url));

/** Tells Rust which screen was painted first, with the page's marks, for the
 * start-up figure and timeline. */
export function reportFirstPaint(screen: string): void {
  const marks = takeStartupMarks();
  if (!marks) return;
  requestAnimationFrame(() => requestAnimationFrame(() => void commands.firstPaint(screen, marks)));
}

