#!/usr/bin/env python3
"""Measures `shownotes serve`: the time from saving a transcript to its episode page
being served again with the change, as an open browser tab sees it; and the time from
starting the server to its first answer.

    scripts/serve-latency.py [--runs N] [--starts N] [--bin PATH] [--site sample|dev|devN|DIR ...]

Sites: `sample` (this repository's sample podcast, 5 episodes), `dev` (the Python
Bytes dev split, 250 transcripts: content/ holds links to ../shared/corpus/python-bytes/
transcripts, with `follow_symlinks = true`, and a copy of the one transcript edited),
`devN` (N episodes with their show notes, made as scripts/bench.py makes them: renumbered
copies of the dev split, linked; the middle transcript a copy, edited); or a site folder
of your own (its first transcript in content/ is edited, in a copy of the site).

Start: the server is started on a free port and its front page fetched until it answers
200 (a page of the site, not "being built"): first with no preview kept (the first run
on a site builds it), then --starts times with the preview the run before kept; and when
the full site is ready (the "Serving the preview at" line).

Saves: like a page open in the preview, the script listens to the server's event stream;
each run saves the transcript as editors do (a new file renamed over it) with one new
word, waits for the event that makes the page reload (a new `step`), and fetches the
episode page, which must have the word. Prints, per site, the median, minimum and
maximum of save -> page fetched with the change, and of the full rebuild time the server
reports. Build the release binary first (`cargo build --release`).
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
import socket
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


def bench_site(work, n):
    """N episodes with show notes, as scripts/bench.py makes them; the middle transcript
    a copy (edited), the rest links."""
    sys.path.insert(0, os.path.join(REPO, "scripts"))
    import importlib

    bench = importlib.import_module("bench")
    site = bench.make_site(work, os.path.join(SHARED, "corpus", "python-bytes"), n)
    content = os.path.join(site, "content")
    txts = sorted(f for f in os.listdir(content) if not f.endswith(".md"))
    edited = os.path.join(content, txts[len(txts) // 2])
    target = os.path.realpath(edited)
    os.unlink(edited)
    shutil.copy(target, edited)
    return site, edited


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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status == 200
    except Exception:
        return False


def start(binary, site, log):
    """Starts the server; returns it, its address, the seconds to its first 200 answer
    of the front page, and to the full site being ready, and the preview folder."""
    port = free_port()
    url = "http://127.0.0.1:%d/" % port
    started = time.monotonic()
    proc = subprocess.Popen([binary, "serve", "--port", str(port), "--root", site], stdout=log, stderr=subprocess.STDOUT)
    first = None
    while first is None:
        if answers(url):
            first = time.monotonic() - started
        elif proc.poll() is not None:
            raise SystemExit(open(log.name).read())
        else:
            time.sleep(0.01)
    while True:
        log.flush()
        with open(log.name) as f:
            m = re.search(r"^Serving the preview at (\S+) .*preview files in ([^)]+)\)", f.read(), re.M)
        if m:
            return proc, url, first, time.monotonic() - started, m.group(2)
        if proc.poll() is not None:
            raise SystemExit(open(log.name).read())
        time.sleep(0.01)


def stop(proc):
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=300)


def measure_starts(binary, name, site, starts):
    """Seconds to the first answer and to the full site, with no kept preview and then
    with the one the run before kept."""
    shutil.rmtree(os.path.join(site, ".public.shownotes-cache"), ignore_errors=True)
    cold, warm = None, []
    for i in range(starts + 1):
        log = open(os.path.join(site, "..", "%s-start-%d.log" % (name, i)), "w+")
        proc, _, first, ready, _ = start(binary, site, log)
        stop(proc)
        if i == 0:
            cold = (first, ready)
        else:
            warm.append((first, ready))
    return cold, warm


def measure(binary, name, site, transcript, runs):
    log = open(os.path.join(site, "..", name + "-serve.log"), "w+")
    proc, url, _, _, folder = start(binary, site, log)
    try:
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
        # (A server from before `step` existed reloads pages on each new `generation`.)
        stepof = lambda status: status.get("step", status["generation"])
        step = stepof(events.get(timeout=60)[1])
        totals = []
        for i in range(runs):
            word = "MARKERWORD%03d" % i
            before = len(rebuilds())
            started = time.monotonic()
            save(transcript, edited(original, word))
            while True:
                _, status = events.get(timeout=300)
                if stepof(status) > step:
                    step = stepof(status)
                    if status.get("pages") is None or "/" + page.split("/", 3)[3] in status["pages"]:
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
        stop(proc)


def ms(xs):
    return "%.0f ms (min %.0f, max %.0f)" % (statistics.median(xs) * 1000, min(xs) * 1000, max(xs) * 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--starts", type=int, default=3, help="starts with a kept preview (0: no start measured)")
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "shownotes"))
    ap.add_argument("--site", action="append", help="sample, dev, or a site folder (default: sample and dev)")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        raise SystemExit(f"no binary at {args.bin}: run `cargo build --release` first, or pass --bin")
    work = tempfile.mkdtemp(prefix="serve-latency-")
    try:
        print(
            "| site | start: first answer, no kept preview / full site | start with the kept preview: first answer / full site (median of %d) "
            "| save -> page served with the change (median of %d) | full rebuild the server reports |" % (args.starts, args.runs)
        )
        print("| --- | --- | --- | --- | --- |")
        for s in args.site or ["sample", "dev"]:
            if s == "sample":
                site, transcript = sample_site(work)
            elif s == "dev":
                site, transcript = dev_site(work)
            elif re.fullmatch(r"dev\d+", s):
                site, transcript = bench_site(work, int(s[3:]))
            else:
                site, transcript = own_site(work, s)
            name = os.path.basename(site)
            starts = "n/a | n/a"
            if args.starts > 0:
                (cold_first, cold_ready), warm = measure_starts(args.bin, name, site, args.starts)
                starts = "%.2f s / %.2f s | %s / %s" % (
                    cold_first,
                    cold_ready,
                    ms([w[0] for w in warm]),
                    ms([w[1] for w in warm]),
                )
            totals, builds, _ = measure(args.bin, name, site, transcript, args.runs)
            print(f"| {s} | {starts} | {ms(totals)} | {ms(builds)} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
