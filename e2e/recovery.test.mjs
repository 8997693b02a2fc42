// A damaged database file at start, in the real window: the app says so
// and where the copy is, changes nothing when the user quits, and starts
// on a new database only when they choose to.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Session, startRig } from "./webdriver.mjs";

const JUNK = Buffer.from("not a database: the user's chats were here once. ".repeat(200));
let rig;
before(async () => {
  rig = await startRig({ seed: (dir) => writeFileSync(join(dir, "comet-desk.sqlite3"), JUNK) });
});
after(() => rig?.stop());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const db = () => join(rig.dataDir, "comet-desk.sqlite3");

test("a damaged database: Quit changes nothing; Start with an empty database keeps the copy", { timeout: 90000 }, async () => {
  let app = await Session.start();
  const copy = await app.text(await app.waitFor(".damaged-copy"));
  assert.ok(copy.startsWith(db() + ".damaged-"), copy);
  assert.deepEqual(readFileSync(copy), JUNK, "the copy is the file, byte for byte");
  await app.screenshot("20-damaged-database");
  // The app exits at once, which may cut the click's own reply.
  await app.click(await app.find("[data-action=quit]")).catch(() => {});
  // The app exits by itself; the session ends with it.
  await app.quit().catch(() => {});
  assert.deepEqual(readFileSync(db()), JUNK, "quitting left the file as it was");

  app = await Session.start();
  try {
    await app.waitFor(".damaged-copy");
    await app.click(await app.find("[data-action=start-clean]"));
    // On a new database: the welcome (no key yet) or the chat screen.
    for (let i = 0; i < 100 && (await app.findAll(".composer-input, #api-key")).length === 0; i++) await sleep(100);
    assert.ok((await app.findAll(".composer-input, #api-key")).length > 0, "the app started on a new database");
    assert.equal((await app.findAll(".damaged-copy")).length, 0);
  } finally {
    await app.quit();
  }
  assert.notDeepEqual(readFileSync(db()).subarray(0, 16), JUNK.subarray(0, 16));
  assert.equal(readFileSync(db()).subarray(0, 15).toString(), "SQLite format 3", "a new database");
  assert.ok(existsSync(copy), "the first copy is still there");
  assert.deepEqual(readFileSync(copy), JUNK);
});
