// Site search: the header's box (the best few results under it) and the search page
// (every result). Pagefind's search script (pagefind/pagefind.js) is loaded the first
// time a box is used; it fetches only the index chunks and fragments a query needs.
// An episode result lists the moments that match, each a link to its cue (#t-80), which
// the episode page scrolls to and its player seeks to. Topics are not in Pagefind's index
// (a record each would be a file each): the topic index's list of names
// (topics/names.json, fetched once) gives the topics whose name has every word of the
// query, the few most covered listed first, each a link to the topic's page. Keys: "/"
// focuses the box, the arrow keys move through the results, Enter opens one, Escape
// closes the list. Without JavaScript the box submits to the
// search page, which says that search needs it and links to the topic index.
(function () {
  "use strict";
  var me = document.currentScript;
  var root = (me && me.getAttribute("data-root")) || "/";
  // Milliseconds of quiet typing before a query runs.
  var DEBOUNCE = 200;
  // Words of a quoted passage.
  var PASSAGE = 30;
  // Topics listed before the episodes, at most.
  var TOPICS = 3;

  var loading = null;
  function pagefind() {
    if (!loading) {
      loading = import(root + "pagefind/pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: root, excerptLength: PASSAGE }).then(function () {
          pf.init();
          // A long catalogue's index comes in shards: search them all as one.
          return fetch(root + "pagefind/shards.json")
            .then(function (r) { return r.ok ? r.json() : []; })
            .catch(function () { return []; })
            .then(function (shards) {
              return Promise.all(shards.map(function (s) {
                return pf.mergeIndex(root + "pagefind/" + s, { baseUrl: root });
              }));
            })
            .then(function () { return pf; });
        });
      });
      loading.catch(function () {
        loading = null;
      });
    }
    return loading;
  }

  // Every topic as [name, slug, episodes], most covered first; [] when there is none.
  var names = null;
  function topicNames() {
    if (!names) {
      names = fetch(root + "topics/names.json")
        .then(function (r) { return r.ok ? r.json() : []; })
        .catch(function () { return []; });
    }
    return names;
  }

  // The topics whose name has a word starting with each word of the query (one that
  // is the whole query first, then the most covered), as results of their own.
  function topicsFor(q, all) {
    var want = q.split(/\s+/).map(norm).filter(Boolean);
    if (!want.length) return [];
    var whole = want.join("");
    var hits = all.filter(function (t) {
      var words = String(t[0]).split(/\s+/).map(norm);
      return want.every(function (w) {
        return words.some(function (n) { return n.indexOf(w) === 0; });
      });
    });
    hits.sort(function (a, b) {
      return (norm(b[0]) === whole) - (norm(a[0]) === whole);
    });
    return hits.slice(0, TOPICS).map(function (t) {
      var d = { url: root + "topics/" + t[1] + "/", meta: { title: t[0] }, episodes: t[2], topic: true };
      return { data: function () { return Promise.resolve(d); } };
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // The words of a passage: from the start of the cue (or a few words before the match
  // in a long one), the words Pagefind matched marked.
  function passage(words, marked, from, first) {
    var start = Math.max(from, first - 8);
    var end = Math.min(words.length, start + PASSAGE);
    var p = el("span", "sr-passage");
    var run = start > 0 ? "\u2026" : "";
    for (var i = start; i < end; i++) {
      if (i > start) run += " ";
      if (marked[i]) {
        p.appendChild(document.createTextNode(run));
        p.appendChild(el("mark", null, words[i]));
        run = "";
      } else {
        run += words[i];
      }
    }
    if (end < words.length) run += "\u2026";
    p.appendChild(document.createTextNode(run));
    return p;
  }

  // The best `max` sub-results that start at an anchor (a cue, or the show notes), in
  // the order they come in the episode.
  function moments(data, max) {
    var subs = (data.sub_results || []).filter(function (s) {
      return s.anchor && s.locations && s.locations.length;
    });
    subs.forEach(function (s) {
      s.weight = 0;
      (s.weighted_locations || []).forEach(function (l) {
        s.weight += l.balanced_score || l.weight || 1;
      });
    });
    subs.sort(function (a, b) {
      return b.weight - a.weight || a.anchor.location - b.anchor.location;
    });
    return subs.slice(0, max).sort(function (a, b) {
      return a.anchor.location - b.anchor.location;
    });
  }

  function episodeItem(data, maxMoments) {
    var words = data.content.split(/[\r\n\s]+/g);
    var marked = {};
    (data.locations || []).forEach(function (l) {
      marked[l] = true;
    });
    var li = el("li", "sr-episode");
    var title = el("a", "sr-title", data.meta.title || data.url);
    title.href = data.url;
    li.appendChild(title);
    if (data.meta.date) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "sr-date", data.meta.date));
    }
    var subs = moments(data, maxMoments);
    if (subs.length) {
      var ul = el("ul", "sr-moments");
      subs.forEach(function (s) {
        var a = el("a");
        a.href = s.url;
        a.appendChild(el("span", "sr-time", s.title));
        a.appendChild(document.createTextNode(" "));
        a.appendChild(passage(words, marked, s.anchor.location, Math.min.apply(null, s.locations)));
        var item = el("li");
        item.appendChild(a);
        ul.appendChild(item);
      });
      li.appendChild(ul);
    } else if (data.locations && data.locations.length) {
      // Matched in the title or description only.
      var p = el("p", "sr-lede");
      p.appendChild(passage(words, marked, 0, Math.min.apply(null, data.locations)));
      li.appendChild(p);
    }
    return li;
  }

  function topicItem(data) {
    var li = el("li", "sr-topic");
    var a = el("a");
    a.href = data.url;
    a.appendChild(el("span", "sr-kind", "Topic"));
    a.appendChild(document.createTextNode(" " + (data.meta.title || data.url)));
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", "sr-date", plural(data.episodes, "episode")));
    return li;
  }

  // Lowercase letters and digits only: "PyScript," -> "pyscript".
  function norm(w) {
    return w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  }

  // The results, or none when a word of the query is in no episode. Pagefind answers a
  // word it has not indexed with the longest indexed word it starts with ("memray"
  // finds every "me"); a word of the query that no matched word of the best result
  // starts with is looked up exactly ("\"memray\"", stemmed but not shortened), and
  // the query finds nothing when that does.
  function found(q, results) {
    if (!results.length) return Promise.resolve(results);
    return results[0].data().then(function (data) {
      var words = data.content.split(/[\r\n\s]+/g);
      var matched = (data.locations || []).map(function (l) {
        return norm(words[l] || "");
      });
      var title = norm(data.meta.title || "");
      var doubtful = q.split(/\s+/).map(norm).filter(function (t) {
        return t && title.indexOf(t) < 0 && !matched.some(function (w) {
          return w.indexOf(t) === 0;
        });
      });
      return Promise.all(
        doubtful.map(function (t) {
          return pagefind().then(function (pf) {
            return pf.search('"' + t + '"');
          });
        })
      ).then(function (exact) {
        return exact.some(function (r) {
          return !r.results.length;
        })
          ? []
          : results;
      });
    });
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function setup(form) {
    var page = form.getAttribute("data-search") === "page";
    var input = form.querySelector("input[type=search]");
    var out = form.querySelector(".search-results");
    if (!input || !out) return;
    var per = page ? 10 : 5;
    var maxMoments = page ? 3 : 2;
    var status = el("p", "sr-status");
    status.setAttribute("role", "status");
    var list = el("ol", "sr-list");
    var foot = el("p", "sr-foot");
    out.appendChild(status);
    out.appendChild(list);
    out.appendChild(foot);
    var seq = 0;
    var current = null;

    function open(yes) {
      if (!page) out.hidden = !yes;
    }
    function allUrl(q) {
      return form.getAttribute("action") + "?q=" + encodeURIComponent(q);
    }
    function fail(e) {
      status.textContent = "Search could not load (" + (e && e.message ? e.message : e) + ").";
      open(true);
    }

    function show(my) {
      var c = current;
      var slice = c.results.slice(c.shown, c.shown + per);
      return Promise.all(
        slice.map(function (r) {
          return r.data();
        })
      ).then(function (datas) {
        if (my !== seq) return null;
        var first = null;
        datas.forEach(function (d) {
          var li = list.appendChild(d.topic ? topicItem(d) : episodeItem(d, maxMoments));
          first = first || li;
        });
        c.shown += slice.length;
        var total = c.results.length;
        status.textContent = total
          ? plural(total, "result") + " for \u201c" + c.q + "\u201d" + (c.shown < total && !page ? ", the best " + c.shown + " below." : ".")
          : "No results for \u201c" + c.q + "\u201d.";
        foot.textContent = "";
        if (c.shown < total) {
          if (page) {
            var more = el("button", "sr-more", "More results");
            more.type = "button";
            more.addEventListener("click", function () {
              more.disabled = true;
              // Focus goes on to the first of the new results.
              show(seq)
                .then(function (li) {
                  var a = li && li.querySelector("a");
                  if (a) a.focus();
                })
                .catch(fail);
            });
            foot.appendChild(more);
          } else {
            var all = el("a", "sr-all", "All " + plural(total, "result"));
            all.href = allUrl(c.q);
            foot.appendChild(all);
          }
        }
        open(true);
        return first;
      });
    }

    function run() {
      var q = input.value.trim();
      var my = ++seq;
      if (!q) {
        current = null;
        list.textContent = "";
        foot.textContent = "";
        status.textContent = "";
        open(false);
        return;
      }
      pagefind()
        .then(function (pf) {
          return pf.debouncedSearch(q, {}, DEBOUNCE);
        })
        .then(function (search) {
          // null: a newer query replaced this one while it waited.
          if (!search || my !== seq) return;
          return Promise.all([found(q, search.results), topicNames()]).then(function (both) {
            if (my !== seq) return;
            var results = topicsFor(q.replace(/"/g, " "), both[1]).concat(both[0]);
            current = { q: q, results: results, shown: 0 };
            list.textContent = "";
            return show(my);
          });
        })
        .catch(fail);
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () {
      pagefind().catch(function () {});
      topicNames();
      if (current) open(true);
    });
    form.addEventListener("focusout", function (e) {
      if (!page && !form.contains(e.relatedTarget)) open(false);
    });
    form.addEventListener("submit", function (e) {
      if (!page) return; // the header's box goes to the search page
      e.preventDefault();
      history.replaceState(null, "", allUrl(input.value.trim()));
      run();
    });
    form.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      var items = Array.prototype.slice.call(out.querySelectorAll("a[href], button:not([disabled])"));
      var i = items.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && items.length) {
        e.preventDefault();
        open(true);
        (items[i + 1] || items[items.length - 1]).focus();
      } else if (e.key === "ArrowUp" && i >= 0) {
        e.preventDefault();
        (i === 0 ? input : items[i - 1]).focus();
      } else if (e.key === "Escape" && !page && !out.hidden) {
        e.preventDefault();
        open(false);
        input.focus();
      }
    });
    if (page) {
      var q = new URLSearchParams(location.search).get("q");
      if (q) {
        input.value = q;
        run();
      }
    }
  }

  var forms = document.querySelectorAll("form[data-search]");
  for (var i = 0; i < forms.length; i++) setup(forms[i]);

  // "/" anywhere but in a text field goes to the search box.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
    var box = document.querySelector("form[data-search] input[type=search]");
    if (!box) return;
    e.preventDefault();
    box.focus();
    box.select();
  });
})();
