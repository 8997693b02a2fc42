// The leak suite: a session in the real window that saves a key, chats,
// meets errors (one whose server text echoes the key), generates and saves
// an image and reads the balance. Then the key's bytes are looked for in
// everything Rust handed to the page (every IPC reply and channel event,
// watched at Tauri's callback table), the page itself, and every file the
// app and its web view wrote: database, WAL, log, images, saved files and
// WebKit's storage folders. The key is only ever typed into the page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { ENTER, Session, startRig } from "./webdriver.mjs";

const CANARY = "leakcanary7f3b9c2d1e5a";
const KEY = `sk-${CANARY}`;
const IDENTIFIER = "com.cometdesk.app";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A control the scans must find (in IPC, the database and the saved
// sidecar), so that a scan that reads nothing cannot pass.
const CONTROL = "lighthouseforleaks";

let rig;
const logFile = join(mkdtempSync(join(tmpdir(), "comet-log-")), "app.log");
before(async () => {
  // As much logging as the app does: every line of it is scanned.
  rig = await startRig({ logFile, env: { RUST_LOG: "debug" } });
});
after(() => rig?.stop());

// Every Rust → page message (command replies and channel events alike)
// arrives through the callbacks Tauri keeps in this table.
const WATCH = `
  const canary = ${JSON.stringify(CANARY)};
  const control = ${JSON.stringify(CONTROL)};
  window.__leak = { messages: 0, bytes: 0, hits: [], control: 0 };
  const table = window.__TAURI_INTERNALS__.callbacks;
  const wrap = (fn) => (data) => {
    let text = "";
    try { text = typeof data === "string" ? data : JSON.stringify(data) ?? ""; } catch {}
    window.__leak.messages += 1;
    window.__leak.bytes += text.length;
    if (text.includes(canary)) window.__leak.hits.push(text.slice(0, 300));
    if (text.includes(control)) window.__leak.control += 1;
    return fn(data);
  };
  for (const [id, fn] of table) Map.prototype.set.call(table, id, wrap(fn));
  table.set = (id, fn) => Map.prototype.set.call(table, id, wrap(fn));`;

/** Files under `dir`, skipping the keyring's own (encrypted) store. */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "keyrings") out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

// WebKit keeps some strings as UTF-16: look for both spellings.
const NEEDLES = [Buffer.from(CANARY, "utf8"), Buffer.from(CANARY, "utf16le")];

test("a key set, used, echoed in errors and queried with is nowhere but the keyring", { timeout: 180000 }, async () => {
  const saved = mkdtempSync(join(tmpdir(), "comet-leak-saved-"));
  const app = await Session.start();
  let page;
  try {
    await app.execute(WATCH);
    // Earlier files in this run leave a key in the keyring: remove it, so
    // that this session saves its own.
    for (let i = 0; i < 100 && (await app.findAll("#api-key, .composer-input")).length === 0; i++) await sleep(100);
    if ((await app.findAll(".composer-input")).length > 0) {
      await app.click(await app.find(".settings-button"));
      await app.click(await app.waitFor(".panel button.danger"));
      for (const close of await app.findAll(".panel-header button")) await app.click(close).catch(() => {});
    }
    const keyInput = await app.waitFor("#api-key");
    await app.type(keyInput, KEY);
    await app.click(await app.find(".key-form button[type=submit]"));
    const composer = await app.waitFor(".composer-input");
    await app.waitFor(".balance-amount", (t) => t === "$12.50");

    await app.type(composer, "hello");
    await app.type(composer, ENTER);
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("You said: hello"));
    // fake-comet puts the request's Authorization header in this error.
    await app.type(composer, "[[fault:400-echo]] echo");
    await app.type(composer, ENTER);
    await app.waitFor(".message-error", (t) => t.includes("sk-***"));
    await app.type(composer, "[[fault:drop:2]] cut");
    await app.type(composer, ENTER);
    await app.waitFor(".message.assistant[data-finish=interrupted]");

    await app.click(await app.find(".settings-button"));
    await app.type(await app.waitFor(".image-folder-input"), saved);
    await app.click(await app.find(".settings-form button[type=submit]"));
    await app.waitFor(".settings-saved");
    await app.click(await app.find(".panel-header button"));

    await app.click(await app.waitFor("[data-action=images]"));
    await app.type(await app.waitFor(".image-prompt"), `A ${CONTROL} at dusk`);
    await app.click(await app.find(".generate-button"));
    await app.waitFor(".generation[data-done=true]");
    await app.click(await app.waitFor(".gallery-item"));
    await app.click(await app.waitFor("[data-action=save-image]"));
    await app.waitFor(".viewer-status", (t) => t.includes(saved));
    await app.click(await app.find(".close-viewer"));

    await app.click(await app.find("[data-action=usage]"));
    await app.waitFor(".usage-view .balance-amount", (t) => t === "$12.50");

    page = await app.execute(`return {
      leak: window.__leak,
      html: document.documentElement.outerHTML.includes(${JSON.stringify(CANARY)}),
      inputs: [...document.querySelectorAll("input, textarea")].some((i) => i.value.includes(${JSON.stringify(CANARY)})),
      storage: JSON.stringify({ ...localStorage }).includes(${JSON.stringify(CANARY)}) || JSON.stringify({ ...sessionStorage }).includes(${JSON.stringify(CANARY)}),
    };`);
  } finally {
    await app.quit();
  }

  assert.deepEqual(page.leak.hits, [], "IPC replies or events held the key");
  assert.ok(page.leak.messages > 20, `only ${page.leak.messages} IPC messages were watched`);
  assert.equal(page.html, false, "the key is in the page");
  assert.equal(page.inputs, false, "the key stayed in an input");
  assert.equal(page.storage, false, "the key is in the page's storage");

  const dataHome = process.env.XDG_DATA_HOME ?? join(homedir(), ".local/share");
  const cacheHome = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  const places = {
    "app data (database, WAL, images)": filesUnder(rig.dataDir),
    "saved images": filesUnder(saved),
    "web view storage": [...filesUnder(join(dataHome, IDENTIFIER)), ...filesUnder(join(cacheHome, IDENTIFIER))],
    log: [logFile],
  };
  const found = [];
  const controls = new Set();
  const report = [];
  for (const [place, files] of Object.entries(places)) {
    let bytes = 0;
    for (const file of files) {
      const content = readFileSync(file);
      bytes += content.length;
      if (NEEDLES.some((n) => content.includes(n))) found.push(file);
      if (content.includes(CONTROL)) controls.add(place);
    }
    report.push(`${place}: ${files.length} files, ${bytes} bytes`);
  }
  console.log(`scanned for the key: ${report.join("; ")}; IPC: ${page.leak.messages} messages, ${page.leak.bytes} characters`);
  assert.deepEqual(found, [], "the key was found in these files");
  assert.ok(page.leak.control > 0, "the watch saw the control prompt come back");
  assert.ok(controls.has("app data (database, WAL, images)") && controls.has("saved images"), `the control was found in ${[...controls]}`);
  assert.ok(places["app data (database, WAL, images)"].some((f) => /\.sqlite3?$|\.db$/.test(f)), "the database was scanned");
  assert.ok(statSync(logFile).size > 1000, "the log was written");
  assert.ok(places["saved images"].length >= 2, "the saved image and its sidecar were scanned");
  assert.ok(places["web view storage"].length > 0, "WebKit's storage was found and scanned");
});
