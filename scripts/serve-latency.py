#!/usr/bin/env python3
"""Measures `shownotes serve`: the time from saving a transcript to its episode page
being served again with the change, as an open browser tab sees it.

    scripts/serve-latency.py [--runs N] [--bin PATH] [--site sample|dev|DIR ...]

Sites: `sample` (this repository's sample podcast, 5 episodes) and `dev` (the Python
Bytes dev split, 250 transcripts: content/ holds links to ../shared/corpus/python-bytes/
transcripts, with `follow_symlinks = true`, and a copy of the one transcript edited);
or a site folder of your own (its first transcript in content/ is edited, in a copy of
the site). Like a page open in the preview, the script listens to the server's event
stream; each run saves the transcript as editors do (a new file renamed over it) with
one new word, waits for the event that makes pages reload, and fetches the episode
page, which must have the word. Prints, per site, the median, minimum and maximum of
save -> page fetched with the change, and of the rebuild time the server reports.
Build the release binary first (`cargo build --release`).
"""
import argparse
import http.client
import json
import queue
import threading
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared")


def sample_site(work):
    site = os.path.join(work, "sample")
    os.makedirs(site)
    for part in ["shownotes.toml", "content", "static", "themes"]:
        src = os.path.join(REPO, part)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(site, part))
        else:
            shutil.copy(src, site)
    first = sorted(f for f in os.listdir(os.path.join(site, "content")) if f.endswith(".txt"))[0]
    return site, os.path.join(site, "content", first)


def dev_site(work):
    corpus = os.path.join(SHARED, "corpus", "python-bytes", "transcripts")
    site = os.path.join(work, "dev")
    content = os.path.join(site, "content")
    os.makedirs(content)
    with open(os.path.join(site, "shownotes.toml"), "w") as f:
        f.write('title = "Python Bytes"\nhosts = ["Michael Kennedy", "Brian Okken"]\nfollow_symlinks = true\n')
    names = sorted(os.listdir(corpus))
    edited = names[len(names) // 2]
    for n in names:
        if n == edited:
            shutil.copy(os.path.join(corpus, n), os.path.join(content, n))
        else:
            os.symlink(os.path.join(corpus, n), os.path.join(content, n))
    return site, os.path.join(content, edited)


def own_site(work, path):
    site = os.path.join(work, "own")
    shutil.copytree(path, site, symlinks=True)
    content = os.path.join(site, "content")
    first = sorted(f for f in os.listdir(content) if f.endswith(".txt"))[0]
    return site, os.path.join(content, first)


def save(path, text):
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".saving")
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def edited(text, word):
    """The transcript with `word` added to its first cue."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^\s*\d{1,2}:\d{2}", line) and len(line) > 12:
            lines[i] = line.rstrip() + " " + word
            return "\n".join(lines)
    raise SystemExit("no cue line found to edit")


def measure(binary, name, site, transcript, runs):
    log = open(os.path.join(site, "..", name + "-serve.log"), "w+")
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--root", site], stdout=log, stderr=subprocess.STDOUT)
    try:
        url = folder = None
        for _ in range(6000):
            log.flush()
            with open(log.name) as f:
                m = re.search(r"^Serving the preview at (\S+) .*preview files in ([^)]+)\)", f.read(), re.M)
            if m:
                url, folder = m.group(1), m.group(2)
                break
            if proc.poll() is not None:
                raise SystemExit(open(log.name).read())
            time.sleep(0.05)
        original = open(transcript).read()

        def rebuilds():
            with open(log.name) as f:
                return re.findall(r"changed: rebuilt .* in ([\d.]+) s$", f.read(), re.M)

        # Find the episode's page with a first edit (not timed).
        save(transcript, edited(original, "WARMUPWORD"))
        while not rebuilds():
            time.sleep(0.01)
        page = None
        for d in os.listdir(os.path.join(folder, "episodes")):
            with open(os.path.join(folder, "episodes", d, "index.html")) as f:
                if "WARMUPWORD" in f.read():
                    page = url + "episodes/" + d + "/"
        assert page, "the edited episode's page was not found"
        # Listen as an open page does.
        host, port = url.split("//")[1].rstrip("/").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=300)
        conn.request("GET", "/__shownotes/events")
        stream = conn.getresponse()
        events = queue.Queue()

        def listen():
            try:
                for raw in stream:
                    line = raw.decode().strip()
                    if line.startswith("data:"):
                        events.put((time.monotonic(), json.loads(line[5:])))
            except (OSError, AttributeError, ValueError):
                pass  # the connection was closed

        threading.Thread(target=listen, daemon=True).start()
        generation = events.get(timeout=60)[1]["generation"]
        totals = []
        for i in range(runs):
            word = "MARKERWORD%03d" % i
            before = len(rebuilds())
            started = time.monotonic()
            save(transcript, edited(original, word))
            while True:
                _, status = events.get(timeout=300)
                if status["generation"] > generation:
                    generation = status["generation"]
                    break
            body = fetch(page)
            totals.append(time.monotonic() - started)
            assert word in body, "the page was served without the change"
            # Let the rebuild's line be written, and the machine settle, before the next.
            while len(rebuilds()) <= before:
                time.sleep(0.01)
            time.sleep(0.3)
        conn.close()
        builds = [float(x) for x in rebuilds()[-runs:]]
        save(transcript, original)
        return totals, builds, page
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)


def ms(xs):
    return "%.0f ms (min %.0f, max %.0f)" % (statistics.median(xs) * 1000, min(xs) * 1000, max(xs) * 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "shownotes"))
    ap.add_argument("--site", action="append", help="sample, dev, or a site folder (default: sample and dev)")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        raise SystemExit(f"no binary at {args.bin}: run `cargo build --release` first, or pass --bin")
    work = tempfile.mkdtemp(prefix="serve-latency-")
    try:
        print("| site | save -> page served with the change (median of %d) | rebuild the server reports |" % args.runs)
        print("| --- | --- | --- |")
        for s in args.site or ["sample", "dev"]:
            if s == "sample":
                site, transcript = sample_site(work)
            elif s == "dev":
                site, transcript = dev_site(work)
            else:
                site, transcript = own_site(work, s)
            totals, builds, _ = measure(args.bin, os.path.basename(site), site, transcript, args.runs)
            print(f"| {s} | {ms(totals)} | {ms(builds)} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
