//! Issue 20, requirements 2-4: chapters of an interview show without show notes. A
//! small show of its own (four half-hour interviews in the Changelog markdown shape:
//! speaker labels, a timestamp every few paragraphs), where addresses are read out, one
//! guest says "joke" in passing and every episode ends on thanks and goodbyes. Its
//! chapters, read from the built JSON and the episode pages: no web address or repeated
//! title, no Joke or Extras chapter (the show has no such segment), no one-word closing
//! chapter, the first chapter after the intro names the episode's subject, and 4-10
//! chapters an hour, none shorter than two minutes.

mod common;
use common::*;

const CONFIG: &str =
    "title = \"Deep Talk\"\nhosts = [\"Ada Lovelace\", \"Grace Hopper\"]\n\n[search]\nenabled = false\n";

/// One interview: its slug, the guest, what the host's introduction says the episode is
/// about, the subject as the chapter should name it, and its parts (each a few
/// sentences said in turn for about eight minutes).
struct Interview {
    slug: &'static str,
    guest: &'static str,
    intro: &'static str,
    subject: &'static str,
    parts: [&'static [&'static str]; 3],
}

const SHOW: &[Interview] = &[
    Interview {
        slug: "deep-talk-1",
        guest: "Charlie Marsh",
        intro: "Today we're talking about Ruff, the Python linter, with its creator Charlie Marsh.",
        subject: "Ruff",
        parts: [
            &[
                "Ruff is a linter written in Rust, and Ruff checks a big codebase in a fraction of a second.",
                "We made Ruff fast by parsing every file once and running all the lint rules over one syntax tree.",
                "People expected Ruff to be a little faster than Flake8, but Ruff turned out to be a hundred times faster.",
                "The Ruff parser came from RustPython, and caching means Ruff skips files that did not change.",
            ],
            &[
                "Flake8 plugins were the hard part, because every Flake8 plugin has its own rule codes.",
                "We reimplemented the isort rules and the pyupgrade rules inside Ruff, so one tool replaces a dozen plugins.",
                "The docs list every rule with a code, like the isort rules under the letter I.",
                "You can find all of it at github.com/astral-sh/ruff and at docs.astral.sh/ruff, and the rules page is at docs.astral.sh/ruff/rules.",
            ],
            &[
                "Astral is the company behind Ruff now, and Astral raised a seed round from Accel.",
                "The plan at Astral is a whole toolchain: a package manager, a resolver, and a formatter.",
                "Astral hired people who maintained Python packaging tools, and uv came out of that team.",
                "The uv resolver reuses the same ideas as Ruff: Rust, caching, and a single binary.",
            ],
        ],
    },
    Interview {
        slug: "deep-talk-2",
        guest: "Ritchie Vink",
        intro: "Today we're talking about Polars, the DataFrame library, with its author Ritchie Vink.",
        subject: "Polars",
        parts: [
            &[
                "Polars is a DataFrame library with a query engine written in Rust.",
                "The Polars lazy API builds a query plan first, and the optimizer pushes filters down before reading.",
                "Polars runs every expression in parallel over all the cores of the machine.",
                "Benchmarks of Polars against pandas show the lazy API reading a fraction of the columns.",
            ],
            &[
                "Apache Arrow is the memory format underneath Polars, with columns stored contiguously.",
                "Because Apache Arrow is shared, Polars hands columns to DuckDB without copying them.",
                "Arrow buffers keep a validity bitmap for missing values next to the values.",
                "You can read about it at arrow.apache.org and at pola.rs, and the user guide is at docs.pola.rs.",
            ],
            &[
                "Streaming execution lets Polars process datasets larger than memory in batches.",
                "The streaming engine splits a query into pipelines that each hold one batch at a time.",
                "I said out of core once on a podcast as a joke, and people took it seriously, so we built streaming.",
                "Streaming in Polars now handles joins and group by on data far larger than the memory of a laptop.",
            ],
        ],
    },
    Interview {
        slug: "deep-talk-3",
        guest: "Kelsey Hightower",
        intro: "Today we're talking about Kubernetes operators with Kelsey Hightower.",
        subject: "Kubernetes",
        parts: [
            &[
                "Kubernetes operators encode what an operations team knows as a controller in the cluster.",
                "An operator watches custom resources and reconciles the cluster toward the state they declare.",
                "The reconcile loop of a Kubernetes operator runs again whenever a watched resource changes.",
                "Most Kubernetes operators are written in Go with the controller runtime library.",
            ],
            &[
                "Helm charts template the manifests, and Helm keeps a release history for every install.",
                "A Helm chart with too many values becomes a programming language written in YAML.",
                "Helm upgrades roll back cleanly when the chart keeps its hooks simple.",
                "The charts are at artifacthub.io, and the Helm docs live at helm.sh/docs.",
            ],
            &[
                "Backing up etcd is the one thing every cluster operator has to get right.",
                "An etcd snapshot taken every hour lets you restore the control plane after a bad upgrade.",
                "Restoring etcd means stopping the API servers and starting etcd from the snapshot.",
                "Velero backs up the resources and the volumes, while etcd snapshots keep the cluster state.",
            ],
        ],
    },
    Interview {
        slug: "deep-talk-4",
        guest: "Jong Wook Kim",
        intro: "Today we're talking about Whisper, the speech recognition model, with Jong Wook Kim.",
        subject: "Whisper",
        parts: [
            &[
                "Whisper is a speech recognition model trained on six hundred eighty thousand hours of audio.",
                "The Whisper encoder reads log mel spectrograms in thirty second windows.",
                "Whisper predicts the transcript and the language with one decoder and special tokens.",
                "Weak supervision at that scale is why Whisper holds up on accents and background noise.",
            ],
            &[
                "Fine-tuning Whisper on Hindi needed only a few hours of labelled speech.",
                "For low resource languages the word error rate of Whisper drops quickly with fine-tuning.",
                "The Hindi data came from Common Voice, with speakers reading sentences aloud.",
                "We published the fine-tuned Hindi checkpoints at huggingface.co/openai and the code at github.com/openai/whisper.",
            ],
            &[
                "Running Whisper on a GPU costs far less than paying for a transcription service.",
                "The large Whisper model needs about ten gigabytes of GPU memory for inference.",
                "Batching audio segments keeps the GPU busy, and quantization halves the memory.",
                "On a laptop GPU the small Whisper model transcribes an hour of audio in a few minutes.",
            ],
        ],
    },
];

/// The episode's transcript: the hosts' welcome, the guest's introduction, three parts
/// of about eight minutes (host and guest taking turns, a timestamp every third
/// paragraph) and the goodbyes, with a word on the next episode (so each subject is
/// said in two episodes, as a show's things are).
fn transcript(iv: &Interview, next: &Interview) -> String {
    let mut md = String::new();
    md.push_str(&format!(
        "**Ada Lovelace:** Welcome to another episode of Deep Talk. This is Ada Lovelace, and I'm joined as always by my co-host Grace Hopper. How are you doing, Grace?\n\n\
         **Grace Hopper:** I'm doing well, thanks. Looking forward to this one.\n\n\
         **Ada Lovelace:** {} Welcome to the show, {}.\n\n\
         **{}:** Thanks for having me, it's great to be here.\n\n",
        iv.intro, iv.guest, iv.guest
    ));
    // About 25 s a paragraph: 20 paragraphs a part.
    let mut t = 60u32;
    let mut para = 0;
    for lines in iv.parts {
        for i in 0..20 {
            let (who, line) = if i % 2 == 0 {
                ("Ada Lovelace", lines[(i / 2) % lines.len()])
            } else {
                (iv.guest, lines[(i / 2 + 1) % lines.len()])
            };
            let stamp = if para % 3 == 0 { format!("\\[{:02}:{:02}\\] ", t / 60, t % 60) } else { String::new() };
            md.push_str(&format!("**{who}:** {stamp}{line} {line}\n\n"));
            t += 25;
            para += 1;
        }
    }
    md.push_str(&format!(
        "**Ada Lovelace:** \\[{:02}:{:02}\\] Well, that's all the time we have. Thank you so much for coming on the show, {}.\n\n\
         **{}:** Thanks for having me, this was fun.\n\n\
         **Grace Hopper:** Thanks, everyone, for listening. Next week it's {} on the show, so if you like {}, stay tuned. Talk to you next time. Bye.\n\n\
         **Ada Lovelace:** Bye-bye.\n",
        t / 60,
        t % 60,
        iv.guest,
        iv.guest,
        next.subject,
        next.subject,
    ));
    md
}

fn interview_site() -> Site {
    let site = Site::new(CONFIG);
    for (x, iv) in SHOW.iter().enumerate() {
        site.write(&format!("content/{}.md", iv.slug), transcript(iv, &SHOW[(x + 1) % SHOW.len()]));
    }
    site.build_ok(&["--quiet"]);
    site
}

/// A web address, read out: `docs.pola.rs`, `github.com/openai/whisper`.
fn is_address(title: &str) -> bool {
    title.contains('/')
        || title.split_whitespace().any(|w| {
            let w = w.to_lowercase();
            w.starts_with("www.")
                || [".com", ".org", ".io", ".sh", ".rs", ".co", ".dev", ".fm"].iter().any(|e| w.contains(e))
        })
}

/// Words of a title folded so "democratize VR" and "democratizing VR" are one.
fn folded(title: &str) -> Vec<String> {
    let mut words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2)
        .map(|w| w.to_lowercase().chars().take(6).collect())
        .collect();
    words.sort();
    words
}

#[test]
fn interview_chapters_name_what_each_part_is_about() {
    let site = interview_site();
    for iv in SHOW {
        let ep = site.json(&format!("api/episodes/{}.json", iv.slug));
        let duration = ep["duration"].as_u64().unwrap();
        let chapters: Vec<(String, u64)> = ep["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["title"].as_str().unwrap().to_string(), c["start"].as_u64().unwrap()))
            .collect();
        let slug = iv.slug;
        // The page lists the same chapters.
        let page = html(&site.read(&format!("episodes/{slug}/index.html")));
        let listed: Vec<String> = select(&page, ".chapters li").iter().map(text).collect();
        assert_eq!(listed.len(), chapters.len(), "{slug}: {listed:?}");
        for ((title, _), line) in chapters.iter().zip(&listed) {
            assert!(line.contains(title.as_str()), "{slug}: {line:?} lists {title:?}");
        }

        for (title, _) in &chapters {
            assert!(!is_address(title), "{slug}: a web address as a title: {chapters:?}");
            assert!(
                !["Joke", "Extras"].contains(&title.as_str()),
                "{slug}: the show has no such segment: {chapters:?}"
            );
        }
        for (i, a) in chapters.iter().enumerate() {
            for b in &chapters[i + 1..] {
                assert_ne!(folded(&a.0), folded(&b.0), "{slug}: a repeated title: {chapters:?}");
            }
        }
        let last = &chapters.last().unwrap().0;
        assert!(last.split_whitespace().count() > 1, "{slug}: ends on a one-word chapter: {chapters:?}");

        // The first chapter after the intro names the subject.
        let first = chapters.iter().find(|c| c.0 != "Intro").unwrap();
        assert!(first.0.contains(iv.subject), "{slug}: the first chapter is not about {}: {chapters:?}", iv.subject);

        // 4-10 an hour (this half hour: 2-5), none shorter than two minutes.
        let hours = duration as f64 / 3600.0;
        let n = chapters.len() as f64;
        assert!(
            n >= (4.0 * hours).floor() && n <= (10.0 * hours).ceil(),
            "{slug}: {n} chapters in {duration} s: {chapters:?}"
        );
        let ends: Vec<u64> = chapters.iter().skip(1).map(|c| c.1).chain([duration]).collect();
        for (c, end) in chapters.iter().zip(ends) {
            assert!(end - c.1 >= 120, "{slug}: {:?} lasts {} s: {chapters:?}", c.0, end - c.1);
        }
    }
}
