//! The topic model: the code that scores with it. The fitted numbers are data, in
//! `src/extract/data/topic-model.txt`, written by `scripts/fit_topic_score.py --write`
//! (do not edit it by hand); the file is embedded in the binary and parsed once, on first
//! use.
//!
//! The models in the file were fitted on the Python Bytes dev split (241 episodes with
//! show notes; its header says what it was fitted on and its figures). Two models share
//! the features and the context table: [`large`], fitted on the whole catalogue, and
//! [`small`], fitted on the same episodes built as sites of 5 (where idf has little to go
//! on). Two-fold cross-validated (odd/even episodes): large recall@10 = 0.495,
//! precision@10 = 0.369; small (sites of 5) recall@10 = 0.468, precision@10 = 0.339.
//! Stage 1 is a logistic regression over every candidate; stage 2, a gradient-boosted
//! tree model over the best 150. Both return log-odds of "this is a show-notes item".
//!
//! # The data file
//!
//! One record a line, its fields separated by spaces; blank lines and lines starting
//! with `#` are comments. Numbers are written by Python's `repr` (the shortest text that
//! reads back as the same double) and read by [`str::parse`], which is exact, so the
//! scores are those of the fitted models to the last bit.
//!
//! - `features NAME...`: the feature names, which must be [`FEATURES`] (the order of
//!   `topics::feature_vector`).
//! - `context SLOT WORD WEIGHT`: the learned weight of a word around a mention, in one of
//!   `topics::CONTEXT_SLOTS` (`<b>` is a boundary).
//! - `model large` or `model small` starts a model, followed by `weights W...` (one per
//!   feature), `intercept B` (the linear stage), `baseline B` (the trees' starting
//!   score), and its trees: `tree N`, numbered from 0, then its nodes, numbered from 0
//!   within the tree: `split FEATURE THRESHOLD LEFT RIGHT` (go to node LEFT when the
//!   feature is at most THRESHOLD, else to RIGHT; children come after their parent) or
//!   `leaf VALUE`. Node 0 is the tree's root.
//! - `check MODEL LINEAR TREES X...`: a feature vector and its scores by scikit-learn
//!   when the file was written; the unit test replays them.

use super::topics::CONTEXT_SLOTS;
use std::sync::LazyLock;

pub const N_FEATURES: usize = 25;
/// The features, in the order of `topics::feature_vector`.
pub const FEATURES: [&str; N_FEATURES] = [
    "ln_tf",
    "idf",
    "ln_burst",
    "proper",
    "shaped",
    "bigram",
    "trigram",
    "ctx_rate",
    "once",
    "focus",
    "rare_once",
    "in_title",
    "sponsor_rate",
    "url_like",
    "person",
    "loose_edge",
    "first_rel",
    "spread",
    "word_idf_max",
    "word_idf_min",
    "ln_family",
    "ln_chars",
    "digit",
    "caps_first",
    "context",
];

const DATA_PATH: &str = "src/extract/data/topic-model.txt";
const DATA: &str = include_str!("data/topic-model.txt");

static MODEL: LazyLock<TopicModel> = LazyLock::new(|| {
    TopicModel::parse(DATA).unwrap_or_else(|e| panic!("{DATA_PATH} is malformed: {e} (a bug: its unit test parses it)"))
});

/// Fitted on the whole catalogue.
pub fn large() -> &'static Model {
    &MODEL.large
}

/// Fitted on the episodes built as sites of 5.
pub fn small() -> &'static Model {
    &MODEL.small
}

/// Learned weights of the words around a mention: ("SLOT word", weight), see
/// `topics::CONTEXT_SLOTS`.
pub fn context() -> &'static [(Box<str>, f64)] {
    &MODEL.context
}

/// The contents of the data file.
struct TopicModel {
    context: Vec<(Box<str>, f64)>,
    large: Model,
    small: Model,
    /// (model name, feature vector, linear score, tree score) as scikit-learn scored them.
    #[cfg_attr(not(test), allow(dead_code))]
    checks: Vec<(Box<str>, [f64; N_FEATURES], f64, f64)>,
}

/// One fitted model: a linear stage and a tree ensemble.
#[derive(Debug, Default)]
pub struct Model {
    weights: [f64; N_FEATURES],
    intercept: f64,
    baseline: f64,
    /// The nodes of all trees, each tree's together, its root first.
    nodes: Vec<Node>,
    roots: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Node {
    /// Go to `left` when `x[feature] <= threshold`, else to `right` (indices into `nodes`).
    Split {
        feature: u8,
        threshold: f64,
        left: u32,
        right: u32,
    },
    Leaf(f64),
}

impl Model {
    /// Stage 1: a linear score.
    pub fn linear(&self, x: &[f64; N_FEATURES]) -> f64 {
        self.intercept + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>()
    }

    /// Stage 2: the tree ensemble.
    pub fn trees(&self, x: &[f64; N_FEATURES]) -> f64 {
        let mut sum = self.baseline;
        for &root in &self.roots {
            let mut i = root as usize;
            loop {
                match self.nodes[i] {
                    Node::Split { feature, threshold, left, right } => {
                        i = if x[feature as usize] <= threshold { left as usize } else { right as usize };
                    }
                    Node::Leaf(value) => {
                        sum += value;
                        break;
                    }
                }
            }
        }
        sum
    }
}

fn number(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("not a number: {s:?}")),
    }
}

fn numbers<const N: usize>(fields: &[&str]) -> Result<[f64; N], String> {
    if fields.len() != N {
        return Err(format!("{} numbers where {N} belong", fields.len()));
    }
    let mut out = [0.0; N];
    for (o, s) in out.iter_mut().zip(fields) {
        *o = number(s)?;
    }
    Ok(out)
}

/// A model being read: each part must be given once.
#[derive(Default)]
struct ModelParts {
    weights: Option<[f64; N_FEATURES]>,
    intercept: Option<f64>,
    baseline: Option<f64>,
    model: Model,
}

impl ModelParts {
    fn finish(self, name: &str) -> Result<Model, String> {
        let missing = |part: &str| format!("model {name} has no {part}");
        let mut model = self.model;
        model.weights = self.weights.ok_or_else(|| missing("weights"))?;
        model.intercept = self.intercept.ok_or_else(|| missing("intercept"))?;
        model.baseline = self.baseline.ok_or_else(|| missing("baseline"))?;
        if model.roots.is_empty() {
            return Err(missing("trees"));
        }
        // Every tree ends in leaves: a split's children are later nodes of its own tree.
        let nodes = model.nodes.len() as u32;
        for (t, &root) in model.roots.iter().enumerate() {
            let end = model.roots.get(t + 1).copied().unwrap_or(nodes);
            for i in root..end {
                if let Node::Split { left, right, .. } = model.nodes[i as usize] {
                    if !(i < left && left < end && i < right && right < end) {
                        return Err(format!("model {name}, tree {t}: node {} has children outside it", i - root));
                    }
                }
            }
        }
        Ok(model)
    }
}

impl TopicModel {
    fn parse(text: &str) -> Result<TopicModel, String> {
        let mut features = false;
        let mut context = Vec::new();
        let mut checks = Vec::new();
        let (mut large, mut small) = (None, None);
        // The model being read: its name and parts.
        let mut current: Option<(&str, ModelParts)> = None;
        for (no, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let at = |e: String| format!("line {}: {e}", no + 1);
            let one = |fields: &[&str]| -> Result<f64, String> {
                let [v] = numbers::<1>(fields)?;
                Ok(v)
            };
            match (fields[0], &mut current) {
                ("features", _) => {
                    if fields[1..] != FEATURES {
                        return Err(at(format!("the features are not those of the code: {FEATURES:?}")));
                    }
                    features = true;
                }
                ("context", _) => {
                    let [_, slot, word, weight] = fields[..] else {
                        return Err(at("context needs a slot, a word and a weight".into()));
                    };
                    if !CONTEXT_SLOTS.contains(&slot) {
                        return Err(at(format!("no context slot {slot:?}")));
                    }
                    context.push((format!("{slot} {word}").into_boxed_str(), number(weight).map_err(at)?));
                }
                ("model", _) => {
                    let [_, name @ ("large" | "small")] = fields[..] else {
                        return Err(at("model large or model small".into()));
                    };
                    if let Some((name, parts)) = current.take() {
                        let model = parts.finish(name).map_err(at)?;
                        *if name == "large" { &mut large } else { &mut small } = Some(model);
                    }
                    if (name == "large" && large.is_some()) || (name == "small" && small.is_some()) {
                        return Err(at(format!("model {name} twice")));
                    }
                    current = Some((name, ModelParts::default()));
                }
                ("check", _) => {
                    if fields.len() != 4 + N_FEATURES || !["large", "small"].contains(&fields[1]) {
                        return Err(at(format!("check needs a model, two scores and {N_FEATURES} features")));
                    }
                    let [linear, trees] = numbers::<2>(&fields[2..4]).map_err(at)?;
                    let x = numbers::<N_FEATURES>(&fields[4..]).map_err(at)?;
                    checks.push((fields[1].into(), x, linear, trees));
                }
                (kind, None) => return Err(at(format!("{kind} outside a model, or an unknown record"))),
                ("weights", Some((_, parts))) if parts.weights.is_none() => {
                    parts.weights = Some(numbers::<N_FEATURES>(&fields[1..]).map_err(at)?);
                }
                ("intercept", Some((_, parts))) if parts.intercept.is_none() => {
                    parts.intercept = Some(one(&fields[1..]).map_err(at)?);
                }
                ("baseline", Some((_, parts))) if parts.baseline.is_none() => {
                    parts.baseline = Some(one(&fields[1..]).map_err(at)?);
                }
                ("tree", Some((_, parts))) => {
                    let model = &mut parts.model;
                    if fields[1..] != [model.roots.len().to_string().as_str()] {
                        return Err(at(format!("expected tree {}", model.roots.len())));
                    }
                    model.roots.push(model.nodes.len() as u32);
                }
                ("split" | "leaf", Some((_, parts))) => {
                    let model = &mut parts.model;
                    let Some(&root) = model.roots.last() else {
                        return Err(at(format!("{} before any tree", fields[0])));
                    };
                    model.nodes.push(match fields[..] {
                        ["leaf", value] => Node::Leaf(number(value).map_err(at)?),
                        ["split", feature, threshold, left, right] => {
                            let feature = FEATURES
                                .iter()
                                .position(|f| *f == feature)
                                .ok_or_else(|| at(format!("no feature {feature:?}")))?;
                            let child = |s: &str| {
                                s.parse::<u32>().map(|i| root + i).map_err(|_| at(format!("not a node: {s:?}")))
                            };
                            Node::Split {
                                feature: feature as u8,
                                threshold: number(threshold).map_err(at)?,
                                left: child(left)?,
                                right: child(right)?,
                            }
                        }
                        _ => return Err(at("split FEATURE THRESHOLD LEFT RIGHT or leaf VALUE".into())),
                    });
                }
                (kind, Some(_)) => return Err(at(format!("unknown record, or {kind} twice in a model"))),
            }
        }
        if let Some((name, parts)) = current.take() {
            let model = parts.finish(name)?;
            *if name == "large" { &mut large } else { &mut small } = Some(model);
        }
        if !features {
            return Err("no features line".into());
        }
        if context.is_empty() {
            return Err("no context weights".into());
        }
        Ok(TopicModel { context, large: large.ok_or("no model large")?, small: small.ok_or("no model small")?, checks })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses() {
        let m = TopicModel::parse(DATA).unwrap_or_else(|e| panic!("{DATA_PATH}: {e}"));
        assert!(m.context.len() > 1000, "{} context weights", m.context.len());
        for model in [&m.large, &m.small] {
            assert!(model.roots.len() >= 10 && model.nodes.len() > model.roots.len());
        }
        assert!(m.checks.len() >= 2);
    }

    /// The vectors scikit-learn scored when the file was written.
    #[test]
    fn matches_the_fitted_models() {
        for (name, x, lin, tree) in &MODEL.checks {
            let m = if &**name == "large" { large() } else { small() };
            assert!((m.linear(x) - lin).abs() < 1e-9, "{name}: {} vs {lin}", m.linear(x));
            assert!((m.trees(x) - tree).abs() < 1e-6, "{name}: {} vs {tree}", m.trees(x));
        }
    }

    #[test]
    fn a_malformed_file_is_an_error() {
        let features = format!("features {}\ncontext L1 called 1.5\n", FEATURES.join(" "));
        let model = |name: &str, tree: &str| {
            format!(
                "model {name}\nweights {}\nintercept -1.0\nbaseline 0.5\ntree 0\n{tree}",
                ["0.0"; N_FEATURES].join(" ")
            )
        };
        let tree = "split context 0.5 1 2\nleaf -1.0\nleaf 2.0\n";
        let good = format!("{features}{}{}", model("large", tree), model("small", tree));
        let m = TopicModel::parse(&good).unwrap();
        let mut x = [0.0; N_FEATURES];
        assert_eq!(m.large.trees(&x), -0.5);
        x[N_FEATURES - 1] = 1.0;
        assert_eq!(m.small.trees(&x), 2.5);
        assert_eq!(m.small.linear(&x), -1.0);
        for (bad, why) in [
            (good.replace("idf", "idf2"), "the features are not those of the code"),
            (good.replace("1.5", "1.5x"), "line 2: not a number"),
            (good.replace("L1 called", "L3 called"), "line 2: no context slot"),
            (good.replace("1 2\n", "1 3\n"), "children outside it"),
            (good.replace("1 2\n", "0 2\n"), "children outside it"),
            (good.replace("intercept -1.0\n", ""), "has no intercept"),
            (good.replace("tree 0", "tree 1"), "expected tree 0"),
            (format!("{features}{}", model("large", tree)), "no model small"),
            (good.replace("model small", "model large"), "model large twice"),
        ] {
            let e = TopicModel::parse(&bad).err().unwrap_or_else(|| panic!("parsed, expected {why}"));
            assert!(e.contains(why), "{e:?}, expected {why:?}");
        }
    }
}
