// `make bench` figures in the real window (WebKitGTK under Xvfb, the app as
// built): opening a chat of 10,000 messages (seeded by history_bench), the
// time from a chunk leaving fake-comet to its text in the DOM, and
// the largest gap between painted frames while a 50,000-token answer
// streams from fake-comet as fast as it can. WebKit has no long-task API:
// a task over 50 ms shows as a frame gap over 50 ms. Last, the same for a
// 20,000-piece thinking block followed by a 20,000-token answer.
import { execFileSync } from "node:child_process";
import { ENTER, Session, startRig } from "./webdriver.mjs";

const seedHistory = (dir) =>
  execFileSync("cargo", ["run", "-q", "--profile", "measure", "-p", "comet-core", "--example", "history_bench", "--", "--seed", dir], { stdio: "inherit" });

// fake-comet sends a word every `BENCH_CHUNK_MS` ms (1 = about 1,000 tokens a second, ten
// times a fast model; 0 = as fast as it can).
// As shipped: no compositing layers (see src-tauri/src/window.rs).
// Notes the longest gap between painted frames (and, for BENCH_DEBUG, each
// gap over 50 ms with the blocks on screen and the thinking's state).
const WATCH_FRAMES = `
  window.__gaps = { max: 0, running: true, big: [] };
  let last = performance.now();
  const tick = (now) => {
    if (now - last > 50) window.__gaps.big.push([Math.round(now - last), document.querySelectorAll(".md-block").length, document.querySelector(".thinking")?.dataset.state ?? "-"]);
    window.__gaps.max = Math.max(window.__gaps.max, now - last); last = now; if (window.__gaps.running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);`;

const rig = await startRig({ chunkMs: Number(process.env.BENCH_CHUNK_MS ?? 1), seed: seedHistory, gpu: false });
const app = await Session.start();
try {
  const keyInput = await app.waitFor("#api-key");
  await app.type(keyInput, "sk-bench");
  await app.click(await app.find(".key-form button[type=submit]"));
  await app.waitFor(".message.assistant");
  const opens = [];
  for (let i = 0; i < 5; i++) {
    await app.click(await app.find(".new-chat"));
    await app.waitFor(".empty");
    await app.execute(`
      window.__open = null;
      const started = performance.now();
      const titles = [...document.querySelectorAll(".conversation-title")];
      titles.find((t) => t.textContent.includes("Ten thousand")).click();
      const check = () => document.querySelector(".message")
        ? requestAnimationFrame(() => setTimeout(() => (window.__open = performance.now() - started)))
        : requestAnimationFrame(check);
      check();`);
    opens.push(await app.poll("return window.__open;"));
  }
  opens.sort((a, b) => a - b);
  console.log(`window_open_10k_ms ${opens[2].toFixed(0)}`);

  // Chunk to DOM: fake-comet stamps each chunk with the wall-clock time it
  // sent it (µs); the page notes when each stamp's text lands in the DOM,
  // on the same clock. 300 chunks, one every 20 ms (a fast model's pace).
  await app.click(await app.find(".new-chat"));
  await app.waitFor(".empty");
  await app.execute(`
    window.__lat = [];
    const seen = new Set();
    new MutationObserver(() => {
      const now = (performance.timeOrigin + performance.now()) * 1000;
      const answer = [...document.querySelectorAll(".message.assistant")].pop();
      if (!answer) return;
      for (const m of answer.textContent.matchAll(/\u27e8t:(\\d+)\u27e9/g)) {
        if (seen.has(m[1])) continue;
        seen.add(m[1]);
        window.__lat.push((now - Number(m[1])) / 1000);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });`);
  await app.type(await app.find(".composer-input"), "[[stamps:300]] [[fault:slow:20]] go");
  await app.type(await app.find(".composer-input"), ENTER);
  await app.poll(`return document.querySelector(".message.assistant[data-finish=stop]") ? true : null;`);
  const lat = (await app.execute("return window.__lat;")).sort((a, b) => a - b);
  const pick = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))];
  console.log(`window_chunk_to_dom_count ${lat.length}`);
  console.log(`window_chunk_to_dom_p50_ms ${pick(0.5).toFixed(1)}`);
  console.log(`window_chunk_to_dom_p95_ms ${pick(0.95).toFixed(1)}`);
  console.log(`window_chunk_to_dom_max_ms ${lat[lat.length - 1].toFixed(1)}`);

  await app.click(await app.find(".new-chat"));
  await app.waitFor(".empty");
  await app.execute(WATCH_FRAMES);
  const started = Date.now();
  await app.type(await app.find(".composer-input"), "[[essay:50000]] go");
  await app.type(await app.find(".composer-input"), ENTER);
  await app.poll(`return document.querySelector(".message.assistant[data-finish=stop]") ? true : null;`, 300000);
  const seconds = (Date.now() - started) / 1000;
  const gap = await app.execute("window.__gaps.running = false; return window.__gaps.max;");
  console.log(`window_stream_seconds ${seconds.toFixed(1)}`);
  console.log(`window_stream_max_frame_gap_ms ${gap.toFixed(0)}`);
  if (process.env.BENCH_DEBUG) console.log(JSON.stringify(await app.execute("return window.__gaps.big;")));

  // A reasoning model (#16): 20,000 pieces of thinking streamed live in the
  // thinking block, then a 20,000-token answer below it.
  await app.click(await app.find(".new-chat"));
  await app.waitFor(".empty");
  await app.execute(WATCH_FRAMES);
  const thinkStarted = Date.now();
  await app.type(await app.find(".composer-input"), "[[think:reasoning_content:20000]] [[essay:20000]] go");
  await app.type(await app.find(".composer-input"), ENTER);
  await app.poll(`return document.querySelector(".message.assistant[data-finish=stop]") ? true : null;`, 300000);
  const thinkGap = await app.execute("window.__gaps.running = false; return window.__gaps.max;");
  console.log(`window_think_stream_seconds ${((Date.now() - thinkStarted) / 1000).toFixed(1)}`);
  console.log(`window_think_stream_max_frame_gap_ms ${thinkGap.toFixed(0)}`);
  if (process.env.BENCH_DEBUG) console.log(JSON.stringify(await app.execute("return window.__gaps.big;")));
} finally {
  await app.quit();
  await rig.stop();
}
