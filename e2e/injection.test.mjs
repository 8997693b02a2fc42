// Injection suite in the real window: 100 payloads (e2e/payloads.mjs) in
// prompts, answers, a chat title, a model name (fake-comet lists one),
// search snippets, an image's prompt and its tags, a Midjourney prompt,
// its buttons' labels and emoji, and describe's prompts. None may run: each
// would push its number to `window.__pwned`, and every IPC call the page
// makes is watched (one payload tries `delete_key`). Then an answer's HTML
// preview, whose script runs in its sandboxed frame, tries Tauri's
// internals, a fetch to a canary server, localStorage and the parent page:
// it reaches none of them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { ENTER, Session, startRig } from "./webdriver.mjs";
import { payloads } from "./payloads.mjs";

let rig;
before(async () => {
  rig = await startRig({ chunkMs: 0, env: { COMET_DESK_TASK_POLL_MS: "250" } });
});
after(() => rig?.stop());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Tauri's invoke cannot be replaced (a read-only property), so the watch
// sits on the transport under it: fetch to the ipc:// scheme, or the
// webview's postMessage where that is used.
const WATCH = `
  window.__pwned = [];
  window.__ipc = [];
  if (!window.__ipcWatched) {
    window.__ipcWatched = true;
    const fetch0 = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = String(input && input.url ? input.url : input);
      if (/^ipc:|^http:\\/\\/ipc\\.localhost/.test(url)) window.__ipc.push(decodeURIComponent(url.split("/").pop()));
      return fetch0(input, init);
    };
    if (window.ipc && window.ipc.postMessage) {
      const post = window.ipc.postMessage.bind(window.ipc);
      try { window.ipc.postMessage = (m) => { window.__ipc.push(String(m).slice(0, 40)); return post(m); }; } catch {}
    }
  }`;

async function ready(app) {
  for (let i = 0; i < 200; i++) {
    if ((await app.findAll(".composer-input")).length > 0) return;
    const key = await app.findAll("#api-key");
    if (key.length > 0) {
      await app.type(key[0], "sk-injection-test");
      await app.click(await app.find(".key-form button[type=submit]"));
    }
    await sleep(100);
  }
  throw new Error("the chat screen never came");
}

test("100 payloads in prompts, answers, titles, model names, search and image metadata: none runs, none reaches IPC", { timeout: 240000 }, async () => {
  const app = await Session.start();
  try {
    await ready(app);
    await app.execute(WATCH);
    await app.click(await app.find(".new-chat"));
    // Five questions of 20 payloads each; fake-comet's answer repeats them.
    for (let part = 0; part < 5; part++) {
      const text = payloads.slice(part * 20, part * 20 + 20).join("\n\n");
      await app.execute("const box = document.querySelector('.composer-input'); box.value = arguments[0]; box.dispatchEvent(new Event('input', { bubbles: true }));", [text]);
      await app.type(await app.find(".composer-input"), ENTER);
      await app.waitFor(`.message.assistant[data-finish=stop]`, (t) => t.includes("You said"));
      for (let i = 0; i < 100 && (await app.findAll(".message.assistant")).length < part + 1; i++) await sleep(50);
    }
    assert.equal((await app.findAll(".message.assistant[data-finish=stop]")).length, 5, "every answer rendered");
    // The title (made from the first question) is in the sidebar by now.
    await app.waitFor(".conversation-title", (t) => t.includes("About <img"));
    // The model list holds a name made of markup.
    await app.click(await app.find(".model-button"));
    await app.waitFor(".model-menu");
    await app.type(await app.find(".model-menu input"), "\uE00C");
    // Search shows snippets of the payloads.
    await app.type(await app.find(".composer-input"), "\uE009k");
    await app.type(await app.waitFor(".search-input"), "onerror");
    await app.waitFor(".search-hit, .search-result, [data-hit]", () => true).catch(() => {});
    await sleep(500);
    await app.type(await app.find(".search-input"), "\uE00C");
    // An image whose prompt and tags are payloads, shown in the gallery and viewer.
    await app.click(await app.find("[data-action=images]"));
    // The Images view is its own chunk: it is there a moment after the click.
    await app.waitFor(".image-prompt");
    await app.execute("const box = document.querySelector('.image-prompt'); box.value = arguments[0]; box.dispatchEvent(new Event('input', { bubbles: true }));", [payloads.slice(0, 10).join(" ")]);
    await app.click(await app.find(".image-model option[value='gpt-image-1']"));
    await app.click(await app.find(".generate-button"));
    await app.click(await app.waitFor(".gallery-item"));
    const tags = await app.waitFor(".tag-editor input");
    await app.execute("const field = document.querySelector('.tag-editor input'); field.value = arguments[0]; field.dispatchEvent(new Event('input', { bubbles: true }));", [payloads.slice(10, 20).join(", ")]);
    await app.type(tags, ENTER);
    await sleep(1500);
    await app.execute("document.querySelector('.overlay')?.remove()");
    // Midjourney: payloads in the prompt, in the buttons' labels and emoji
    // (fake-comet's [[evil-buttons]]) and in describe's prompts.
    await app.click(await app.find("[data-family=midjourney]"));
    await app.execute("const box = document.querySelector('.mj-prompt'); box.value = arguments[0]; box.dispatchEvent(new Event('input', { bubbles: true }));",
      [`${payloads.slice(20, 30).join(" ")} [[evil-buttons]] [[seconds:0.5]]`]);
    await app.click(await app.find(".mj-start"));
    await app.waitFor(".task-card[data-status=succeeded] .task-button", () => true, 30000);
    await app.click(await app.find("[data-action=select-images]"));
    await app.click(await app.waitFor(".gallery-item"));
    await app.click(await app.find("[data-mode=describe]"));
    await app.click(await app.waitFor("[data-action=use-selection]"));
    await app.click(await app.find(".mj-start"));
    await app.waitFor(".task-card[data-operation=describe] .task-prompts li", () => true, 30000);
    await app.click(await app.find("[data-action=open-queue]"));
    await sleep(500);
    await app.screenshot("20-injection");
    const escapes = await previewEscapes(app);

    const ran = await app.execute("return window.__pwned;");
    const ipc = await app.execute("return window.__ipc;");
    const handlers = await app.execute(`
      return [...document.querySelectorAll(".message *, .conversation-title, .model-menu *, .image-viewer *, .task-card *, .queue-panel *")]
        .flatMap((el) => [...el.attributes]
          .filter((a) => /^on/i.test(a.name) || (/^(href|src|action|formaction|xlink:href|data|background|poster|srcset|srcdoc)$/i.test(a.name) && /^\\s*(javascript|data:text)/i.test(a.value)))
          .map((a) => el.tagName + " " + a.name));`);
    console.log(`injection: ${payloads.length} payloads shown and ${escapes} escapes tried from a preview, ${ran.length} ran, ${ipc.length} IPC calls (${[...new Set(ipc)].join(", ")}), ${handlers.length} handler attributes in the DOM`);
    assert.deepEqual(ran, [], "no payload ran");
    assert.ok(ipc.length > 0, "the watch sees the app's own calls");
    assert.ok(!ipc.some((c) => /delete_key/.test(c)), "no payload reached IPC");
    assert.deepEqual(handlers, [], "no event handler or javascript: URL reached the DOM");
  } finally {
    await app.quit();
  }
});

/** Sends an answer holding an HTML block whose script tries to leave its
 * frame; opens its Preview and reads what the script found. Returns how
 * many ways out it tried. */
async function previewEscapes(app) {
  let canaryHits = 0;
  const canary = createServer((_, res) => {
    canaryHits += 1;
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.end("reached");
  });
  await new Promise((r) => canary.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${canary.address().port}/canary`;
  const script = [
    "const out = [];",
    "out.push('tauri:' + typeof window.__TAURI_INTERNALS__);",
    "out.push('webkit-ipc:' + typeof (window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.ipc));",
    "try { localStorage.setItem('k', '1'); out.push('storage:open'); } catch (e) { out.push('storage:blocked'); }",
    // WebKitGTK gives every frame the window's message handler; a message
    // without the launch's invoke key must be refused by Tauri.
    "try { window.webkit.messageHandlers.ipc.postMessage(JSON.stringify({ cmd: 'delete_key', callback: 1, error: 2, payload: {}, options: {}, invokeKey: 'guess' })); out.push('ipc-post:sent'); } catch (e) { out.push('ipc-post:blocked'); }",
    "try { out.push('parent:' + typeof parent.document.body); } catch (e) { out.push('parent:blocked'); }",
    `fetch(${JSON.stringify(url)}).then(() => out.push('fetch:open'), () => out.push('fetch:blocked'))`,
    "  .finally(() => { document.getElementById('out').textContent = 'done ' + out.join(' '); });",
  ].join("\n");
  const question = `Preview this page:\n\n\`\`\`html\n<p id="out">running</p>\n<script>\n${script}\n</script>\n\`\`\``;
  try {
    // Clicked from the page: the queue panel opened above may cover the
    // button, and what is tested here is the preview.
    await app.execute("document.querySelector('.new-chat').click();");
    await app.waitFor(".empty");
    await app.execute("const box = document.querySelector('.composer-input'); box.value = arguments[0]; box.dispatchEvent(new Event('input', { bubbles: true }));", [question]);
    await app.type(await app.find(".composer-input"), ENTER);
    await app.click(await app.waitFor(".message.assistant[data-finish=stop] .code-block button.preview"));
    const frame = await app.waitFor(".message.assistant iframe.code-preview");
    await app.screenshot("21-preview");
    await app.enterFrame(frame);
    let found = "";
    for (let i = 0; i < 100 && !found.startsWith("done"); i++) {
      found = (await app.execute("const p = document.getElementById('out'); return p ? p.textContent : '';")) ?? "";
      await sleep(100);
    }
    await app.leaveFrame();
    console.log(`preview frame: ${found}`);
    assert.match(found, /^done tauri:undefined webkit-ipc:\w+ storage:blocked ipc-post:\w+ parent:blocked fetch:blocked$/, "the preview's script ran and reached nothing");
    await sleep(300);
    assert.equal(canaryHits, 0, "the canary server was never reached");
    // The forged delete_key did nothing: the key is still in the keyring.
    await app.execute("window.__hasKey = null; window.__TAURI_INTERNALS__.invoke('has_key').then((v) => (window.__hasKey = v));");
    assert.equal(await app.poll("return window.__hasKey;", 10000), true, "the key is still there");
    return 5;
  } finally {
    canary.close();
  }
}
