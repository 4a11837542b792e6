#!/usr/bin/env python3
"""Scores the hosts and guests a build lists against hand annotations.

    scripts/people_score.py ANNOTATIONS.json SITE_OUTPUT [SITE_OUTPUT ...] [--show practicalai]

ANNOTATIONS is people.json ({"episodes": [{"file", "hosts", "guests"}, ...]}); each
SITE_OUTPUT is a built site whose api/episodes/*.json hold `hosts` and `guests`. An
annotated file `show/name.md` is matched to the episode JSON whose slug is its file
stem's slug. Prints guest recall and precision (names as the annotation spells them,
case-insensitive), the share of episodes with a guest that list one, and host figures.
Standard library only.
"""
import json
import os
import re
import sys


def slug(s):
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", s.lower())).strip("-")


def norm(name):
    return " ".join(name.lower().split())


def load_site(out):
    eps = {}
    d = os.path.join(out, "api", "episodes")
    for f in sorted(os.listdir(d)):
        if f.endswith(".json"):
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                j = json.load(fh)
            eps[slug(j["slug"])] = j
    return eps


def main(argv):
    show = None
    if "--show" in argv:
        i = argv.index("--show")
        show = argv[i + 1]
        del argv[i : i + 2]
    if len(argv) < 3:
        print(__doc__)
        return 2
    annot = json.load(open(argv[1], encoding="utf-8"))["episodes"]
    sites = {}
    for out in argv[2:]:
        sites.update(load_site(out))
    g_true = g_listed = g_right = 0
    h_true = h_listed = h_right = 0
    with_guest = with_guest_listed = 0
    missing = []
    rows = []
    for a in annot:
        if show and not a["file"].startswith(show + "/"):
            continue
        stem = os.path.splitext(os.path.basename(a["file"]))[0]
        ep = sites.get(slug(stem))
        if ep is None:
            missing.append(a["file"])
            continue
        gold_g = {norm(n) for n in a["guests"]}
        gold_h = {norm(n) for n in a["hosts"]}
        got_g = {norm(n) for n in ep.get("guests", [])}
        got_h = {norm(n) for n in ep.get("hosts", [])}
        g_true += len(gold_g)
        g_listed += len(got_g)
        g_right += len(gold_g & got_g)
        h_true += len(gold_h)
        h_listed += len(got_h)
        h_right += len(gold_h & got_h)
        if gold_g:
            with_guest += 1
            with_guest_listed += bool(gold_g & got_g)
        if gold_g != got_g or gold_h != got_h:
            rows.append(
                f"  {a['file']}: guests missed {sorted(gold_g - got_g)} wrong {sorted(got_g - gold_g)}"
                f"; hosts missed {sorted(gold_h - got_h)} wrong {sorted(got_h - gold_h)}"
            )
    pct = lambda a, b: f"{100 * a / b:.1f}% ({a}/{b})" if b else "n/a"
    print(f"episodes scored: {len(annot) - len(missing) if not show else '-'}; not found in the build: {len(missing)}")
    for m in missing:
        print(f"  not found: {m}")
    print(f"guest recall     {pct(g_right, g_true)}")
    print(f"guest precision  {pct(g_right, g_listed)}")
    print(f"episodes with a guest that list one (right): {pct(with_guest_listed, with_guest)}")
    print(f"host recall      {pct(h_right, h_true)}")
    print(f"host precision   {pct(h_right, h_listed)}")
    if rows:
        print("differences:")
        print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
