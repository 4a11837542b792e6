// Drives Debian's chromium for tests/serve_browser.rs: a page open in `shownotes serve`'s
// preview reloads by itself when its transcript is saved, shows a broken template's
// error over the page (without reloading), and reloads without the error once the
// template is fixed. Reads a JSON job (argv[2]), edits the site's files itself (saving
// as editors do: a new file renamed over the old one), and prints a JSON result.
import { readFileSync, renameSync, unlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium } from "playwright-core";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));

function save(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${dirname(path)}/.${path.split("/").pop()}.saving`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const browser = await chromium.launch({
  executablePath: job.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const out = {};
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  let reloads = 0;
  page.on("load", () => { reloads += 1; });

  // Open the page and wait until it listens for rebuilds.
  const listening = page.waitForResponse((r) => r.url().endsWith("/__shownotes/events"));
  await page.goto(job.url, { waitUntil: "load" });
  await listening;
  out.before = await page.evaluate((w) => document.body.innerText.includes(w), job.expect);
  // A mark that only this document carries: gone once the page has reloaded.
  await page.evaluate(() => { window.__notReloaded = true; });

  // 1. Save the transcript: the page reloads by itself and shows the new text.
  let loaded = page.waitForEvent("load");
  const saved = Date.now();
  save(job.transcript, job.transcriptText);
  await loaded;
  out.reloadMs = Date.now() - saved;
  // The page came first; the rest of the site catches up, and the page reloads once
  // more only if the full build changed it. Wait for that before going on.
  const statusUrl = new URL("/__shownotes/status", job.url).href;
  for (let i = 0; i < 600; i++) {
    const s = await (await fetch(statusUrl)).json();
    if (s.ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500));
  await page.waitForLoadState("load");
  out.edit = await page.evaluate((w) => ({
    reloaded: window.__notReloaded === undefined,
    shows: document.body.innerText.includes(w),
  }), job.expect);

  // 2. Break the template: the error shows over the page, which is not reloaded.
  await page.evaluate(() => { window.__notReloaded = true; });
  const before = reloads;
  save(job.template, job.brokenTemplate);
  await page.waitForSelector("#shownotes-errors", { state: "visible" });
  out.broken = await page.evaluate((w) => {
    const box = document.getElementById("shownotes-errors");
    const r = box.getBoundingClientRect();
    return {
      overlay: box.innerText,
      role: box.getAttribute("role"),
      visible: r.width > 0 && r.height > 0,
      reloaded: window.__notReloaded === undefined,
      stillShows: document.body.innerText.includes(w),
    };
  }, job.expect);
  out.broken.reloads = reloads - before;
  if (job.screenshot) await page.screenshot({ path: job.screenshot });

  // 3. Fix it: the overlay goes. The fixed build's page is the last good build's, so
  // the page is not reloaded (a page reloads only when what it shows changed).
  unlinkSync(job.template);
  await page.waitForSelector("#shownotes-errors", { state: "detached" });
  out.fixed = await page.evaluate((w) => ({
    reloaded: window.__notReloaded === undefined,
    overlay: document.getElementById("shownotes-errors") !== null,
    shows: document.body.innerText.includes(w),
  }), job.expect);

  // The search box finds the saved word: the preview's search index was rebuilt too,
  // and its script, worker and chunks load from the preview server.
  await page.fill("#site-search", job.expect);
  await page.waitForFunction(
    (q) => { const s = document.querySelector("#site-search-results .sr-status"); return s && s.textContent.includes("\u201c" + q + "\u201d"); },
    job.expect,
  );
  out.search = await page.evaluate(() => Array.from(document.querySelectorAll("#site-search-results a")).map((a) => a.getAttribute("href")));

  // 4. Many tabs of the preview: the browser keeps six connections to a server, so
  // pages in the background must let their event streams go, or the seventh tab would
  // never load. Each tab is sent to the background once loaded; the last comes back.
  const isEvents = (r) => r.url().endsWith("/__shownotes/events");
  const hide = (state) => {
    Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  };
  let tab = null;
  out.tabs = 0;
  for (let i = 0; i < 9; i++) {
    tab = await context.newPage();
    const tabListening = tab.waitForResponse(isEvents, { timeout: 15000 });
    await tab.goto(job.url, { waitUntil: "load", timeout: 15000 });
    await tabListening;
    await tab.evaluate(hide, "hidden");
    out.tabs += 1;
  }
  const back = tab.waitForResponse(isEvents, { timeout: 15000 });
  await tab.evaluate(hide, "visible");
  await back;
  out.backListening = true;
  out.errors = errors;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
