// Midjourney in the real window against fake-comet, in one launch where it
// can: imagine, U2, Vary (Region) with a painted mask, Zoom out, and the
// viewer's lineage over four generations; blend and describe from the
// gallery's selection, then imagine from one of describe's prompts; the
// queue panel; and the app killed while a task runs finishes it on restart.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { APP_BIN, Session, startRig } from "./webdriver.mjs";

let rig;
before(async () => {
  rig = await startRig({ env: { COMET_DESK_TASK_POLL_MS: "250" } });
});
after(() => rig?.stop());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function openImages(app) {
  // The welcome screen on the first start (then the key is remembered).
  await app.waitFor("#api-key, [data-action=images]");
  const key = await app.findAll("#api-key");
  if (key.length > 0) {
    await app.type(key[0], "sk-e2e-tasks");
    await app.click(await app.find(".key-form button[type=submit]"));
  }
  await app.click(await app.waitFor("[data-action=images]"));
  await app.click(await app.waitFor("[data-family=midjourney]"));
}

/** The newest card of an operation, once it reached `status`. */
async function card(app, operation, status = "succeeded", timeoutMs = 30000) {
  await app.waitFor(`.task-card[data-operation=${operation}][data-status=${status}]`, () => true, timeoutMs);
  const ids = await app.execute(
    `return [...document.querySelectorAll('.task-card[data-operation=${operation}][data-status=${status}]')].map((c) => Number(c.dataset.taskId));`,
  );
  return Math.max(...ids);
}

async function press(app, taskId, label) {
  const clicked = await app.execute(
    `const b = [...document.querySelectorAll('.task-card[data-task-id="${taskId}"] .task-button')].find((b) => b.textContent.trim().endsWith(arguments[0]));
     if (b) b.click(); return !!b;`,
    [label],
  );
  assert.ok(clicked, `no ${label} button on task ${taskId}`);
}

test("imagine, U2, Vary (Region), Zoom out: four generations in the viewer's lineage", { timeout: 240000 }, async () => {
  const app = await Session.start();
  try {
    await openImages(app);
    await app.type(await app.waitFor(".mj-prompt"), "A lighthouse at dusk --ar 1:1 [[seconds:2]]");
    await app.click(await app.find(".mj-start"));
    // Queued or rendering with a percentage first, then the grid with its buttons.
    await app.waitFor(".task-card[data-operation=imagine] .task-stage", (t) => /Queued|Rendering|Sending/.test(t));
    const grid = await card(app, "imagine");
    await app.waitFor(`.task-card[data-task-id="${grid}"] .task-button`, (t) => t.trim() === "U2");
    await app.screenshot("tasks-01-grid");
    // The grid is in the gallery at once.
    await app.waitFor(".gallery-item");

    await press(app, grid, "U2");
    const upscale = await card(app, "upscale");
    await press(app, upscale, "Vary (Region)");
    const canvas = await app.waitFor("[data-testid=mask-canvas]");
    const stage = await app.execute("const r = document.querySelector('.mask-stage').getBoundingClientRect(); return [r.width, r.height];");
    assert.ok(stage[0] > 100 && stage[1] > 100, `the picture to paint on is shown: ${stage}`);
    await app.poll("const i = document.querySelector('.mask-stage img'); return i.complete && i.naturalWidth > 0 ? true : null;", 15000);
    await app.execute(`
      const c = arguments[0]; const box = c.getBoundingClientRect();
      const at = (fx, fy, type) => c.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerId: 1, clientX: box.left + box.width * fx, clientY: box.top + box.height * fy }));
      at(0.3, 0.3, "pointerdown"); at(0.5, 0.4, "pointermove"); at(0.7, 0.5, "pointermove"); at(0.7, 0.5, "pointerup");`, [{ "element-6066-11e4-a52e-4f735466cecf": canvas }]);
    await app.screenshot("tasks-02-mask-painter");
    await app.type(await app.find(".mask-prompt"), "a red scarf");
    await app.click(await app.find("[data-action=send-mask]"));
    const region = await card(app, "inpaint");
    await press(app, region, "Zoom Out 2x");
    const zoom = await card(app, "zoom");
    // The board scrolls on its own (at most 45% of the window): bring the
    // card into view, then click it as a pointer would.
    const picture = await app.find(`.task-card[data-task-id="${zoom}"] .task-picture`);
    await app.execute("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": picture }]);
    await app.click(picture);
    // grid → upscale → vary (region) → this zoom.
    await app.waitFor(".lineage-item[data-lineage=parent]");
    const chain = await app.findAll(".lineage .lineage-item[data-lineage=ancestor], .lineage .lineage-item[data-lineage=parent]");
    assert.equal(chain.length, 3);
    // Each generation's picture is shown, not just its place.
    await app.poll("const imgs = [...document.querySelectorAll('.lineage img')]; return imgs.length >= 3 && imgs.every((i) => i.complete && i.naturalWidth > 0) ? true : null;", 15000);
    await app.screenshot("tasks-03-lineage");
    await app.execute("document.querySelector('.image-viewer .icon[aria-label]')?.closest('.overlay')?.querySelector('button')?.click()");
  } finally {
    await app.quit();
  }
});

test("blend and describe from the gallery's selection, then imagine one of describe's prompts", { timeout: 240000 }, async () => {
  const app = await Session.start();
  try {
    await openImages(app);
    await app.execute("document.querySelector('.overlay')?.remove()");
    await app.click(await app.waitFor("[data-action=select-images]"));
    const items = await app.findAll(".gallery-item");
    assert.ok(items.length >= 2, "the first test's pictures are in the gallery");
    await app.click(items[0]);
    await app.click(items[1]);
    await app.click(await app.find("[data-mode=blend]"));
    await app.click(await app.waitFor("[data-action=use-selection]"));
    await app.click(await app.find(".mj-start"));
    await card(app, "blend");

    await app.click(items[1]); // one left selected
    await app.click(await app.find("[data-mode=describe]"));
    await app.click(await app.waitFor("[data-action=use-selection]"));
    await app.click(await app.find(".mj-start"));
    const describe = await card(app, "describe");
    const prompts = await app.findAll(`.task-card[data-task-id="${describe}"] .task-prompts li`);
    assert.equal(prompts.length, 4);
    // The payload in a describe result is shown as text, never run.
    assert.equal(await app.execute("return (window.__pwned ?? []).length"), 0);
    await app.click((await app.findAll(`.task-card[data-task-id="${describe}"] [data-action=imagine-prompt]`))[0]);
    const box = await app.waitFor(".mj-prompt");
    assert.match(await app.execute("return arguments[0].value", [{ "element-6066-11e4-a52e-4f735466cecf": box }]), /^A lighthouse on a cliff/);
    await app.click(await app.find(".mj-start"));
    await app.waitFor(".task-card[data-operation=imagine] .generation-prompt", (t) => t.startsWith("A lighthouse on a cliff"));
    // The queue panel lists what still runs.
    await app.click(await app.find("[data-action=open-queue]"));
    await app.waitFor(".queue-panel");
  } finally {
    await app.quit();
  }
});

test("killed while a task runs, the app finishes it when started again", { timeout: 180000 }, async () => {
  let app = await Session.start();
  await openImages(app);
  await app.type(await app.waitFor(".mj-prompt"), "Survives a crash [[seconds:8]]");
  await app.click(await app.find(".mj-start"));
  await app.waitFor(".task-card[data-operation=imagine] .generation-prompt", (t) => t.startsWith("Survives a crash"));
  await app.waitFor(".task-card[data-status=running] .generation-prompt", (t) => t.startsWith("Survives a crash"));
  execFileSync("pkill", ["-KILL", "-f", `^${APP_BIN}`]);
  await sleep(500);
  await app.quit().catch(() => {});
  app = await Session.start();
  try {
    await openImages(app);
    const done = await app.waitFor(".task-card[data-status=succeeded] .generation-prompt", (t) => t.startsWith("Survives a crash"), 40000);
    assert.ok(done);
  } finally {
    await app.quit();
  }
});
