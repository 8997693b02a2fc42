// `make bench` figures for the gallery in the real window (WebKitGTK under
// Xvfb, the app as built), on a profile seeded with 10,000 images, each
// with its own thumbnail, and 1,000 videos and 1,000 songs among them
// (gallery_bench --seed): the Images view opened to a painted grid of
// thumbnails, memory (PSS of the app and its WebKit processes) while
// scrolling through all 12,000, and a 1080p clip played in the viewer.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { APP_BIN, Session, startRig } from "./webdriver.mjs";

const seed = (dir) =>
  execFileSync("cargo", ["run", "-q", "--profile", "measure", "-p", "comet-core", "--example", "gallery_bench", "--", "--seed", dir], { stdio: "inherit" });
// As shipped: no compositing layers (see src-tauri/src/window.rs).
const rig = await startRig({ seed, gpu: false });
const app = await Session.start();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** PSS in kB of the app and every process under it. */
function pss() {
  const pids = execFileSync("pgrep", ["-f", APP_BIN], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  const children = (pid) => {
    try {
      return execFileSync("pgrep", ["-P", pid], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  const all = new Set();
  const walk = (pid) => { if (all.has(pid)) return; all.add(pid); children(pid).forEach(walk); };
  pids.forEach(walk);
  let total = 0;
  const parts = [];
  for (const pid of all) {
    try {
      const kb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      total += kb;
      parts.push(`${readFileSync(`/proc/${pid}/comm`, "utf8").trim()}=${Math.round(kb / 1024)}`);
    } catch { /* ended meanwhile */ }
  }
  if (process.env.BENCH_DEBUG) console.error(parts.join(" "));
  return total;
}

// The grid is painted when every thumbnail in view has decoded.
const OPEN = `
  window.__open = null;
  const started = performance.now();
  document.querySelector("[data-action=images]").click();
  const check = () => {
    const scroller = document.querySelector(".gallery-scroll");
    const shown = [...document.querySelectorAll(".gallery-item img")].filter((img) => {
      const r = img.getBoundingClientRect();
      return scroller && r.top < scroller.getBoundingClientRect().bottom;
    });
    if (shown.length > 0 && shown.every((img) => img.complete && img.naturalWidth > 0))
      requestAnimationFrame(() => setTimeout(() => (window.__open = { ms: performance.now() - started, shown: shown.length })));
    else requestAnimationFrame(check);
  };
  check();`;

try {
  const keyInput = await app.waitFor("#api-key");
  await app.type(keyInput, "sk-bench");
  await app.click(await app.find(".key-form button[type=submit]"));
  await app.waitFor(".composer-input");
  await sleep(2000);
  console.log(`window_chat_pss_mb ${(pss() / 1024).toFixed(0)}`);
  const opens = [];
  for (let i = 0; i < 5; i++) {
    await app.click(await app.find(".new-chat"));
    await app.waitFor(".composer-input");
    await app.execute(OPEN);
    opens.push(await app.poll("return window.__open;"));
  }
  const times = opens.map((o) => o.ms).sort((a, b) => a - b);
  console.log(`window_gallery_open_ms ${times[2].toFixed(0)}`);
  console.log(`window_gallery_open_max_ms ${times[4].toFixed(0)}`);
  console.log(`window_gallery_thumbs_in_view ${opens[0].shown}`);

  // Scroll to the end, a screen every 60 ms; pages of 200 load on the way.
  const before = pss();
  let peak = before;
  const started = Date.now();
  for (let step = 0; step < 5000; step++) {
    const state = await app.execute(`
      const s = document.querySelector(".gallery-scroll");
      s.scrollTop += s.clientHeight;
      const end = s.scrollTop + s.clientHeight >= s.scrollHeight - 2;
      const count = document.querySelector(".gallery-count").textContent;
      return { end, all: !count.includes("+"), last: document.querySelector(".gallery-item:last-of-type")?.dataset.imageId ?? null };`);
    if (step % 10 === 0) peak = Math.max(peak, pss());
    if (state.end && state.all) break;
    await sleep(60);
  }
  const seconds = (Date.now() - started) / 1000;
  await sleep(1000);
  peak = Math.max(peak, pss());
  const loaded = await app.execute("return document.querySelector('.gallery-count').textContent;");
  console.log(`window_gallery_scrolled ${loaded.replace(/\s+/g, "")}`);
  console.log(`window_gallery_scroll_seconds ${seconds.toFixed(1)}`);
  console.log(`window_gallery_pss_open_mb ${(before / 1024).toFixed(0)}`);
  console.log(`window_gallery_pss_peak_mb ${(peak / 1024).toFixed(0)}`);

  // A 1080p clip played full size in the viewer for eight seconds: PSS
  // above the library open before it (goal: at most 80 MB above).
  await app.execute(`const s = document.querySelector(".gallery-scroll"); s.scrollTop = 0;
    document.querySelector(".kind-filter [data-kind=video]").click();`);
  await app.poll("const i = document.querySelector('.gallery-item'); return i && i.querySelector('.media-mark')?.textContent.includes('▶') ? true : null;");
  await sleep(1500);
  const beforePlay = pss();
  await app.execute("document.querySelector('.gallery-item').click();");
  await app.poll("const v = document.querySelector('.image-viewer video'); return v && v.readyState >= 2 ? true : null;", 30000);
  const width = await app.execute("const v = document.querySelector('.image-viewer video'); v.muted = true; v.play(); return v.videoWidth;");
  let playPeak = beforePlay;
  for (let i = 0; i < 16; i++) {
    await sleep(500);
    playPeak = Math.max(playPeak, pss());
  }
  const played = await app.execute("const v = document.querySelector('.image-viewer video'); v.pause(); return v.currentTime;");
  console.log(`window_video_width ${width}`);
  console.log(`window_video_played_seconds ${played.toFixed(1)}`);
  console.log(`window_video_play_pss_above_mb ${((playPeak - beforePlay) / 1024).toFixed(0)}`);
} finally {
  await app.quit();
  await rig.stop();
}
