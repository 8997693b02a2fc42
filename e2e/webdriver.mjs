// A small W3C WebDriver client over fetch, plus the processes an end-to-end
// run needs: fake-comet and tauri-driver (which starts the real app).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
export const APP_BIN = resolve(root, process.env.APP_BIN ?? "target/debug/comet-desk");
const FAKE_BIN = resolve(root, process.env.FAKE_BIN ?? "target/debug/fake-comet");
const SHOTS = resolve(root, "target/e2e-shots");
const LOGS = resolve(root, "target/e2e-logs");
const DRIVER_PORT = Number(process.env.DRIVER_PORT ?? 4444);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startProcess(cmd, args, env, readyPattern) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(readyPattern);
      if (match) {
        clearTimeout(timer);
        resolveReady({ child, match });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${cmd} exited with ${code}: ${output}`)));
  });
}

/** fake-comet, the profile folder and tauri-driver; `stop()` ends them.
 * `seed(dataDir)` may put a database in the profile before the app starts.
 * `gpu: false` runs WebKit without compositing layers as the app ships on
 * Linux; WebKitWebDriver cannot take screenshots then, so tests keep them. */
export async function startRig({ chunkMs = 15, seed = () => {}, gpu = true, logFile = defaultLogFile(), env = {} } = {}) {
  // A run that died in another file may have left its app or drivers
  // behind: they would hold the port or take this app's single instance.
  killLeftovers();
  currentLog = logFile;
  const dataDir = mkdtempSync(join(tmpdir(), "comet-e2e-"));
  seed(dataDir);
  const fake = await startProcess(FAKE_BIN, ["--port", "0", "--chunk-ms", String(chunkMs)], {}, /listening on (\S+)/);
  const baseUrl = fake.match[1];
  const driver = spawn("tauri-driver", ["--port", String(DRIVER_PORT), "--native-driver", "/usr/bin/WebKitWebDriver"], {
    env: {
      ...process.env,
      COMET_DESK_BASE_URL: baseUrl,
      COMET_DESK_BALANCE_URL: baseUrl,
      COMET_DESK_DATA_DIR: dataDir,
      COMET_DESK_UPDATE_URL: `${baseUrl}/updates/latest.json`,
      // The window tests take screenshots, which WebKitWebDriver cannot do
      // without GPU compositing layers: they turn them and the DMA-BUF
      // renderer on. The benches (`gpu: false`) run the app as shipped.
      ...(gpu ? { WEBKIT_DISABLE_DMABUF_RENDERER: "0" } : {}),
      COMET_DESK_GPU: gpu ? "1" : "0",
      ...env,
    },
    // The app's own output (its log) goes where tauri-driver's does; a
    // failing wait prints its end.
    stdio: ["ignore", openSync(logFile, "a"), openSync(logFile, "a")],
    // Its own process group, so that stop() ends WebKitWebDriver and the app too.
    detached: true,
  });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${DRIVER_PORT}/status`);
      break;
    } catch {
      await sleep(100);
    }
  }
  return {
    baseUrl,
    dataDir,
    async stop() {
      try {
        process.kill(-driver.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
      fake.child.kill();
      killLeftovers();
      for (let i = 0; i < 50 && appRunning(); i++) await sleep(100);
    },
  };
}

let currentLog = null;

function defaultLogFile() {
  mkdirSync(LOGS, { recursive: true });
  return join(LOGS, `${basename(process.argv[1] ?? "run", ".mjs")}-${Date.now()}.log`);
}

/** The end of the app's log, for an error message: in CI it is all there is. */
export function logTail(lines = 40) {
  if (!currentLog || !existsSync(currentLog)) return "(no log)";
  return readFileSync(currentLog, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** The start-up timeline of the app's last launch: each stage the log
 * names ("window created after 80 ms") with its time, in the log's order. */
export function startupTimeline() {
  const log = currentLog && existsSync(currentLog) ? readFileSync(currentLog, "utf8") : "";
  // From the start of the line that opens the last launch.
  const launch = log.lastIndexOf("\n", log.lastIndexOf("window created after")) + 1;
  return [...log.slice(launch).matchAll(/comet::startup: (.+?) after (-?\d+) ms/g)].map(([, stage, ms]) => ({ stage, ms: Number(ms) }));
}

function killLeftovers() {
  for (const pattern of [APP_BIN, "WebKitWebDriver", "tauri-driver"]) {
    try {
      execFileSync("pkill", ["-KILL", "-f", pattern], { stdio: "ignore" });
    } catch {
      // Nothing matched.
    }
  }
}

async function call(method, path, body) {
  const response = await fetch(`http://127.0.0.1:${DRIVER_PORT}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A driver that stopped answering fails this call, not the whole run.
    signal: AbortSignal.timeout(90000),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Session {
  static async start() {
    const value = await call("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application: APP_BIN } } },
    });
    return new Session(value.sessionId);
  }

  constructor(id) {
    this.id = id;
  }

  /** Ends the session and waits for the app to exit: a new session's app
   * would otherwise find it still running and hand over to it (single instance). */
  async quit() {
    await call("DELETE", `/session/${this.id}`);
    for (let i = 0; i < 100 && appRunning(); i++) await sleep(100);
  }

  async find(css) {
    const value = await call("POST", `/session/${this.id}/element`, { using: "css selector", value: css });
    return value[ELEMENT];
  }

  async findAll(css) {
    const value = await call("POST", `/session/${this.id}/elements`, { using: "css selector", value: css });
    return value.map((v) => v[ELEMENT]);
  }

  /** Polls until `css` exists (and, if given, its text passes `test`). */
  async waitFor(css, test = () => true, timeoutMs = 20000) {
    const end = Date.now() + timeoutMs;
    let last = "";
    while (Date.now() < end) {
      try {
        for (const id of await this.findAll(css)) {
          last = await this.text(id);
          if (test(last)) return id;
        }
      } catch {
        // The page may be reloading; try again.
      }
      await sleep(100);
    }
    // A dead session or a rig without screenshots must not hide the reason below.
    await this.screenshot(`timeout-${css.replace(/\W+/g, "_")}`).catch(() => {});
    throw new Error(`timed out waiting for ${css}; last text: ${JSON.stringify(last)}\napp log:\n${logTail()}`);
  }

  /** Runs `script` in the page until it returns something (not null). */
  async poll(script, timeoutMs = 120000) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const value = await this.execute(script);
      if (value !== null && value !== undefined) return value;
      await sleep(50);
    }
    throw new Error(`timed out: ${script}\napp log:\n${logTail()}`);
  }

  /** The element's text content (WebKit's rendered text drops clipped text). */
  async text(id) {
    return this.execute("return arguments[0].textContent;", [{ [ELEMENT]: id }]);
  }

  async attribute(id, name) {
    return call("GET", `/session/${this.id}/element/${id}/attribute/${name}`);
  }

  /** WebKitWebDriver answers "element not interactable" while the element
   * is still moving (an answer just ended and the chat scrolls to it) or
   * partly hidden: scrolled into view and tried again for a few seconds,
   * then the error with a screenshot. */
  async click(id) {
    for (let attempt = 0; ; attempt++) {
      try {
        await call("POST", `/session/${this.id}/element/${id}/click`, {});
        return;
      } catch (error) {
        if (!/not interactable/.test(String(error)) || attempt >= 30) {
          await this.screenshot("click-failed").catch(() => {});
          throw error;
        }
        // Or it is half under the composer at the list's bottom edge, which
        // WebKitWebDriver does not scroll past: bring it to the middle.
        await this.execute("arguments[0].scrollIntoView({ block: 'center' });", [{ [ELEMENT]: id }]).catch(() => {});
        await sleep(100);
      }
    }
  }

  async clear(id) {
    await call("POST", `/session/${this.id}/element/${id}/clear`, {});
  }

  async type(id, text) {
    await call("POST", `/session/${this.id}/element/${id}/value`, { text });
  }

  /** Into an iframe (by element id), and back out to the window. */
  async enterFrame(id) {
    await call("POST", `/session/${this.id}/frame`, { id: { [ELEMENT]: id } });
  }

  async leaveFrame() {
    await call("POST", `/session/${this.id}/frame/parent`, {});
  }

  async execute(script, args = []) {
    return call("POST", `/session/${this.id}/execute/sync`, { script, args });
  }

  async screenshot(name) {
    // Let the window repaint after the last DOM change.
    await sleep(300);
    const png = await call("GET", `/session/${this.id}/screenshot`);
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, `${name}.png`), Buffer.from(png, "base64"));
  }
}

export const ENTER = "\uE007";

function appRunning() {
  try {
    execFileSync("pgrep", ["-f", APP_BIN], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
