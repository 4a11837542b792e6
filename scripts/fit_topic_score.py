#!/usr/bin/env python3
"""Fits the topic models (the data file src/extract/data/topic-model.txt, written by this
script and read by src/extract/topic_model.rs) on the Python Bytes dev split and reports
cross-validated recall@10 / precision@10.

    T=../shared/corpus/python-bytes/transcripts
    cargo run --release --example candidates -- $T "Python Bytes" "Michael Kennedy,Brian Okken" > /tmp/cands.jsonl
    SITES_OF=5 cargo run --release --example candidates -- $T "Python Bytes" "Michael Kennedy,Brian Okken" \\
        > /tmp/small.jsonl
    python3 ../shared/topic-eval/gold.py ../shared/corpus/python-bytes -o /tmp/gold.json
    python3 scripts/fit_topic_score.py /tmp/cands.jsonl /tmp/small.jsonl /tmp/gold.json \\
        [--write [PATH]]    # PATH defaults to src/extract/data/topic-model.txt

One feature is itself learned: a table of weights for the words around a mention ("a
library called X", "X is a"), fitted first (see fit_context). Each model has two stages,
both over the feature vector Rust computes
(`topics::feature_vector`, dumped as "x" by the example, so there is one definition):
a logistic regression ranks every candidate, then a small gradient-boosted tree model
re-ranks the best 150. Labels come from the shared scorer's matching rule: a candidate is
positive when it matches an item of its episode's show notes. The large model learns from
the features episodes have in the whole catalogue; the small one (used by sites with
fewer than topics::SMALL_CATALOGUE episodes) from the features they have in sites of
five, where idf says little. Two-fold cross-validation by episode (odd/even numbers)
gives the reported figures; the written models are fitted on all dev episodes. Only dev
episodes (<= 250) are read. Needs numpy and scikit-learn.
"""
import argparse, json, os, re, sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.environ.get("TOPIC_EVAL", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "topic-eval")))
from score import Matcher  # noqa: E402
from split import in_split  # noqa: E402

FEATURES = ["ln_tf", "idf", "ln_burst", "proper", "shaped", "bigram", "trigram", "ctx_rate", "once", "focus",
            "rare_once", "in_title", "sponsor_rate", "url_like", "person", "loose_edge", "first_rel", "spread",
            "word_idf_max", "word_idf_min", "ln_family", "ln_chars", "digit", "caps_first", "context"]
CONTEXT = FEATURES.index("context")
# The context table: words seen around the mentions of at least this many training
# candidates, weighted by a logistic regression (L2, C below) of "is an item".
CONTEXT_MIN_SUPPORT = 30
CONTEXT_C = 0.1
CONTEXT_PRIOR = 2  # must match topics.rs
RERANK = 150  # must match topics.rs
# Episodes per site in the small-catalogue dump (SITES_OF for the candidates example).
SMALL_SITE = 5
TREES = dict(max_iter=60, learning_rate=0.1, max_leaf_nodes=15, random_state=0)
# Where --write puts the models by default: the data file src/extract/topic_model.rs embeds.
MODEL_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "extract", "data", "topic-model.txt")


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def overlaps(a, b):
    if a["fold"] == b["fold"]:
        return True
    s, l = sorted([a["key"], b["key"]], key=len)
    return f" {s} " in f" {l} "


def X_of(e):
    return np.array([c["x"] for c in e["cands"]], dtype=float).reshape(-1, len(FEATURES))


def top_k(e, scores, k=10):
    order = sorted(range(len(e["cands"])), key=lambda i: (-scores[i], e["cands"][i]["key"]))
    out = []
    for i in order:
        c = e["cands"][i]
        if not any(overlaps(c, o) for o in out):
            out.append(c)
        if len(out) == k:
            break
    return out


def fit_context(train):
    """Weights of the words around mentions ("L1 called"), learned on every dumped
    candidate (the dump's 400 per episode), so the table barely depends on the model
    that ordered the dump."""
    pool = [c for e in train for c in e["cands"]]
    support = {}
    for c in pool:
        for k in c["c"]:
            support[k] = support.get(k, 0) + 1
    vocab = {k for k, n in support.items() if n >= CONTEXT_MIN_SUPPORT}
    rows = [{k: v / max(1, c["f"]["tf"]) for k, v in c["c"].items() if k in vocab} for c in pool]
    dv = DictVectorizer()
    X = dv.fit_transform(rows)
    y = [1 if c["match"] else 0 for c in pool]
    lr = LogisticRegression(C=CONTEXT_C, max_iter=3000).fit(X, y)
    return {k: float(w) for k, w in zip(dv.feature_names_, lr.coef_[0]) if abs(w) >= 0.005}


def apply_context(eps, table):
    """Sets the context feature as Rust computes it: the weights summed over mentions,
    divided by tf + CONTEXT_PRIOR (a name said once in a lucky context stays modest)."""
    for e in eps:
        for c in e["cands"]:
            total = sum(table.get(k, 0.0) * v for k, v in c["c"].items())
            c["x"][CONTEXT] = total / (max(1, c["f"]["tf"]) + CONTEXT_PRIOR)


def prefilter(e, lin):
    s = X_of(e) @ lin[0] + lin[1]
    order = sorted(range(len(e["cands"])), key=lambda i: (-s[i], e["cands"][i]["key"]))[:RERANK]
    return dict(e, cands=[e["cands"][i] for i in order])


def fit(train, test=(), table=None):
    """Context table (fitted here unless given), then stage 1 and stage 2. The small model
    is fitted on the small-site dump with the large model's table: the words around a
    mention do not depend on the catalogue's size; idf does."""
    table = fit_context(train) if table is None else table
    apply_context(list(train) + list(test), table)
    X = np.vstack([X_of(e) for e in train])
    y = np.array([1 if c["match"] else 0 for e in train for c in e["cands"]])
    lr = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced").fit(X, y)
    lin = (lr.coef_[0], lr.intercept_[0])
    pre = [prefilter(e, lin) for e in train]
    X2 = np.vstack([X_of(e) for e in pre])
    y2 = np.array([1 if c["match"] else 0 for e in pre for c in e["cands"]])
    trees = HistGradientBoostingClassifier(**TREES).fit(X2, y2)
    return lin, trees, table


def evaluate(eps, model, k=10):
    lin, trees, _ = model
    R, P = [], []
    for e in eps:
        pe = prefilter(e, lin)
        s = trees.decision_function(X_of(pe)) if pe["cands"] else []
        top = top_k(pe, list(s), k)
        hit_items = set().union(*[c["match"] for c in top]) if top else set()
        R.append(len(hit_items) / e["n_items"])
        P.append(sum(1 for c in top if c["match"]) / k)
    return float(np.mean(R)), float(np.mean(P))


def tree_table(trees):
    """The fitted trees as lists of nodes, numbered within their tree: ("split", feature,
    threshold, left, right) or ("leaf", value); and the ensemble's baseline."""
    out = []
    for pred in trees._predictors:
        out.append([("leaf", float(n["value"])) if n["is_leaf"] else
                    ("split", int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"]))
                    for n in pred[0].nodes])
    return out, float(np.ravel(trees._baseline_prediction)[0])


def model_data(model, data):
    """One fitted model as plain numbers, with test vectors: a few candidates' features
    and what scikit-learn scores them (Rust must reproduce them to float precision)."""
    (coef, intercept), trees, _ = model
    tree_nodes, baseline = tree_table(trees)
    sample = [data[i]["cands"][j]["x"] for i in (0, len(data) // 2, -1) for j in (0, 1)]
    checks = [([float(v) for v in x], float(np.dot(coef, x) + intercept), float(t))
              for x, t in zip(sample, trees.decision_function(np.array(sample)))]
    return dict(weights=[float(w) for w in coef], intercept=float(intercept), baseline=baseline,
                trees=tree_nodes, checks=checks)


def write_model(path, table, models, cv, cv_small, n_eps, trained_on="all"):
    """Writes the data file src/extract/topic_model.rs reads (its doc comment describes the
    format): one record a line, floats as repr() (the shortest text that reads back as the
    same double). `models` maps "large" and "small" to model_data()."""
    f = lambda v: repr(float(v))  # noqa: E731
    which = "" if trained_on == "all" else f", {trained_on}-numbered only"
    out = [
        "# The topic model: written by scripts/fit_topic_score.py --write; do not edit by hand.",
        "# Read by src/extract/topic_model.rs, whose doc comment describes the records.",
        "#",
        f"# Fitted on the Python Bytes dev split ({n_eps} episodes with show notes{which}).",
        f"# Two-fold cross-validated (odd/even episodes): large recall@10 = {cv[0]:.3f}, precision@10 = {cv[1]:.3f};",
        f"# small (sites of {SMALL_SITE}) recall@10 = {cv_small[0]:.3f}, precision@10 = {cv_small[1]:.3f}.",
        "",
        "features " + " ".join(FEATURES),
        "",
        "# context SLOT WORD WEIGHT: a word around a mention (L2 L1 before it, R1 R2 after; <b> a boundary).",
    ]
    for k in sorted(table):
        out.append(f"context {k} {f(table[k])}")
    for name in ("large", "small"):
        m = models[name]
        doc = "the whole catalogue" if name == "large" else f"the episodes built as sites of {SMALL_SITE}"
        out += ["", f"# Fitted on {doc}.", f"model {name}",
                "weights " + " ".join(f(w) for w in m["weights"]),
                f"intercept {f(m['intercept'])}", f"baseline {f(m['baseline'])}"]
        for i, nodes in enumerate(m["trees"]):
            out.append(f"tree {i}")
            for n in nodes:
                if n[0] == "leaf":
                    out.append(f"  leaf {f(n[1])}")
                else:
                    out.append(f"  split {FEATURES[n[1]]} {f(n[2])} {n[3]} {n[4]}")
    out += ["", "# check MODEL LINEAR TREES X...: a feature vector and its scores by scikit-learn when this was written."]
    for name in ("large", "small"):
        for x, lin, tree in models[name]["checks"]:
            out.append(f"check {name} {f(lin)} {f(tree)} " + " ".join(f(v) for v in x))
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


def load(path, gold_by, m):
    """Dumped candidates of dev episodes with show notes, each labelled with the items it
    matches."""
    eps = []
    for line in open(path):
        d = json.loads(line)
        g = gold_by.get(d["number"])
        if not g or not g["items"]:
            continue
        keys = [m.prepare(it) for it in g["items"]]
        for c in d["candidates"]:
            t = {"name": c["name"], "slug": slugify(c["name"])}
            c["match"] = {j for j in range(len(keys)) if m.matches(t, keys[j])}
        eps.append({"number": d["number"], "cands": d["candidates"], "n_items": len(keys)})
    eps.sort(key=lambda e: e["number"])
    return eps


def halves(eps):
    return [e for e in eps if e["number"] % 2], [e for e in eps if not e["number"] % 2]


def cross_validate(eps, small_eps):
    """Two folds by episode number; the small model reuses its fold's context table.
    Returns (recall@10, precision@10) of the large model and of the small one."""
    odd, even = halves(eps)
    s_odd, s_even = halves(small_eps)
    sums = np.zeros(4)
    for train, test, s_train, s_test in ((odd, even, s_odd, s_even), (even, odd, s_even, s_odd)):
        large = fit(train, test)
        small = fit(s_train, s_test, table=large[2])
        r, p = evaluate(test, large)
        sr, sp = evaluate(s_test, small)
        sums += [r * len(test), p * len(test), sr * len(s_test), sp * len(s_test)]
    return (sums[0] / len(eps), sums[1] / len(eps)), (sums[2] / len(small_eps), sums[3] / len(small_eps))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("candidates", help="the candidates example's dump of the whole catalogue")
    ap.add_argument("small", help=f"its dump with SITES_OF={SMALL_SITE} (the catalogue as small sites)")
    ap.add_argument("gold")
    ap.add_argument("--write", nargs="?", const=MODEL_FILE, metavar="PATH",
                    help=f"write the fitted models to this data file (default {os.path.relpath(MODEL_FILE)})")
    ap.add_argument("--train", choices=["all", "odd", "even"], default="all",
                    help="fit the written models on these dev episodes only; build with them and score the "
                         "other half (scripts/topic-eval.sh --held-out) for an end-to-end held-out figure")
    args = ap.parse_args()
    gold = json.load(open(args.gold))
    m = Matcher("standard")
    gold_by = {e["number"]: e for e in gold["episodes"] if e.get("transcript") and in_split(e["number"], "dev")}
    eps = load(args.candidates, gold_by, m)
    small_eps = load(args.small, gold_by, m)
    print(f"{len(eps)} dev episodes, {sum(len(e['cands']) for e in eps)} candidates", file=sys.stderr)
    cv, cv_small = cross_validate(eps, small_eps)
    print(f"cross-validated: large R@10={cv[0]:.3f} P@10={cv[1]:.3f}; "
          f"small (sites of {SMALL_SITE}) R@10={cv_small[0]:.3f} P@10={cv_small[1]:.3f}")
    part = {"all": lambda d: d, "odd": lambda d: halves(d)[0], "even": lambda d: halves(d)[1]}[args.train]
    train, train_small = part(eps), part(small_eps)
    large = fit(train, [e for e in eps if e not in train])
    small = fit(train_small, [e for e in small_eps if e not in train_small], table=large[2])
    r, p = evaluate(train, large)
    print(f"fitted on {args.train} dev episodes (in-sample, optimistic): R@10={r:.3f} P@10={p:.3f}")
    for name, w in zip(FEATURES, large[0][0]):
        print(f"  linear {name:12s} {w:+.3f}")
    ranked = sorted(large[2].items(), key=lambda kv: -kv[1])
    print(f"  context table: {len(ranked)} words; strongest:", ", ".join(f"{k} {w:+.2f}" for k, w in ranked[:8]))
    if args.write:
        models = {"large": model_data(large, train), "small": model_data(small, train_small)}
        write_model(args.write, large[2], models, cv, cv_small, len(train), args.train)
        print(f"wrote {args.write}", file=sys.stderr)


if __name__ == "__main__":
    main()
