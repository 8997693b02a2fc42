// Video and music in the real window against fake-comet, in one launch: a
// Sora clip made from the Video tab plays in the viewer (decoded by
// WebKit's GStreamer: frames, size, time moving); a picture animated with
// Kling gets its poster drawn from the first frame; a Suno song's two takes
// play and seek; the library filters by kind; and after a restart they are
// all still there and still play.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Session, startRig } from "./webdriver.mjs";

let rig;
before(async () => {
  rig = await startRig({ env: { COMET_DESK_TASK_POLL_MS: "250" } });
});
after(() => rig?.stop());

const el = (id) => ({ "element-6066-11e4-a52e-4f735466cecf": id });

async function openImages(app) {
  await app.waitFor("#api-key, [data-action=images]");
  const key = await app.findAll("#api-key");
  if (key.length > 0) {
    await app.type(key[0], "sk-e2e-media");
    await app.click(await app.find(".key-form button[type=submit]"));
  }
  await app.click(await app.waitFor("[data-action=images]"));
}

async function choose(app, selectCss, value) {
  await app.execute(
    "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));",
    [selectCss, value],
  );
}

/** Plays the viewer's clip or song muted and answers what the element saw. */
async function playViewer(app, tag) {
  await app.poll(`const m = document.querySelector('.image-viewer ${tag}'); return m && m.readyState >= 2 ? true : null;`, 30000).catch(async (e) => {
    const state = await app.execute(`const m = document.querySelector('.image-viewer ${tag}'); return m ? { src: m.src, ready: m.readyState, network: m.networkState, error: m.error?.code, message: m.error?.message } : { viewer: !!document.querySelector('.image-viewer'), html: document.querySelector('.gallery-grid')?.innerHTML.slice(0, 600) };`);
    throw new Error(`${tag} never loaded: ${JSON.stringify(state)}`, { cause: e });
  });
  const start = await app.execute(`const m = document.querySelector('.image-viewer ${tag}'); m.muted = true; m.play(); return m.currentTime;`);
  await app.poll(`const m = document.querySelector('.image-viewer ${tag}'); return m.currentTime > ${start} + 0.3 ? true : null;`, 20000);
  return app.execute(`const m = document.querySelector('.image-viewer ${tag}'); m.pause();
    return { width: m.videoWidth ?? 0, height: m.videoHeight ?? 0, duration: m.duration, error: m.error?.code ?? null };`);
}

async function closeViewer(app) {
  await app.click(await app.find(".close-viewer"));
}

test("clips and songs are made, kept, played, filtered, and still there after a restart", { timeout: 300000 }, async () => {
  let app = await Session.start();
  try {
    await openImages(app);
    // A Sora clip from the Video tab, its price shown before sending.
    await app.click(await app.waitFor("[data-family=video]"));
    await app.waitFor(".video-model option[value='sora-2']");
    await choose(app, ".video-seconds", "8");
    await app.waitFor(".video-start-button", (t) => t.includes("$0.800"));
    await app.type(await app.find(".video-prompt"), "A paper boat on a pond [[seconds:1]]");
    await app.click(await app.find(".video-start-button"));
    await app.waitFor(".task-card[data-operation=text2video][data-status=succeeded]", () => true, 60000);
    const clip = await app.waitFor(".gallery-item[title^='A paper boat'] .media-mark", (t) => t.includes("0:03"), 30000);
    assert.ok(clip);
    await app.screenshot("media-01-clip-card");
    await app.click(await app.find(".gallery-item[title^='A paper boat']"));
    const played = await playViewer(app, "video");
    assert.deepEqual([played.width, played.height, played.error], [320, 180, null], JSON.stringify(played));
    assert.ok(played.duration > 2.5 && played.duration < 3.5, `duration ${played.duration}`);
    await app.screenshot("media-02-clip-playing");
    await closeViewer(app);

    // A picture, then Animate this image with Kling: the clip's poster is drawn from its first frame.
    await app.click(await app.find("[data-family=openai]"));
    await app.type(await app.waitFor(".image-prompt"), "A lighthouse on a cliff");
    await app.click(await app.find(".generate-button"));
    await app.click(await app.waitFor(".gallery-item[title='A lighthouse on a cliff']", () => true, 30000));
    await app.click(await app.waitFor("[data-action=animate-image]"));
    await app.waitFor(".video-start img");
    await choose(app, ".video-model", "kling-v1-6");
    await app.type(await app.find(".video-prompt"), "The beam turns slowly [[seconds:1]]");
    await app.click(await app.find(".video-start-button"));
    await app.waitFor(".task-card[data-operation=image2video][data-status=succeeded]", () => true, 60000);
    await app.poll(
      "const i = document.querySelector(\".gallery-item[title^='The beam turns'] img\"); return i && i.complete && i.naturalWidth > 0 ? i.getAttribute('src') : null;",
      30000,
    );
    await app.click(await app.find(".gallery-item[title^='The beam turns']"));
    await app.waitFor("[data-lineage=parent]");
    const animated = await playViewer(app, "video");
    assert.equal(animated.error, null);
    await closeViewer(app);

    // A song: two takes, each plays and seeks.
    await app.click(await app.find("[data-family=music]"));
    await app.type(await app.waitFor(".music-description"), "A slow Sunday morning [[seconds:1]]");
    await app.click(await app.find(".music-start"));
    await app.waitFor(".task-card[data-operation=music][data-status=succeeded]", () => true, 60000);
    await app.poll("return document.querySelectorAll('.gallery-item .media-mark').length >= 4 ? true : null;", 30000);
    const songs = await app.execute("return [...document.querySelectorAll('.gallery-item')].filter((i) => i.querySelector('.media-mark')?.textContent.includes('♪')).length");
    assert.equal(songs, 2, "each song task gives two takes");
    await app.click(await app.find(".gallery-item[title^='A slow Sunday']"));
    await app.waitFor(".viewer-song h3");
    const song = await playViewer(app, "audio");
    assert.equal(song.error, null);
    assert.ok(song.duration > 3 && song.duration < 5, `song ${song.duration}`);
    await app.execute("const a = document.querySelector('.image-viewer audio'); a.currentTime = 2.5;");
    await app.poll("const a = document.querySelector('.image-viewer audio'); return !a.seeking && a.currentTime >= 2.4 ? true : null;", 15000);
    await app.waitFor("[data-action=extend-song]", (t) => /0:02/.test(t));
    await app.screenshot("media-03-song");
    await closeViewer(app);

    // The library by kind.
    await app.click(await app.find(".kind-filter [data-kind=audio]"));
    await app.poll("const items = [...document.querySelectorAll('.gallery-item')]; return items.length === 2 && items.every((i) => i.querySelector('.media-mark')?.textContent.includes('♪')) ? true : null;", 15000);
    await app.click(await app.find(".kind-filter [data-kind=video]"));
    await app.poll("const items = [...document.querySelectorAll('.gallery-item')]; return items.length === 2 && items.every((i) => i.querySelector('.media-mark')?.textContent.includes('▶')) ? true : null;", 15000);
    await app.click(await app.find(".kind-filter [data-kind=all]"));
  } finally {
    await app.quit();
  }

  // Started again: everything kept, the clip still plays from disk.
  app = await Session.start();
  try {
    await openImages(app);
    await app.poll("return document.querySelectorAll('.gallery-item').length === 5 ? true : null;", 20000);
    await app.click(await app.waitFor(".gallery-item[title^='A paper boat']"));
    const again = await playViewer(app, "video");
    assert.equal(again.width, 320);
  } finally {
    await app.quit();
  }
});
