// The real app in a real window (Xvfb), driven through tauri-driver and
// WebKitWebDriver, against fake-comet: the walking skeleton end to end.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP_BIN, ENTER, Session, startRig, startupTimeline } from "./webdriver.mjs";

// The folder a collection is made of: 50 notes of about 5 KB, one of them
// about the blue lighthouse. The folder dialog cannot be clicked through
// WebDriver; debug builds take its answer from COMET_DESK_TEST_FOLDER.
const HANDBOOK = join(mkdtempSync(join(tmpdir(), "comet-collection-")), "Handbook");
function writeHandbook() {
  mkdirSync(HANDBOOK, { recursive: true });
  for (let i = 1; i <= 50; i++) {
    const n = String(i).padStart(2, "0");
    let text = "";
    for (let p = 0; p < 40; p++) text += `Note ${n}, paragraph ${p}: routine matters of the office, rotas and supplies.\n\n`;
    if (i === 17) text += "The blue lighthouse stands at the end of harbour Seventeen.\n\n";
    writeFileSync(join(HANDBOOK, `note-${n}.txt`), text);
  }
}

let rig;
before(async () => {
  writeHandbook();
  rig = await startRig({ env: { COMET_DESK_TEST_FOLDER: HANDBOOK } });
});
after(() => rig?.stop());

test("save a key, chat with a streamed answer, and find it again after a restart", { timeout: 120000 }, async () => {
  let app = await Session.start();
  try {
    const keyInput = await app.waitFor("#api-key");
    await app.screenshot("01-welcome");

    // A refused key gives a plain message and stays on the welcome screen.
    await app.type(keyInput, "sk-bad-key");
    await app.click(await app.find(".key-form button[type=submit]"));
    await app.waitFor(".form-error", (t) => t.includes("This key was refused by CometAPI"));

    await app.clear(keyInput);
    await app.type(keyInput, "Bearer sk-e2e-good");
    await app.click(await app.find(".key-form button[type=submit]"));
    const composer = await app.waitFor(".composer-input");
    // The balance, from CometAPI's quota query.
    await app.waitFor(".balance-amount", (t) => t === "$12.50");

    await app.type(composer, "Hello from the window");
    await app.type(composer, ENTER);
    await app.waitFor(".message.user", (t) => t.includes("Hello from the window"));
    // The answer streams: it shows up before it is finished...
    await app.waitFor(".message.assistant[data-finish=streaming]", (t) => t.includes("You said"));
    // ...and ends complete, rendered as Markdown with highlighted code.
    const answer = await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes('println!("hello")'));
    assert.match(await app.text(answer), /You said: Hello from the window/);
    assert.equal((await app.findAll(".message.assistant .code-block .hljs-keyword")).length > 0, true);
    assert.equal((await app.findAll(".message.assistant strong")).length, 1);
    // Named by the title model (fake-comet: "About" + the first words).
    await app.waitFor(".conversation-title", (t) => t.includes("About Hello from the"));
    await app.screenshot("02-answered");

    // A failure shows in place and the message stays.
    await app.type(composer, "[[fault:403]] are you there?");
    await app.type(composer, ENTER);
    await app.waitFor(".message-error", (t) => t.includes("Access denied"));

    // A thinking model: its thinking streams open above the answer, timed,
    // then folds to "Thought for N s" once the answer starts, and opens on click.
    await app.type(composer, "Think first [[think:reasoning_content:40]] [[fault:slow:60]]");
    await app.type(composer, ENTER);
    await app.waitFor(".message.assistant .thinking[data-state=thinking]", (t) => /Thinking… \d+ s/.test(t) && t.includes("Let me think"));
    await app.screenshot("02b-thinking");
    const thought = await app.waitFor(".message.assistant[data-finish=stop] .thinking[data-state=folded]", (t) => /Thought for \d+ s/.test(t));
    assert.doesNotMatch(await app.text(thought), /Let me think/);
    const answered = await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("You said: Think first"));
    assert.doesNotMatch(await app.text(answered), /Let me think/, "the thinking is folded away");
    await app.click(await app.find(".message.assistant[data-finish=stop] .thinking-toggle"));
    await app.waitFor(".message.assistant .thinking[data-state=open]", (t) => t.includes("step 39"));

    // Claude through /v1/messages with a thinking budget set in the chat's
    // settings: its thinking block streams above the answer and folds.
    await app.click(await app.find(".new-chat"));
    await app.click(await app.waitFor(".chat-header .model-button"));
    const filter = await app.waitFor(".model-menu input");
    await app.type(filter, "claude-sonnet-4-5");
    await app.type(filter, ENTER);
    await app.click(await app.find("[data-action=chat-settings]"));
    await app.type(await app.waitFor(".chat-settings .thinking-budget"), "2048");
    await app.click(await app.find(".chat-settings button[type=submit]"));
    await app.type(await app.find(".composer-input"), "Claude, think it over");
    await app.type(await app.find(".composer-input"), ENTER);
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("You said: Claude, think it over"));
    await app.waitFor(".message.assistant[data-finish=stop] .thinking[data-state=folded]", (t) => /Thought/.test(t));
    await app.click(await app.find(".message.assistant[data-finish=stop] .thinking-toggle"));
    await app.waitFor(".message.assistant .thinking[data-state=open]", (t) => t.includes("Let me think about this."));

    // Folders: the Claude chat goes into a new folder from its Move to… menu.
    await app.click(await app.find(".conversation.active .move"));
    await app.click(await app.waitFor(".move-menu .new-folder-item"));
    const folderName = await app.waitFor(".move-menu .folder-name");
    await app.type(folderName, "Claude chats");
    await app.type(folderName, ENTER);
    await app.waitFor(".folder .folder-title", (t) => t.includes("Claude chats") && t.includes("1"));
    await app.screenshot("02c-folder");
  } finally {
    await app.quit();
  }

  app = await Session.start();
  try {
    // The key is remembered (keyring), and so is the conversation (SQLite).
    await app.waitFor(".conversation-title", (t) => t.includes("Hello from the window"));
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("You said: Hello from the window"));
    // The release feed offers a newer version; nothing installs without a click.
    await app.waitFor(".update-banner", (t) => t.includes("Comet Desk 99.0.0 is available."));
    await app.waitFor(".message.user", (t) => t.includes("[[fault:403]] are you there?"));
    await app.screenshot("03-after-restart");
    await app.click(await app.waitFor(".update-banner button:not(.primary)", (t) => t === "Later"));
    // The chat moved into a folder is still there, and opens from it.
    const folder = await app.waitFor(".folder .folder-title", (t) => t.includes("Claude chats") && t.includes("1"));
    await app.click(folder);
    await app.click(await app.waitFor(".nested .conversation-title", (t) => t.includes("Claude")));
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("You said: Claude, think it over"));
  } finally {
    await app.quit();
  }
  // The log tells where the start's time went, Rust's stages and the page's
  // in the order they happen, ending with the first painted chat screen.
  const timeline = startupTimeline();
  const at = (stage) => timeline.find((line) => line.stage === stage)?.ms;
  const inOrder = (stages) => {
    const times = stages.map(at);
    assert.ok(times.every((ms) => ms >= 0), `every stage is logged: ${JSON.stringify(timeline)}`);
    assert.deepEqual([...times].sort((a, b) => a - b), times, `in order: ${JSON.stringify(timeline)}`);
  };
  inOrder(["window created", "services ready", "page load started"]);
  inOrder(["page load started", "script evaluated", "first answer", "settings and key answered", "chat list answered", "open chat answered", "first paint"]);
});

test("Stop keeps the partial answer; Settings switch to dark and to Chinese at once", { timeout: 120000 }, async () => {
  const app = await Session.start();
  try {
    const composer = await app.waitFor(".composer-input");

    // A second launch hands over to this window and exits at once.
    const second = spawn(APP_BIN, [], { env: { ...process.env, COMET_DESK_DATA_DIR: rig.dataDir }, stdio: "ignore" });
    const code = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve("still running"), 10000);
      second.on("exit", (c) => (clearTimeout(timer), resolve(c)));
    });
    if (code === "still running") second.kill();
    assert.equal(code, 0, "the second instance should exit");
    await app.waitFor(".composer-input");

    // An update whose download fails says so and changes nothing.
    await app.click(await app.waitFor(".update-banner button.primary"));
    await app.waitFor(".update-banner .form-error", (t) => t.includes("could not be installed"));
    await app.click(await app.find(".new-chat"));
    await app.type(composer, "[[fault:slow:60]] [[words:400]]");
    await app.type(composer, ENTER);
    await app.waitFor(".message.assistant[data-finish=streaming]", (t) => t.includes("w5 "));
    await app.click(await app.waitFor(".stop-button"));
    const stopped = await app.waitFor(".message.assistant[data-finish=cancelled]");
    const text = await app.text(stopped);
    assert.match(text, /Stopped\. The text so far is kept\./);
    assert.doesNotMatch(text, /w399/);
    await app.waitFor(".send-button");

    await app.click(await app.find(".settings-button"));
    await app.click(await app.waitFor("select[name=theme] option[value=dark]"));
    await app.click(await app.find("select[name=language] option[value=zh-CN]"));
    await app.click(await app.find(".settings-form button[type=submit]"));
    await app.waitFor("#settings-title", (t) => t === "设置");
    assert.equal(await app.execute("return document.documentElement.dataset.theme;"), "dark");
    await app.click(await app.find(".panel-header button"));
    await app.waitFor(".new-chat", (t) => t.includes("新对话"));
    await app.screenshot("04-dark-chinese");
  } finally {
    await app.quit();
  }
});

test("Ctrl+K finds a message in another conversation and jumps to it", { timeout: 120000 }, async () => {
  const app = await Session.start();
  try {
    const composer = await app.waitFor(".composer-input");
    // The open conversation is the newest one, not the one we look for.
    await app.waitFor(".chat-title", (t) => !t.includes("Hello from the window"));
    await app.type(composer, "\uE009k");
    const input = await app.waitFor(".search-input");
    await app.type(input, "said: Hello from");
    await app.waitFor(".search-hit.selected", (t) => t.includes("You said: Hello from"));
    assert.ok((await app.findAll(".search-hit.selected mark")).length > 0, "the matched words are marked");
    await app.screenshot("05-search");
    await app.type(input, ENTER);
    await app.waitFor(".chat-title", (t) => t === "About Hello from the window");
    await app.waitFor(".message.assistant.flash", (t) => t.includes("You said: Hello from the window"));
    assert.equal((await app.findAll(".search-input")).length, 0, "the dialog closed");

    // o3-pro is served by /v1/responses; picking it is all the user does.
    await app.click(await app.find(".model-button"));
    const filter = await app.waitFor(".model-menu input");
    await app.type(filter, "o3-pro");
    await app.type(filter, ENTER);
    await app.waitFor(".model-button", (t) => t.includes("o3-pro"));
    await app.type(await app.find(".composer-input"), "Reason about this");
    await app.type(await app.find(".composer-input"), ENTER);
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.startsWith("o3-pro") && t.includes("You said: Reason about this"));
  } finally {
    await app.quit();
  }
});

test("Regenerate keeps both answers and ◀ ▶ pages between them; an edit keeps the old question", { timeout: 120000 }, async () => {
  const app = await Session.start();
  try {
    await app.click(await app.waitFor(".new-chat"));
    const composer = await app.waitFor(".composer-input");
    await app.type(composer, "Name a colour");
    await app.type(composer, ENTER);
    const first = await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("You said: Name a colour"));
    const firstId = await app.attribute(first, "data-message-id");
    // Tokens and cost in place, priced from fake-comet's catalogue.
    await app.waitFor(".message.assistant .message-usage", (t) => /\$0\.\d{4}|<\$0\.0001/.test(t));

    await app.click(await app.find(".message.assistant [data-action=regenerate]"));
    await app.waitFor(".message.assistant .pager-position", (t) => t === "2/2");
    const second = await app.waitFor(".message.assistant[data-finish=stop]");
    assert.notEqual(await app.attribute(second, "data-message-id"), firstId, "a new answer is shown");
    assert.equal((await app.findAll(".message.assistant")).length, 1, "one answer shown at a time");
    await app.screenshot("06-regenerated");

    await app.click(await app.find(".message.assistant [data-action=previous]"));
    await app.waitFor(".message.assistant .pager-position", (t) => t === "1/2");
    assert.equal(await app.attribute(await app.find(".message.assistant"), "data-message-id"), firstId);
    await app.click(await app.find(".message.assistant [data-action=next]"));
    await app.waitFor(".message.assistant .pager-position", (t) => t === "2/2");

    // Edit the question: a new branch, the old one a ◀ away.
    await app.click(await app.find(".message.user [data-action=edit]"));
    const editor = await app.waitFor(".message-editor textarea");
    await app.clear(editor);
    await app.type(editor, "Name a warm colour");
    await app.type(editor, ENTER);
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("You said: Name a warm colour"));
    await app.waitFor(".message.user .pager-position", (t) => t === "2/2");
    await app.click(await app.find(".message.user [data-action=previous]"));
    await app.waitFor(".message.user .user-text", (t) => t === "Name a colour");
    await app.waitFor(".message.assistant .pager-position", (t) => t === "2/2");
  } finally {
    await app.quit();
  }
});

test("LaTeX is typeset; Ctrl+N, Ctrl+Shift+R and Ctrl+L work; a pasted image is shown and sent; a Mermaid diagram is drawn", { timeout: 120000 }, async () => {
  const app = await Session.start();
  try {
    const composer = await app.waitFor(".composer-input");
    await app.type(composer, "\uE009n\uE009");
    await app.waitFor(".empty");
    await app.type(await app.find(".composer-input"), "Euler: $e^{i\\pi}+1=0$");
    await app.type(await app.find(".composer-input"), ENTER);
    await app.waitFor(".message.assistant[data-finish=stop] .katex");
    assert.equal((await app.findAll(".message.user .katex")).length, 0, "the question shows as typed");
    await app.screenshot("07-latex");

    await app.type(await app.find(".composer-input"), "\uE009\uE008r\uE008\uE009");
    await app.waitFor(".message.assistant .pager-position", (t) => t === "2/2");
    await app.type(await app.find(".message.assistant [data-action=previous]"), "\uE009l\uE009");
    const focused = await app.execute("return document.activeElement.className;");
    assert.match(focused, /composer-input/);

    // `/` opens the prompt library: a built-in prompt (in Chinese, the
    // language chosen earlier) has its blanks filled, then goes as a question.
    await app.type(await app.find(".composer-input"), "/翻译");
    await app.waitFor(".prompt-picker .prompt-option.selected .prompt-name", (t) => t === "翻译");
    await app.type(await app.find(".composer-input"), ENTER);
    await app.type(await app.waitFor(".variable-form [data-variable=language]"), "French");
    await app.type(await app.find(".variable-form [data-variable=text]"), "Good morning");
    await app.click(await app.find(".variable-form button[type=submit]"));
    await app.type(await app.find(".composer-input"), ENTER);
    await app.waitFor(".message.user", (t) => t.includes("翻译成French") && t.includes("Good morning"));
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("Good morning"));

    // Paste a picture: Rust checks and stores it, the page shows it through
    // the comet-image scheme, and it goes with the question.
    await app.execute(`
      const canvas = document.createElement("canvas");
      canvas.width = 64; canvas.height = 48;
      const g = canvas.getContext("2d"); g.fillStyle = "#c33"; g.fillRect(0, 0, 64, 48);
      canvas.toBlob((blob) => {
        const data = new DataTransfer();
        data.items.add(new File([blob], "red.png", { type: "image/png" }));
        document.querySelector(".composer-input").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      }, "image/png");`);
    const thumb = await app.waitFor(".pending-images img");
    await app.waitFor(".pending-images img", () => true);
    for (let i = 0; i < 50 && !(await app.execute("return arguments[0].naturalWidth;", [{ "element-6066-11e4-a52e-4f735466cecf": thumb }])); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await app.execute("return arguments[0].naturalWidth;", [{ "element-6066-11e4-a52e-4f735466cecf": thumb }]), 64);
    await app.type(await app.find(".composer-input"), "What colour?");
    await app.type(await app.find(".composer-input"), ENTER);
    // o3-pro is not listed as reading images: the user is asked first.
    await app.waitFor(".vision-warning", (t) => t.includes("o3-pro"));
    await app.click(await app.find(".vision-warning button"));
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("You said: What colour?"));
    assert.equal((await app.findAll(".message.user .message-images img")).length, 1);
    assert.equal((await app.findAll(".pending-images img")).length, 0, "sent images leave the composer");

    // Paste a Word file: Rust reads its text, a chip names it with its size
    // in tokens, the text goes before the question, and the sent question
    // keeps the chip, whose click shows the text as it was sent.
    const docx = readFileSync(new URL("../crates/core/tests/fixtures/documents/report.docx", import.meta.url)).toString("base64");
    await app.execute(`
      const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "report.docx", { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }));
      document.querySelector(".composer-input").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));`, [docx]);
    await app.waitFor(".composer-box [data-document='report.docx'] .chip-size", (t) => /\d/.test(t));
    await app.type(await app.find(".composer-input"), "Sum it up");
    await app.type(await app.find(".composer-input"), ENTER);
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("Revenue rose 12% & costs fell.") && t.includes("Sum it up"));
    assert.equal((await app.findAll(".composer-box [data-document]")).length, 0, "sent documents leave the composer");
    await app.click(await app.waitFor(".message.user [data-document='report.docx'] .chip-open"));
    await app.waitFor(".document-text .document-body", (t) => t.includes("Quarterly report") && t.includes("Ada"));
    await app.screenshot("07a-document");
    await app.type(await app.find(".document-text .panel-header button"), "\uE00C");
    await app.poll("return document.querySelector('.document-text') ? null : true;", 5000);

    // A PDF is read by the app's binary in a child process: its chip counts
    // pages. A text far past the model's context goes as the passages
    // nearest the question, which the answer lists as sources that open.
    const pdf = readFileSync(new URL("../crates/core/tests/fixtures/documents/report.pdf", import.meta.url)).toString("base64");
    await app.execute(`
      const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
      let long = "";
      for (let i = 0; i < 9000; i++) {
        long += "Paragraph " + i + " covers routine office matters, meetings and schedules.\\n\\n";
        if (i === 6123) long += "The old lighthouse keeper painted the tower red in 1921.\\n\\n";
      }
      const data = new DataTransfer();
      data.items.add(new File([bytes], "report.pdf", { type: "application/pdf" }));
      data.items.add(new File([long], "minutes.txt", { type: "text/plain" }));
      document.querySelector(".composer-input").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));`, [pdf]);
    await app.waitFor(".composer-box [data-document='report.pdf'] .chip-size", (t) => t.startsWith("3 "));
    await app.waitFor(".composer-box [data-document='minutes.txt'] .chip-size", (t) => /\d/.test(t));
    await app.type(await app.find(".composer-input"), "Who painted the lighthouse tower?");
    await app.type(await app.find(".composer-input"), ENTER);
    // The sources are there as the answer starts (the echo of eight passages
    // streams for a while: it is stopped once they are seen).
    await app.waitFor(".message.assistant[data-finish=streaming] .answer-sources", (t) => t.includes("minutes.txt"));
    await app.click(await app.find(".stop-button"));
    const sources = ".message.assistant[data-finish=cancelled] .answer-sources";
    await app.waitFor(sources, (t) => t.includes("minutes.txt"));
    await app.click(await app.find(`${sources} .source-chip[data-source='1']`));
    await app.waitFor(".passage-text .passage-body", (t) => t.length > 20);
    await app.screenshot("07c-sources");
    await app.type(await app.find(".passage-text .panel-header button"), "\uE00C");
    await app.poll("return document.querySelector('.passage-text') ? null : true;", 5000);

    // Mermaid: the diagram is drawn above its folded source; a source it
    // cannot read, and a kind the app leaves out, say so in place (in
    // Chinese, the language chosen earlier) with the source shown.
    await app.type(await app.find(".composer-input"), "How does it go? [[diagram]]");
    await app.type(await app.find(".composer-input"), ENTER);
    const diagram = ".message.assistant[data-finish=stop] .code-block[data-diagram=drawn]";
    await app.waitFor(`${diagram} .diagram-picture svg`, (t) => t.includes("Ask a question") && t.includes("Answer it"));
    const shown = await app.execute(`const block = document.querySelector(arguments[0]);
      return [block.querySelector(".diagram-picture svg").getBoundingClientRect().width, getComputedStyle(block.querySelector("pre")).display];`, [diagram]);
    assert.ok(shown[0] > 100, `the diagram has a size (${shown[0]} px)`);
    assert.equal(shown[1], "none", "the source is folded away");
    await app.screenshot("07b-diagram");
    await app.click(await app.find(`${diagram} [data-action=diagram-source]`));
    assert.notEqual(await app.execute("return getComputedStyle(document.querySelector(arguments[0] + ' pre')).display;", [diagram]), "none");
    await app.type(await app.find(".composer-input"), "And this? [[diagram:broken]]");
    await app.type(await app.find(".composer-input"), ENTER);
    // Its answer must end before the next question can be sent.
    await app.waitFor(".message.assistant[data-finish=stop] .code-block[data-diagram=failed] .diagram-error", (t) => t.startsWith("无法绘制此图表"));
    await app.type(await app.find(".composer-input"), "A pie? [[diagram:pie]]");
    await app.type(await app.find(".composer-input"), ENTER);
    await app.waitFor(".message.assistant .code-block[data-diagram=failed] .diagram-error", (t) => t.includes("不支持此类图表"));
    assert.equal((await app.findAll(".message.assistant .code-block[data-diagram=failed] pre")).length, 2, "both sources stay shown");
  } finally {
    await app.quit();
  }
});

test("Compare: two models answer side by side, the kept one becomes the chat's answer", { timeout: 120000 }, async () => {
  const app = await Session.start();
  try {
    await app.click(await app.waitFor(".new-chat"));
    // Back to a model that reads images is not needed here: pick gpt-4o-mini.
    await app.click(await app.find(".chat-header .model-button"));
    const filter = await app.waitFor(".model-menu input");
    await app.type(filter, "gpt-4o-mini");
    await app.type(filter, ENTER);
    await app.click(await app.find("[data-action=compare]"));
    await app.click(await app.waitFor(".compare-bar .model-button"));
    const add = await app.waitFor(".compare-bar .model-menu input");
    await app.type(add, "deepseek");
    await app.type(add, ENTER);
    await app.waitFor(".compare-bar .chip", (t) => t.includes("deepseek-chat"));

    await app.type(await app.find(".composer-input"), "Compare me");
    await app.type(await app.find(".composer-input"), ENTER);
    await app.waitFor(".compare-lane[data-lane='1'][data-done=true]", (t) => t.includes("You said: Compare me"));
    await app.waitFor(".compare-lane[data-lane='0'][data-done=true]", (t) => t.includes("gpt-4o-mini"));
    const lane1 = await app.text(await app.find(".compare-lane[data-lane='1']"));
    assert.match(lane1, /\d+\.\d s/, "latency shown");
    assert.match(lane1, /\$0\.\d{4}|<\$0\.0001/, "cost shown");
    await app.screenshot("08-compare");

    await app.click(await app.find(".compare-lane[data-lane='1'] [data-action=keep]"));
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.startsWith("deepseek-chat"));
    await app.waitFor(".message.assistant .pager-position", (t) => t === "2/2");
    assert.equal((await app.findAll(".compare-lane")).length, 0, "the comparison closes");
  } finally {
    await app.quit();
  }
});

test("Usage shows the calls made, by model, with the balance; a small budget raises the banner", { timeout: 120000 }, async () => {
  const app = await Session.start();
  try {
    await app.click(await app.waitFor("[data-action=usage]"));
    await app.waitFor(".usage-calls", (t) => Number(t) >= 10);
    const byModel = await app.text(await app.find(".usage-view > .usage-table"));
    for (const model of ["gpt-4o-mini", "deepseek-chat", "o3-pro"]) assert.ok(byModel.includes(model), `${model} listed`);
    await app.waitFor(".usage-view .balance-amount", (t) => t === "$12.50");
    await app.waitFor(".cost-chart canvas");
    await app.screenshot("09-usage");
    // CometAPI's own record beside ours (fake-comet: $0.05 every third day).
    await app.click(await app.find(".server-compare summary"));
    await app.waitFor(".server-compare td", (t) => t === "$0.0500");
    // A costly chat's link opens it.
    await app.click(await app.find(".top-chats button"));
    await app.waitFor(".composer-input");

    // A budget below what was spent: the banner says so at once.
    await app.click(await app.find(".settings-button"));
    const budget = await app.waitFor(".budget-input");
    await app.type(budget, "0.0001");
    await app.click(await app.find(".settings-form button[type=submit]"));
    await app.waitFor(".budget-banner.over");
  } finally {
    await app.quit();
  }
});

test("Images: gpt-4o-image's progress bar reaches 100, the image is in the gallery and found by a word of its prompt", { timeout: 120000 }, async () => {
  const app = await Session.start();
  try {
    await app.click(await app.waitFor("[data-action=images]"));
    const prompt = await app.waitFor(".image-prompt");
    await app.type(prompt, "A lighthouse at dusk in watercolour");
    await app.click(await app.find(".generate-button"));
    await app.waitFor(".generation[data-done=true]");
    assert.equal(await app.execute("return document.querySelector('.generation-progress').value;"), 100);
    // The card comes before its thumbnail has loaded: wait for the pixels.
    const loaded = await app.poll("const i = document.querySelector('.gallery-item img'); return i && i.complete && i.naturalWidth > 0 ? i.naturalWidth : null;", 15000);
    assert.equal(loaded, 384, "the 384 px thumbnail is shown");
    await app.screenshot("10-images");

    // Search by a word of its prompt.
    await app.type(await app.find(".gallery-search"), "watercolour");
    await app.waitFor(".gallery-item", (t) => true);
    assert.equal((await app.findAll(".gallery-item")).length, 1);
    await app.clear(await app.find(".gallery-search"));
    await app.type(await app.find(".gallery-search"), "submarine");
    for (let i = 0; i < 30 && (await app.findAll(".gallery-item")).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await app.findAll(".gallery-item")).length, 0);
    // Emptied by keys: WebDriver's clear sends no input event.
    await app.type(await app.find(".gallery-search"), "\uE009a\uE009\uE003");
    await app.click(await app.waitFor(".gallery-item"));
    await app.waitFor(".viewer-prompt", (t) => t === "A lighthouse at dusk in watercolour");
    // Star it, delete it, and bring it back with Undo.
    await app.click(await app.find("[data-action=favourite-image]"));
    await app.waitFor("[data-action=favourite-image][aria-pressed=true]");
    await app.click(await app.find("[data-action=delete-image]"));
    await app.waitFor("[data-action=undo-delete]");
    assert.equal((await app.findAll(".gallery-item")).length, 0);
    await app.click(await app.find("[data-action=undo-delete]"));
    await app.waitFor(".gallery-item .star-mark");
  } finally {
    await app.quit();
  }
});

test("Gallery: Save writes the image and its prompt to the images folder; an edit is the image's child; a chat's image is kept and shown", { timeout: 150000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), "comet-saved-"));
  const app = await Session.start();
  try {
    await app.click(await app.waitFor(".settings-button"));
    await app.type(await app.waitFor(".image-folder-input"), folder);
    await app.click(await app.find(".settings-form button[type=submit]"));
    await app.waitFor(".settings-saved");
    await app.click(await app.find(".panel-header button"));

    await app.click(await app.waitFor("[data-action=images]"));
    await app.click(await app.waitFor(".gallery-item"));
    await app.click(await app.waitFor("[data-action=save-image]"));
    await app.waitFor(".viewer-status", (t) => t.includes(folder));
    const saved = readdirSync(folder).sort();
    assert.equal(saved.length, 2, saved.join(", "));
    const picture = saved.find((n) => n.endsWith(".png"));
    assert.ok(picture?.startsWith("A lighthouse at dusk in watercolour"), picture);
    assert.deepEqual([...readFileSync(join(folder, picture)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "a PNG");
    const sidecar = JSON.parse(readFileSync(join(folder, picture.replace(/\.png$/, ".json")), "utf8"));
    assert.equal(sidecar.prompt, "A lighthouse at dusk in watercolour");
    assert.equal(sidecar.model, "gpt-4o-image");

    // Edit this image with gpt-image-1: the result records its parent.
    await app.click(await app.find("[data-action=edit-image]"));
    await app.waitFor(".reference-slot img");
    await app.click(await app.find(".image-model option[value='gpt-image-1']"));
    await app.type(await app.find(".image-prompt"), "The same lighthouse at night");
    await app.click(await app.find(".generate-button"));
    await app.waitFor(".generation[data-done=true] .generation-prompt", (t) => t.includes("at night"));
    await app.click(await app.waitFor(".gallery-item[title='The same lighthouse at night']"));
    await app.click(await app.waitFor("[data-lineage=parent]"));
    await app.waitFor(".viewer-prompt", (t) => t === "A lighthouse at dusk in watercolour");
    await app.waitFor("[data-lineage=child]");
    await app.screenshot("11-lineage");
    // Copy puts the picture on the clipboard (GTK's, under Xvfb here).
    await app.click(await app.find("[data-action=copy-image]"));
    await app.waitFor(".viewer-status", (t) => /copied|已复制/.test(t));
    await app.click(await app.find(".close-viewer"));

    // Asked for in a chat: the picture shows from its kept copy, and is in the gallery.
    await app.click(await app.waitFor(".new-chat"));
    await app.click(await app.waitFor(".model-button"));
    const filter = await app.waitFor(".model-menu input");
    await app.type(filter, "gpt-4o-image");
    await app.type(filter, ENTER);
    await app.waitFor(".model-button", (t) => t.includes("gpt-4o-image"));
    await app.type(await app.find(".composer-input"), "A paper crane on a desk");
    await app.type(await app.find(".composer-input"), ENTER);
    await app.waitFor(".message.assistant[data-finish=stop]");
    const src = await app.execute("return document.querySelector('.message.assistant .md-block img:not(.remote-image)')?.getAttribute('src') ?? null;");
    assert.match(src ?? "", /^comet-image:\/\/localhost\/[0-9a-f]{64}\.png$/);
    for (let i = 0; i < 50; i++) {
      if (await app.execute("return document.querySelector('.message.assistant .md-block img:not(.remote-image)')?.naturalWidth ?? 0;")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await app.execute("return document.querySelector('.message.assistant .md-block img:not(.remote-image)').naturalWidth;"), 1024);
    await app.screenshot("12-chat-image");
    await app.click(await app.find("[data-action=images]"));
    await app.waitFor(".gallery-item[title='A paper crane on a desk'] .chat-mark");
  } finally {
    await app.quit();
  }
});

test("the chat screen takes typing the moment it appears: the composer has the focus and Enter sends", { timeout: 60000 }, async () => {
  const app = await Session.start();
  try {
    const composer = await app.waitFor(".composer-input");
    assert.equal(await app.execute("return document.activeElement?.classList.contains('composer-input') ?? false;"), true, "the composer has the focus");
    await app.type(composer, "Typed at once");
    await app.type(composer, ENTER);
    await app.waitFor(".message.user", (t) => t.includes("Typed at once"));
    // The newest chat may be any model's (after the whole file, an image model's): its answer names the words.
    await app.waitFor(".message.assistant[data-finish=stop]", (t) => t.includes("Typed at once"));
    // Nothing the start did afterwards took the words or the chat away.
    await new Promise((r) => setTimeout(r, 1000));
    await app.waitFor(".message.user", (t) => t.includes("Typed at once"));
    assert.equal(await app.execute("return document.querySelector('.composer-input').value;"), "");
  } finally {
    await app.quit();
  }
});

test("a folder of 50 files becomes a collection indexed with progress, kept after a restart, and a chat's answers cite it", { timeout: 150000 }, async () => {
  const card = ".collection-card[data-collection='Handbook']";
  // Read from the card's data, not its words: an earlier test may have left the app in Chinese.
  const counts = `const c = document.querySelector("${card}[data-reading=false]");
    return c ? { files: Number(c.dataset.files), passages: Number(c.dataset.passages), embedded: Number(c.dataset.embedded) } : null;`;
  let app = await Session.start();
  try {
    await app.click(await app.waitFor("[data-action=collections]"));
    // Reading can be quick: a watcher notes whether progress was ever shown.
    await app.execute(`window.__sawProgress = false;
      new MutationObserver(() => { if (document.querySelector('.collection-progress progress')) window.__sawProgress = true; })
        .observe(document.body, { subtree: true, childList: true, characterData: true });`);
    await app.click(await app.waitFor("[data-action=collection-from-folder]"));
    await app.poll(`const n = (() => { ${counts} })(); return n && n.files === 50 && n.passages >= 100 && n.embedded === n.passages ? n : null;`, 60000);
    assert.equal(await app.execute("return window.__sawProgress;"), true, "progress was shown while reading");
    await app.screenshot("20-collection");
  } finally {
    await app.quit();
  }

  app = await Session.start();
  try {
    await app.click(await app.waitFor("[data-action=collections]"));
    await app.poll(`const n = (() => { ${counts} })(); return n && n.files === 50 ? n : null;`, 20000);
    await app.click(await app.find(`${card} .collection-name`));
    await app.waitFor(`${card} .collection-file[data-file='note-17.txt']`);

    // A new chat searches the collection with every question.
    await app.click(await app.waitFor(".new-chat"));
    await app.waitFor(".chat-collection select");
    await app.execute(`const s = document.querySelector('.chat-collection select');
      s.value = [...s.options].find((o) => o.text.includes('Handbook')).value;
      s.dispatchEvent(new Event('change', { bubbles: true }));`);
    await app.type(await app.waitFor(".composer-input"), "Which harbour has the blue lighthouse?");
    await app.type(await app.find(".composer-input"), ENTER);
    const sources = ".message.assistant[data-finish=stop] .answer-sources";
    await app.waitFor(sources, (t) => t.includes("note-17.txt"), 60000);
    await app.screenshot("21-collection-sources");
  } finally {
    await app.quit();
  }
});
