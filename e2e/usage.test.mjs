// Usage on a profile of its own, so the counts are exact: after three
// chats and one image against fake-comet, the Usage view shows four calls,
// totals that add up, and the balance card.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ENTER, Session, startRig } from "./webdriver.mjs";

let rig;
before(async () => {
  rig = await startRig();
});
after(() => rig?.stop());

const dollars = (text) => Number(text.replace(/[^0-9.]/g, ""));

test("three chats and one image show as four calls with their totals", { timeout: 120000 }, async () => {
  const app = await Session.start();
  try {
    // The keyring outlives the other file's profile: a key may be there.
    await app.waitFor("#api-key, .composer-input");
    if ((await app.findAll("#api-key")).length > 0) {
      await app.type(await app.find("#api-key"), "sk-usage-e2e");
      await app.click(await app.find(".key-form button[type=submit]"));
    }
    await app.waitFor(".composer-input");
    // No title calls: only the answers and the image count.
    await app.click(await app.find(".settings-button"));
    await app.type(await app.waitFor(".title-model-input"), "\uE009a\uE009\uE003");
    await app.click(await app.find(".settings-form button[type=submit]"));
    await app.waitFor(".settings-form p.muted");
    await app.type(await app.find(".title-model-input"), "\uE00C");

    for (const text of ["first question", "second question", "third question"]) {
      await app.click(await app.waitFor(".new-chat"));
      await app.waitFor(".empty");
      await app.type(await app.find(".composer-input"), text);
      await app.type(await app.find(".composer-input"), ENTER);
      await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes(`You said: ${text}`));
    }
    await app.click(await app.find("[data-action=images]"));
    await app.type(await app.waitFor(".image-prompt"), "A red door");
    await app.click(await app.find(".generate-button"));
    await app.waitFor(".generation[data-done=true]");

    await app.click(await app.find("[data-action=usage]"));
    await app.waitFor(".usage-calls", (t) => t === "4");
    const kinds = await app.text((await app.findAll(".usage-view > .usage-table"))[1]);
    assert.match(kinds, /chat\s*3/);
    assert.match(kinds, /image\s*1/);
    // The cost card is the sum of the per-model rows.
    const rows = await app.execute(
      "return [...document.querySelectorAll('.usage-view > .usage-table')[0].querySelectorAll('tbody tr')].map((r) => r.children[4].textContent);",
    );
    const total = dollars(await app.text(await app.find(".usage-cost")));
    const sum = rows.map(dollars).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - sum) < 0.00015, `total ${total} vs rows ${sum}`);
    assert.ok(total > 0);
    await app.waitFor(".usage-view .balance-amount", (t) => t === "$12.50");
    await app.waitFor(".top-images img");
  } finally {
    await app.quit();
  }
});
