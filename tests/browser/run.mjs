// Drives Debian's chromium for tests/browser.rs. Reads a JSON job (argv[2]) and prints a
// JSON result: what the player did when a chapter was clicked and when the page was
// opened at #t=MM:SS, and axe-core's accessibility violations for each page.
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
const out = { seek: null, fragment: null, axe: [] };
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
  for (const url of job.axe || []) {
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.html.slice(0, 200)) }));
    });
    out.axe.push({ url, violations: result });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
