// Runs in the page before the app (Playwright's addInitScript): stands in
// for Tauri's IPC with a scripted backend: a chat of 10,000 messages, and
// an answer of `?tokens=` tokens (50,000 by default) streamed the way Rust
// sends it, about 30 updates a second.
(() => {
  const params = new URLSearchParams(location.search);
  const TOKENS = Number(params.get("tokens") ?? 50000);
  const PER_DELTA = Number(params.get("perDelta") ?? 200);
  const HISTORY = 10000;
  const noSettings = { system_prompt: null, temperature: null, max_tokens: null };
  const conversations = [
    { id: 2, title: "Streaming", model: "gpt-4o-mini", created_at: 0, updated_at: 2, settings: noSettings, folder_id: null, pinned: false },
    { id: 1, title: "Ten thousand messages", model: "gpt-4o-mini", created_at: 0, updated_at: 1, settings: noSettings, folder_id: null, pinned: false },
  ];
  const message = (id, conversation_id, role, content, parent_id) => ({
    id, conversation_id, role, content, parent_id,
    model: role === "assistant" ? "gpt-4o-mini" : null,
    finish_reason: role === "assistant" ? "stop" : null,
    error: null, created_at: id, siblings: [id], usage: null, attachments: [], kept_images: [], documents: [], sources: [],
  });
  const answerText = (i) =>
    `## Answer ${i}\n\nA **careful** reply:\n\n- first point about ${i}\n- second point\n\n` +
    "Some explanation that runs over a few lines of text. ".repeat(6) +
    (i % 20 === 1 ? "\n\n```rust\nfn handle(input: &str) -> Result<(), Error> {\n    parse(input)?;\n    Ok(())\n}\n```\n" : "");
  const history = [];
  for (let i = 1; i <= HISTORY; i++) {
    history.push(message(i, 1, i % 2 ? "user" : "assistant", i % 2 ? `Question ${i}: how about case ${i}?` : answerText(i), i > 1 ? i - 1 : null));
  }
  const streamed = [];
  let nextId = HISTORY + 1;

  function page(conversationId, before) {
    const list = conversationId === 1 ? history : streamed;
    const end = before ? list.findIndex((m) => m.id === before) : list.length;
    const start = Math.max(0, end - 100);
    return { messages: list.slice(start, end), has_more: start > 0 };
  }

  /** Token n of the long answer: words, a paragraph break every 50, code every 1,000. */
  function token(n) {
    if (n % 1000 === 999) return "\n\n```js\nconst total = items.reduce((sum, item) => sum + item.price, 0);\nconsole.log(total);\n```\n\n";
    if (n % 50 === 49) return ".\n\n";
    return ` w${n}`;
  }

  const callbacks = new Map();
  let nextCallback = 1;
  const internals = {
    callbacks,
    transformCallback(callback) {
      const id = nextCallback++;
      callbacks.set(id, callback);
      return id;
    },
    unregisterCallback: (id) => callbacks.delete(id),
    runCallback: (id, data) => callbacks.get(id)?.(data),
    convertFileSrc: (path, protocol) => `${protocol}://localhost/${path}`,
    metadata: { currentWindow: { label: "main" }, currentWebview: { label: "main", windowLabel: "main" } },
    invoke: async (cmd, args) => backend(cmd, args ?? {}),
  };
  window.__TAURI_INTERNALS__ = internals;
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: () => {} };
  window.__fakeStream = { done: false, text: "" };

  function stream(args) {
    const channel = args.onEvent.id;
    let index = 0;
    const emit = (event) => internals.runCallback(channel, { message: event, index: index++ });
    const user = message(nextId++, 2, "user", args.turn.content, streamed.at(-1)?.id ?? null);
    const answer = { ...message(nextId++, 2, "assistant", "", user.id), finish_reason: null };
    streamed.push(user, answer);
    emit({ type: "started", user_message: user, answer });
    return new Promise((resolve) => {
      let produced = 0;
      let text = "";
      const timer = setInterval(() => {
        let chunk = "";
        for (let i = 0; i < PER_DELTA && produced < TOKENS; i++) chunk += token(produced++);
        text += chunk;
        emit({ type: "delta", text: chunk });
        if (produced >= TOKENS) {
          clearInterval(timer);
          const done = { ...answer, content: text, finish_reason: "stop" };
          streamed[streamed.length - 1] = done;
          emit({ type: "done", message: done });
          window.__fakeStream = { done: true, text };
          resolve(null);
        }
      }, 33);
    });
  }

  function backend(cmd, args) {
    switch (cmd) {
      case "get_settings":
        return {
          base_url: "https://api.cometapi.com", balance_url: "https://query.cometapi.com", proxy: { kind: "system" },
          theme: "light", language: "en", default_model: "gpt-4o-mini", check_updates: false,
          chat_defaults: noSettings, prompt_presets: [], title_model: "",
        };
      case "has_key":
        return true;
      case "sidebar":
        return { folders: [], pinned: { chats: [], has_more: false }, unfiled: { chats: conversations, has_more: false } };
      case "list_messages":
        return page(args.conversationId, args.before ?? null);
      case "model_catalogue":
        return { models: [{ id: "gpt-4o-mini", provider: "OpenAI", kinds: ["chat", "vision"], price: null, available: true, favourite: false }], recent: [], fetched_at: 1, refresh_error: null };
      case "get_balance":
        return { username: "bench", remaining_usd: 10, used_usd: 1, request_count: 3, keys: [] };
      case "send_turn":
        return stream(args);
      case "stop_answer":
        return true;
      case "list_tasks":
      case "list_collections":
        return [];
      default:
        return null;
    }
  }
})();
