// The real UI in headless Chromium on a scripted backend (fake-ipc.js):
// a chat of 10,000 messages stays a screenful of DOM, and a 50,000-token
// answer streams in whole. Timing figures are in `make bench`, not here.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openApp, openChatTiming, serveUi } from "./harness.mjs";

let server;
let browser;
before(async () => {
  server = await serveUi();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test("a 10,000-message chat opens on its last page with a bounded DOM, older pages on scroll", { timeout: 60000 }, async () => {
  const page = await openApp(browser, server.url);
  await page.evaluate(openChatTiming, 1);
  await page.waitForFunction(() => document.querySelector(".message-role") !== null);
  const rendered = await page.$$eval(".message", (m) => m.length);
  assert.ok(rendered > 0 && rendered < 60, `rendered ${rendered} messages`);
  const last = await page.$$eval(".message", (m) => m.at(-1).dataset.messageId);
  assert.equal(last, "10000", "the newest message is there");
  // Scrolling to the top brings the page above.
  for (let i = 0; i < 5; i++) {
    await page.$eval(".messages", (el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event("scroll"));
    });
    await page.waitForTimeout(100);
  }
  const first = await page.$$eval(".message", (m) => Number(m[0].dataset.messageId));
  assert.ok(first < 9901, `older messages loaded (first shown ${first})`);
  assert.ok((await page.$$eval(".message", (m) => m.length)) < 60, "still a bounded DOM");
  await page.close();
});

test("a 50,000-token answer streams in whole", { timeout: 120000 }, async () => {
  const page = await openApp(browser, server.url, "?tokens=50000&perDelta=1000");
  await page.fill(".composer-input", "Write a very long answer");
  await page.press(".composer-input", "Enter");
  await page.waitForFunction(() => window.__fakeStream.done, null, { timeout: 100000 });
  await page.waitForSelector(".message.assistant[data-finish=stop]");
  const shown = await page.$eval(".message.assistant .markdown", (m) => m.textContent);
  assert.ok(shown.includes("w0 ") && shown.includes("w49998"), "first and last tokens shown");
  const blocks = await page.$$eval(".message.assistant .md-block", (b) => b.length);
  assert.ok(blocks > 900, `rendered as ${blocks} blocks`);
  await page.close();
});
