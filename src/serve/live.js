// shownotes serve: reloads the page when a rebuild (or a saved episode's pages, updated
// at once) has changed it, and shows the build's errors over the page until they are
// fixed. Added to pages as they are served by `shownotes serve`; the built site never
// contains it.
(() => {
  "use strict";
  const me = document.currentScript;
  // The step of the site this page was served at; a page that stands for no file
  // (the 404 page, "being built") reloads on every step.
  let step = Number(me && me.dataset.generation);
  const any = !!(me && me.hasAttribute("data-any"));
  let box = null;
  let badge = null;
  let hiddenFor = null; // the build whose errors the reader closed

  function show(status) {
    const problems = status.problems || [];
    if (problems.length === 0 || status.build === hiddenFor) {
      if (box) { box.remove(); box = null; }
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "shownotes-errors";
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Build errors");
      box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:70vh;overflow:auto;"
        + "margin:0;padding:1em 1.25em;background:#3b0d0c;color:#fff;font:14px/1.45 ui-monospace,monospace;"
        + "border-bottom:4px solid #e5484d;box-shadow:0 4px 24px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", "Hide until the next build");
    close.style.cssText = "float:right;font:inherit;font-size:20px;line-height:1;background:none;color:#fff;border:0;cursor:pointer";
    close.onclick = () => { hiddenFor = status.build; show(status); };
    box.appendChild(close);
    const head = document.createElement("p");
    head.style.cssText = "margin:0 0 .5em;padding:0;font:inherit;font-weight:bold;color:#fff;background:none";
    head.textContent = status.failed
      ? "The build failed: the pages shown are from the last good build."
      : status.held
        ? "A change broke the build: the pages shown are from the last good build."
        : "The build reported errors: the files named were skipped.";
    box.appendChild(head);
    for (const p of problems) {
      const pre = document.createElement("pre");
      pre.className = "shownotes-error";
      pre.style.cssText = "margin:.25em 0;padding:0;border:0;white-space:pre-wrap;font:inherit;color:#fff;background:none;box-shadow:none;overflow:visible";
      const where = p.file ? (p.line ? `${p.file}:${p.line}: ` : `${p.file}: `) : "";
      pre.textContent = where + p.message;
      box.appendChild(pre);
    }
  }

  // This page's address as the server names pages: `/episodes/x/`.
  function here() {
    let p = location.pathname;
    if (p.endsWith("/index.html")) p = p.slice(0, -"index.html".length);
    try { return decodeURI(p); } catch (e) { return p; }
  }

  // A step away: reload, unless it is the next step and this page is not among those
  // it changed.
  function changed(status) {
    if (status.step === step) return false;
    if (!any && status.step === step + 1 && Array.isArray(status.pages) && !status.pages.includes(here())) {
      step = status.step;
      return false;
    }
    return true;
  }

  // While the whole site is not built: a note in a corner, gone once it is.
  function note(status) {
    if (status.ready || !(status.kept || status.step > 0)) {
      if (badge) { badge.remove(); badge = null; }
      return;
    }
    if (!badge) {
      badge = document.createElement("div");
      badge.id = "shownotes-building";
      badge.setAttribute("role", "status");
      badge.style.cssText = "position:fixed;z-index:2147483646;right:.75em;bottom:.75em;max-width:22em;padding:.4em .7em;"
        + "background:#1d2b3a;color:#fff;font:12px/1.4 system-ui,sans-serif;border-radius:4px;opacity:.9;pointer-events:none";
      document.body.appendChild(badge);
    }
    badge.textContent = status.kept
      ? "Preview kept from the last run: the site is being built\u2026"
      : "This page is updated; the rest of the site is catching up\u2026";
  }

  // Browsers keep at most six connections to one server: a tab in the background lets
  // its go, so that many open tabs cannot starve the preview. The status it gets back
  // when shown again tells whether the site changed meanwhile.
  let events = null;
  function listen() {
    if (events) return;
    events = new EventSource("/__shownotes/events");
    events.onmessage = (e) => {
      const status = JSON.parse(e.data);
      if (changed(status)) {
        events.close();
        location.reload();
        return;
      }
      show(status);
      note(status);
    };
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && events) {
      events.close();
      events = null;
    } else if (document.visibilityState === "visible") {
      listen();
    }
  });
  if (document.visibilityState !== "hidden") listen();
})();
