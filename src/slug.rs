//! URL slugs. A slug is lowercase ASCII letters, digits and single hyphens, so it can
//! never contain `/`, `..` or anything else that would escape the output folder.

/// `"PyScript: Python in the browser!"` -> `"pyscript-python-in-the-browser"`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '+' {
            // "c++" and "c" must not collide.
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push_str("plus");
        } else if c == '#' && !out.is_empty() {
            out.push_str("sharp");
        } else {
            dash = true;
        }
    }
    if out.len() > 80 {
        let mut cut = 80;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// [`slugify`], or for a name with no ASCII letters or digits (`"#"`, `"日本語"`),
/// `prefix-` and a stable hash of it: still only URL-safe characters.
pub fn slugify_or_hash(s: &str, prefix: &str) -> String {
    let slug = slugify(s);
    if !slug.is_empty() {
        return slug;
    }
    // FNV-1a: the same on every platform and in every run.
    let hash = s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
    format!("{prefix}-{hash:016x}")
}

fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'Ø' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_readable() {
        assert_eq!(slugify("PyScript: Python in the browser!"), "pyscript-python-in-the-browser");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("/abs/path"), "abs-path");
        assert_eq!(slugify("py-spy"), "py-spy");
        assert_eq!(slugify("C++"), "cplusplus");
        assert_eq!(slugify("C#"), "csharp");
        assert_eq!(slugify("Café"), "cafe");
        assert_eq!(slugify("..."), "");
        assert_eq!(slugify_or_hash("C#", "topic"), "csharp");
        for odd in ["#", "##", "日本語", "\u{7}"] {
            let s = slugify_or_hash(odd, "topic");
            assert!(s.starts_with("topic-") && s.len() == 22, "{s}");
            assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{s}");
        }
        assert_ne!(slugify_or_hash("#", "t"), slugify_or_hash("##", "t"));
    }
}
