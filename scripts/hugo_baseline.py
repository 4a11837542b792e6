#!/usr/bin/env python3
"""The generic toolchain on the same content: shownotes against Hugo and Hugo + Pagefind.

    scripts/hugo_baseline.py BINARY --sizes 2000 [--runs 3] [--shared ../shared]
        [--pagefind PATH] [--hugo hugo]

For each size N, the N-episode site of scripts/bench.py (renumbered copies of the Python
Bytes dev corpus with show notes) is built four ways, output on tmpfs, in one hyperfine
run per size (`--runs` runs each after one warm-up), and each output is measured (bytes
and files):

  shownotes            `shownotes build`, default settings (search included), no build cache
  shownotes, no search the same with `[search] enabled = false`
  hugo                 a Hugo site of the same content: one page per episode holding its
                       show notes and its whole transcript (a paragraph per timed line),
                       and one page per tag, the tags being the show-notes items' titles
  hugo + pagefind      Hugo, then the Pagefind CLI indexing its output (`pagefind --site`)

This is the comparison issue 22 asks for. Hugo comes from Debian (`apt-get install hugo`),
the Pagefind CLI from the npm registry (`npm i pagefind` in a scratch folder; pass its
`node_modules/.bin/pagefind` as --pagefind), hyperfine from Debian. Python 3 standard
library only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from bench import make_site  # noqa: E402  (the same N-episode site as the benchmark)

TIMED = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?)\s+(.*)$")
# A show-notes item: a bold link, a link in bold, or a heading that is a link.
ITEM = re.compile(r"\[\*\*(.+?)\*\*\]\(|\*\*\[(.+?)\]\(|^#{2,4}\s+\[(.+?)\]\(", re.M)

LAYOUT_BASE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main data-pagefind-body>{{ block "main" . }}{{ end }}</main></body></html>
"""
LAYOUT_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Params.tags }}<li><a href="{{ (printf "/tags/%s/" (urlize .)) | relURL }}">{{ . }}</a></li>{{ end }}</ul>
{{ .Content }}{{ end }}
"""
LAYOUT_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def hugo_site(site: str, dest: str) -> None:
    """Writes a Hugo site of the shownotes site's content (its content folder of links)."""
    content = os.path.join(site, "content")
    os.makedirs(os.path.join(dest, "content", "episodes"))
    for d in ("_default",):
        os.makedirs(os.path.join(dest, "layouts", d))
    with open(os.path.join(dest, "hugo.toml"), "w") as fh:
        fh.write('baseURL = "https://example.com/"\ntitle = "Python Bytes"\n'
                 'disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]\n'
                 '[taxonomies]\ntag = "tags"\n')
    for name, text in (("baseof.html", LAYOUT_BASE), ("single.html", LAYOUT_SINGLE),
                       ("list.html", LAYOUT_LIST), ("taxonomy.html", LAYOUT_LIST),
                       ("term.html", LAYOUT_LIST)):
        with open(os.path.join(dest, "layouts", "_default", name), "w") as fh:
            fh.write(text)
    files = sorted(os.listdir(content))
    notes = {f.split(".")[0]: os.path.join(content, f) for f in files if f.endswith(".md")}
    for f in files:
        if not f.endswith(".txt"):
            continue
        num = f.split("-")[0]
        with open(os.path.join(content, f), encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        body = []
        for line in lines:
            m = TIMED.match(line)
            if m:
                body.append(f"**{m.group(1)}** {m.group(2)}\n")
        md = ""
        if num in notes:
            with open(notes[num], encoding="utf-8") as fh:
                md = fh.read()
        found = (next(g for g in m if g) for m in ITEM.findall(md))
        tags = sorted(set(t.strip() for t in found if t.strip() and t.strip().isprintable() and any(c.isalnum() for c in t)))
        front = {"title": f"Episode {int(num)}", "tags": tags}
        with open(os.path.join(dest, "content", "episodes", f"{num}.md"), "w", encoding="utf-8") as fh:
            fh.write(json.dumps(front, ensure_ascii=False) + "\n\n" + md + "\n\n## Transcript\n\n" + "\n".join(body))


def measure(folder: str) -> tuple[int, int]:
    total = count = 0
    for dirpath, _, names in os.walk(folder):
        for n in names:
            total += os.lstat(os.path.join(dirpath, n)).st_size
            count += 1
    return total, count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--sizes", default="2000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--out", default="/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir())
    ap.add_argument("--hugo", default="hugo")
    ap.add_argument("--pagefind", default="pagefind")
    ap.add_argument("--json", help="write hyperfine's JSON here (one file per size: NAME-N.json)")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    corpus = os.path.join(a.shared, "corpus", "python-bytes")
    for n in (int(s) for s in a.sizes.split(",")):
        with tempfile.TemporaryDirectory(dir=a.out) as tmp:
            site = make_site(tmp, corpus, n)
            nosearch = os.path.join(tmp, f"nosearch-{n}")
            shutil.copytree(site, nosearch, symlinks=True)
            with open(os.path.join(nosearch, "shownotes.toml"), "a") as fh:
                fh.write("\n[search]\nenabled = false\n")
            hugo = os.path.join(tmp, f"hugo-{n}")
            hugo_site(site, hugo)
            outs = {k: os.path.join(tmp, f"out-{k}") for k in ("sn", "sn-nosearch", "hugo", "hugopf")}
            # No build cache between runs: each shownotes run is a full build.
            def cache(o: str) -> str:
                return os.path.join(os.path.dirname(o), "." + os.path.basename(o) + ".shownotes-cache")
            cmds = {
                "shownotes": f"rm -rf {cache(outs['sn'])}; {binary} build --root {site} -q -o {outs['sn']}",
                "shownotes, no search": f"rm -rf {cache(outs['sn-nosearch'])}; {binary} build --root {nosearch} -q -o {outs['sn-nosearch']}",
                "hugo": f"rm -rf {outs['hugo']}; {a.hugo} --quiet -s {hugo} -d {outs['hugo']}",
                "hugo + pagefind": f"rm -rf {outs['hugopf']}; {a.hugo} --quiet -s {hugo} -d {outs['hugopf']} && {a.pagefind} --site {outs['hugopf']} --quiet",
            }
            hf = ["hyperfine", "--warmup", "1", "--runs", str(a.runs), "--style", "basic", "--shell", "bash"]
            if a.json:
                hf += ["--export-json", f"{a.json}-{n}.json"]
            for name, c in cmds.items():
                hf += ["-n", name, c]
            print(f"## {n} episodes", flush=True)
            subprocess.run(hf, check=True)
            print(f"\n| {n} episodes | output bytes | files |\n| --- | ---: | ---: |")
            for name, key in zip(cmds, outs):
                b, c = measure(outs[key])
                print(f"| {name} | {b / 1e6:,.1f} MB | {c:,} |")


if __name__ == "__main__":
    main()
