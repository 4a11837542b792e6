// Lays pages out in Chromium at given widths for tests/browser.rs and reports what a
// reader would see go wrong: the page scrolling sideways, text boxes drawn over one
// another (list numbers included), list numbers hanging outside the content column, and
// text under 12 px (an SVG's text as drawn, its font size times the picture's scale).
// Reads a JSON job (argv[2]): {chromium, urls, widths, shots: [{url, width, path}]}.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const browser = await chromium.launch({
  executablePath: job.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// Runs in the page: what is wrong with its layout.
function inspect() {
  const MIN_PX = 12;
  const SLACK = 1; // px: boxes that touch do not overlap
  const out = { scrollWidth: document.scrollingElement.scrollWidth, innerWidth, small: [], overlaps: [], hanging: [] };
  const main = document.querySelector("main") || document.body;
  const mainStyle = getComputedStyle(main);
  const columnLeft = main.getBoundingClientRect().left + parseFloat(mainStyle.paddingLeft) + scrollX;
  const visible = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden") return false;
      if (e.classList.contains("visually-hidden")) return false;
      if (e.tagName === "title" || e.tagName === "desc") return false;
    }
    return true;
  };
  const describe = (node) => {
    const el = node.nodeType === 1 ? node : node.parentElement;
    const path = [];
    for (let e = el; e && e !== document.body && path.length < 4; e = e.parentElement) {
      path.unshift(e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""));
    }
    return path.join(" > ") + " \"" + (node.textContent || "").trim().slice(0, 40) + "\"";
  };
  // Every visible text node of the page: its size, and (in the main column) its boxes.
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || !visible(n.parentElement)) continue;
    const el = n.parentElement;
    if (el.closest("script, style, noscript")) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest("svg");
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    if (size < MIN_PX - 0.05) out.small.push(describe(n) + " " + size.toFixed(1) + "px");
    if (!main.contains(n)) continue;
    for (const r of rects) boxes.push({ who: n, left: r.left, right: r.right, top: r.top, bottom: r.bottom });
  }
  // List numbers drawn outside their items: where the marker is, from its text's width.
  const canvas = document.createElement("canvas").getContext("2d");
  for (const list of main.querySelectorAll("ol, ul")) {
    const items = Array.from(list.children).filter((li) => li.tagName === "LI" && visible(li));
    let n = list.tagName === "OL" ? (list.hasAttribute("start") ? Number(list.getAttribute("start")) : 1) : 0;
    for (const li of items) {
      const s = getComputedStyle(li);
      const number = li.hasAttribute("value") ? Number(li.getAttribute("value")) : n;
      n = number + 1;
      if (s.listStyleType === "none" || s.display !== "list-item" || s.listStylePosition !== "outside") continue;
      canvas.font = s.font;
      const text = s.listStyleType === "decimal" ? number + ". " : "\u2022 ";
      const width = canvas.measureText(text).width;
      const first = li.getClientRects()[0];
      if (!first) continue;
      const lineHeight = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.2;
      const marker = { who: li, marker: text.trim(), left: first.left - width, right: first.left, top: first.top, bottom: first.top + lineHeight };
      boxes.push(marker);
      if (marker.left + scrollX < columnLeft - SLACK) {
        out.hanging.push(`${describe(li)}: marker "${text.trim()}" starts ${(columnLeft - marker.left - scrollX).toFixed(1)}px left of the content column`);
      }
    }
  }
  // Overlaps: a sweep over the boxes by their tops.
  boxes.sort((a, b) => a.top - b.top);
  for (let i = 0; i < boxes.length && out.overlaps.length < 20; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].top < a.bottom - SLACK; j++) {
      const b = boxes[j];
      if (a.who === b.who || (a.marker && a.who.contains(b.who)) || (b.marker && b.who.contains(a.who))) continue;
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > SLACK && y > SLACK) {
        const name = (o) => (o.marker ? `marker "${o.marker}" of ` : "") + describe(o.who);
        out.overlaps.push(`${name(a)} overlaps ${name(b)} by ${x.toFixed(0)}x${y.toFixed(0)}px`);
      }
    }
  }
  out.small = out.small.slice(0, 20);
  out.hanging = out.hanging.slice(0, 20);
  return out;
}

const pages = [];
try {
  for (const width of job.widths || []) {
    const ctx = await browser.newContext({ viewport: { width, height: 844 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20000);
    for (const url of job.urls || []) {
      await page.goto(url, { waitUntil: "load" });
      pages.push({ url, width, ...(await page.evaluate(inspect)) });
    }
    await ctx.close();
  }
  for (const shot of job.shots || []) {
    const ctx = await browser.newContext({ viewport: { width: shot.width, height: 844 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    await page.goto(shot.url, { waitUntil: "load" });
    await page.screenshot({ path: shot.path, fullPage: false });
    await ctx.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ pages }));
