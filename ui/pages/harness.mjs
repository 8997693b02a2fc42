// Page tests and the UI bench: the built UI (ui/dist) served on loopback,
// opened in headless Chromium with Tauri's IPC replaced by fake-ipc.js.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { chromium } from "playwright-core";

const DIST = resolve(import.meta.dirname, "../dist");
const FAKE_IPC = resolve(import.meta.dirname, "fake-ipc.js");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".png": "image/png" };

export async function serveUi() {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    const file = join(DIST, path === "/" ? "index.html" : path);
    if (!file.startsWith(DIST)) return response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Chromium as this machine allows it: no sandbox as root, no background network. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/** A page of the app on the fake backend; `query` tunes fake-ipc.js. */
export async function openApp(browser, url, query = "") {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript({ content: await readFile(FAKE_IPC, "utf8") });
  // Long tasks are recorded from the first moment the page exists.
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  await page.goto(`${url}${query}`);
  await page.waitForSelector(".conversation-title");
  return page;
}

/** In the page: click a chat in the sidebar, resolve with ms to its first painted messages. */
export const openChatTiming = (index) =>
  new Promise((resolve) => {
    const started = performance.now();
    document.querySelectorAll(".conversation-title")[index].click();
    const check = () => {
      if (document.querySelector(".message")) requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started)));
      else requestAnimationFrame(check);
    };
    check();
  });

/** In the page: frames' largest gap while `watch` runs (a long task shows as a gap). */
export const frameGaps = () => {
  window.__gaps = { max: 0, frames: 0, running: true };
  let last = performance.now();
  const tick = (now) => {
    window.__gaps.max = Math.max(window.__gaps.max, now - last);
    window.__gaps.frames++;
    last = now;
    if (window.__gaps.running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};
