// Crash suite: the real app is killed (SIGKILL) at a random moment while an
// answer streams, 20 times. After each kill the database, as it was left,
// passes `PRAGMA integrity_check` and holds the question and the answer
// so far; at the end the app reopens and shows the last one as
// interrupted. Each case's outcome is printed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { APP_BIN, ENTER, Session, startRig } from "./webdriver.mjs";

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
let rig;
before(async () => {
  rig = await startRig({ chunkMs: 5 });
});
after(() => rig?.stop());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const dbCheck = () =>
  JSON.parse(execFileSync("cargo", ["run", "-q", "-p", "comet-core", "--example", "db_check", "--", join(rig.dataDir, "comet-desk.sqlite3")], { encoding: "utf8" }));

/** The app's own process (not WebKitWebDriver, not the web processes). */
function appPids() {
  try {
    return execFileSync("pgrep", ["-f", `^${APP_BIN}`], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

async function ready(app) {
  for (let i = 0; i < 200; i++) {
    if ((await app.findAll(".composer-input")).length > 0) return;
    const key = await app.findAll("#api-key");
    if (key.length > 0) {
      await app.type(key[0], "sk-crash-test");
      await app.click(await app.find(".key-form button[type=submit]"));
    }
    await sleep(100);
  }
  throw new Error("the chat screen never came");
}

test(`killed ${ROUNDS} times while streaming, nothing is lost and the database stays sound`, { timeout: 600000 }, async () => {
  let passed = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const app = await Session.start();
    const question = `crash round ${round} [[essay:6000]]`;
    await ready(app);
    await app.click(await app.find(".new-chat"));
    const composer = await app.waitFor(".composer-input");
    await app.type(composer, question);
    await app.type(composer, ENTER);
    await app.waitFor(".message.assistant[data-finish=streaming]", (t) => t.length > 0);
    // Past the first save (every 500 ms), at a different point each round.
    const wait = 800 + Math.floor(Math.random() * 1500);
    await sleep(wait);
    const pids = appPids();
    assert.ok(pids.length > 0, "the app is running");
    for (const pid of pids) process.kill(Number(pid), "SIGKILL");
    await app.quit().catch(() => {}); // the session dies with the app
    for (let i = 0; i < 50 && appPids().length > 0; i++) await sleep(100);

    const db = dbCheck();
    assert.equal(db.integrity, "ok", `round ${round}`);
    const row = db.messages.find((m) => m.question === question);
    assert.ok(row, `round ${round}: the question is stored`);
    assert.ok(row.answer_chars > 0, `round ${round}: the answer so far is stored (${JSON.stringify(row)})`);
    passed++;
    console.log(`crash round ${round}: killed after ${wait} ms, integrity ok, answer kept ${row.answer_chars} chars`);
  }
  console.log(`crash cases passed: ${passed}/${ROUNDS}`);

  // Reopened: the last answer shows what arrived, labelled interrupted.
  const app = await Session.start();
  try {
    await ready(app);
    // Newest first: the last round's chat heads the list.
    await app.click(await app.waitFor(".conversation-title"));
    await app.waitFor(".message.user", (t) => t.includes(`crash round ${ROUNDS}`));
    await app.waitFor(".message.assistant[data-finish=interrupted]", (t) => t.length > 20);
    const db = dbCheck();
    assert.equal(db.integrity, "ok");
    assert.ok(db.messages.every((m) => m.finish !== null), "no answer is left streaming after a restart");
  } finally {
    await app.quit();
  }
});
