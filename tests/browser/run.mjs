// Drives Debian's chromium for tests/browser.rs (and scripts/search-bench.sh). Reads a
// JSON job (argv[2]) and prints a JSON result: what the player did when a chapter was
// clicked and when the page was opened at #t=MM:SS; what the search box found for a word,
// where opening a result landed, how long the first results took and what the browser
// downloaded for them, and the no-JavaScript fallback; and axe-core's accessibility
// violations for each page (and for pages with the search results open).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const job = JSON.parse(readFileSync(process.argv[2], "utf8"));

const browser = await chromium.launch({
  executablePath: job.chromium,
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
  ],
});
const out = { seek: null, fragment: null, search: null, nojs: null, axe: [] };

// axe-core's violations on the page as it is now.
async function audit(page, label) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.html.slice(0, 200)) }));
  });
  out.axe.push({ url: label, violations });
}

// Types `query` into the box `/` focuses and waits for its results; returns how long
// they took (from the first keystroke) and the links they hold.
async function ask(page, query, results) {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press("/");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  const started = Date.now();
  await page.keyboard.type(query);
  await page.waitForFunction(
    ([sel, q]) => { const s = document.querySelector(sel + " .sr-status"); return s && s.textContent.includes("\u201c" + q + "\u201d"); },
    [results, query], { timeout: 30000 },
  );
  const ms = Date.now() - started;
  const links = await page.evaluate((sel) => Array.from(document.querySelectorAll(sel + " a")).map((a) => ({
    href: a.getAttribute("href"), text: a.textContent, marks: Array.from(a.querySelectorAll("mark")).map((m) => m.textContent),
    topic: !!a.closest(".sr-topic"),
  })), results);
  const status = await page.evaluate((sel) => document.querySelector(sel + " .sr-status").textContent, results);
  return { focused, ms, links, status };
}
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  if (job.seek) {
    await page.goto(job.seek.url, { waitUntil: "load" });
    // A real click on the chapter's timestamp.
    await page.click(job.seek.selector);
    await page.waitForFunction(
      (t) => { const a = document.getElementById("player"); return a && a.readyState >= 1 && Math.abs(a.currentTime - t) < 1.5; },
      job.seek.start, { timeout: 15000 },
    ).catch(() => {});
    const state = await page.evaluate(() => {
      const a = document.getElementById("player");
      return { currentTime: a ? a.currentTime : null, duration: a ? a.duration : null, hash: location.hash, paused: a ? a.paused : null };
    });
    // The VTT as Chromium's own WebVTT parser reads it.
    const cues = await page.evaluate(async () => {
      const a = document.getElementById("player");
      const track = a && a.textTracks[0];
      if (!track) return null;
      track.mode = "hidden";
      for (let i = 0; i < 100 && (!track.cues || track.cues.length === 0); i++) await new Promise((r) => setTimeout(r, 100));
      return track.cues ? Array.from(track.cues).map((c) => [c.startTime, c.endTime, c.text]) : null;
    });
    out.seek = { ...state, cues, errors: errors.slice() };
  }
  if (job.fragment) {
    const p2 = await context.newPage();
    await p2.goto(job.fragment.url, { waitUntil: "load" });
    await p2.waitForFunction(
      (t) => { const a = document.getElementById("player"); return a && a.readyState >= 1 && Math.abs(a.currentTime - t) < 0.5; },
      job.fragment.start, { timeout: 15000 },
    ).catch(() => {});
    out.fragment = await p2.evaluate(() => ({ currentTime: document.getElementById("player").currentTime }));
    await p2.close();
  }
  if (job.search) {
    const s = job.search;
    const ctx = await browser.newContext({ colorScheme: s.colorScheme || "light" });
    const p = await ctx.newPage();
    p.setDefaultTimeout(30000);
    if (s.phone) {
      // A mid-range phone on a mobile network, as DevTools emulates one: the CPU four
      // times slower, 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up.
      const cdp = await ctx.newCDPSession(p);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
      });
    }
    const errs = [];
    p.on("pageerror", (e) => errs.push(String(e)));
    // Every byte the browser fetched for the search (the page itself was loaded before).
    let bytes = 0;
    const fetched = [];
    await p.goto(s.url, { waitUntil: "load" });
    p.on("requestfinished", async (req) => {
      const sizes = await req.sizes().catch(() => null);
      if (!sizes) return;
      bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      fetched.push(req.url().replace(/^https?:\/\/[^/]+/, ""));
    });
    const res = { first: null, topic: null, landed: null, page: null, errors: errs };
    res.first = await ask(p, s.query, "#site-search-results");
    await p.waitForTimeout(300); // let the last fetches finish
    res.first.bytes = bytes;
    res.first.fetched = fetched.slice().sort();
    if (s.audit) await audit(p, s.url + " (search results open, " + (s.colorScheme || "light") + ")");
    // The same query again: the index chunks and fragments are loaded.
    await p.fill("#site-search", "");
    res.again = await ask(p, s.query, "#site-search-results");
    if (s.topic) {
      await p.fill("#site-search", "");
      res.topic = await ask(p, s.topic, "#site-search-results");
    }
    if (s.episode) {
      // Back to the word; arrow down to a moment of the episode, Enter opens it.
      await p.fill("#site-search", "");
      await ask(p, s.query, "#site-search-results");
      let chosen = null;
      for (let i = 0; i < 60 && !chosen; i++) {
        await p.keyboard.press("ArrowDown");
        const a = await p.evaluate(() => ({ href: document.activeElement.getAttribute("href"), text: document.activeElement.textContent }));
        if (a.href && a.href.startsWith(s.episode + "#t-")) chosen = a;
      }
      res.chosen = chosen;
      if (chosen) {
        await Promise.all([p.waitForURL((u) => u.hash === chosen.href.slice(chosen.href.indexOf("#"))), p.keyboard.press("Enter")]);
        await p.waitForLoadState("load");
        const t = Number(chosen.href.split("#t-")[1]);
        await p.waitForFunction(
          (t) => { const a = document.getElementById("player"); return !a || (a.readyState >= 1 && Math.abs(a.currentTime - Math.min(t, a.duration)) < 1); },
          t, { timeout: 15000 },
        ).catch(() => {});
        res.landed = await p.evaluate(() => {
          const target = document.querySelector(":target");
          const r = target && target.getBoundingClientRect();
          const a = document.getElementById("player");
          return {
            path: location.pathname, hash: location.hash, id: target && target.id,
            text: target && target.textContent, top: r && r.top, bottom: r && r.bottom, viewport: innerHeight,
            player: a ? { currentTime: a.currentTime, duration: a.duration } : null,
          };
        });
      }
    }
    if (s.page) {
      // The search page, opened with ?q=: every result, and the page's own box.
      await p.goto(s.page, { waitUntil: "load" });
      await p.waitForFunction(() => { const st = document.querySelector("#search-page-results .sr-status"); return st && st.textContent.length > 0; });
      res.page = await p.evaluate(() => ({
        status: document.querySelector("#search-page-results .sr-status").textContent,
        value: document.getElementById("search-page-q").value,
        links: Array.from(document.querySelectorAll("#search-page-results a")).map((a) => a.getAttribute("href")),
      }));
      if (s.audit) await audit(p, s.page + " (" + (s.colorScheme || "light") + ")");
    }
    out.search = res;
    await ctx.close();
  }
  if (job.nojs) {
    // Without JavaScript the header's box submits to the search page, which says search
    // needs it and links to the topic index.
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const p = await ctx.newPage();
    await p.goto(job.nojs.url, { waitUntil: "load" });
    await p.fill("#site-search", job.nojs.query);
    await Promise.all([p.waitForNavigation({ waitUntil: "load" }), p.press("#site-search", "Enter")]);
    out.nojs = await p.evaluate(() => {
      const n = document.querySelector(".search-needs-js");
      return {
        url: location.pathname + location.search,
        message: n ? n.textContent : null,
        visible: !!(n && n.getClientRects().length),
        links: n ? Array.from(n.querySelectorAll("a")).map((a) => a.getAttribute("href")) : [],
      };
    });
    await ctx.close();
  }
  if (job.topics) {
    // The topic index's filter box and a topic page's sort buttons.
    const t = job.topics;
    const p = await context.newPage();
    await p.goto(t.index, { waitUntil: "load" });
    const shown = await p.evaluate(() => !document.querySelector(".topic-filter").hidden);
    await p.fill("#topic-filter", t.query);
    await p.waitForSelector(".topic-matches li a", { timeout: 10000 }).catch(() => {});
    const matches = await p.evaluate(() =>
      Array.from(document.querySelectorAll(".topic-matches li a")).map((a) => [a.textContent, a.getAttribute("href")]));
    await audit(p, t.index + " (filter open)");
    await p.goto(t.topic, { waitUntil: "load" });
    const order = () => p.evaluate(() =>
      Array.from(document.querySelectorAll("#topic-episodes > li")).map((li) => Number(li.dataset.newest)));
    const before = await order();
    const buttons = await p.evaluate(() => !document.querySelector("p.order").hidden);
    await p.click("p.order button[data-sort=newest]");
    const newest = await order();
    const pressed = await p.evaluate(() => document.querySelector("p.order button[data-sort=newest]").getAttribute("aria-pressed"));
    await p.click("p.order button[data-sort=rank]");
    const back = await order();
    await audit(p, t.topic);
    out.topics = { shown, matches, before, buttons, newest, pressed, back, errors: errors.slice() };
    await p.close();
  }
  for (const url of job.axe || []) {
    await page.goto(url, { waitUntil: "load" });
    await audit(page, url);
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
