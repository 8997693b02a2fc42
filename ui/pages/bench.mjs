// `make bench` figures for the UI in headless Chromium on the scripted
// backend: opening the 10,000-message chat (median of 10), and the longest
// main-thread task while a 50,000-token answer streams.
import { frameGaps, launch, openApp, openChatTiming, serveUi } from "./harness.mjs";

const server = await serveUi();
const browser = await launch();
try {
  const opens = [];
  for (let i = 0; i < 10; i++) {
    const page = await openApp(browser, server.url);
    await page.waitForTimeout(200);
    opens.push(await page.evaluate(openChatTiming, 1));
    await page.close();
  }
  opens.sort((a, b) => a - b);
  console.log(`ui_open_10k_ms ${opens[4].toFixed(0)}`);
  console.log(`ui_open_10k_max_ms ${opens.at(-1).toFixed(0)}`);

  const page = await openApp(browser, server.url, "?tokens=50000&perDelta=200");
  await page.waitForTimeout(300);
  await page.evaluate(() => (window.__longTasks.length = 0));
  await page.evaluate(frameGaps);
  await page.fill(".composer-input", "Write a very long answer");
  await page.press(".composer-input", "Enter");
  await page.waitForFunction(() => window.__fakeStream.done, null, { timeout: 120000 });
  await page.waitForSelector(".message.assistant[data-finish=stop]");
  const result = await page.evaluate(() => {
    window.__gaps.running = false;
    return { tasks: window.__longTasks, gaps: window.__gaps };
  });
  const longest = Math.max(0, ...result.tasks);
  console.log(`ui_stream_longest_task_ms ${longest.toFixed(0)}`);
  console.log(`ui_stream_tasks_over_50ms ${result.tasks.filter((t) => t > 50).length}`);
  console.log(`ui_stream_max_frame_gap_ms ${result.gaps.max.toFixed(0)}`);
} finally {
  await browser.close();
  server.close();
}
