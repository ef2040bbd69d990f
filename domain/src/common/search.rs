//! Search tokens that handle Chinese correctly (DESIGN.md §6).
//!
//! SQLite's tokenisers treat a run of Han characters as one word, and the
//! trigram tokeniser cannot find two-character words such as 年金. We index
//! every run of CJK characters as overlapping bigrams (plus the lone
//! character of a one-character run), and Latin text as lower-cased words.
//! Queries are tokenised the same way and all their tokens must match.

/// Whether `c` is written without spaces between words (Han, kana, Hangul, bopomofo).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3100..=0x312F    // Bopomofo
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F) // Extensions B–G
}

/// Index tokens of `text`: CJK bigrams, lone CJK characters of one-character
/// runs, and lower-cased alphanumeric words. Order follows the text; duplicates are kept
/// (term frequency matters for ranking).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cjk_run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_cjk = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            cjk_run.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk_run, &mut out);
            word.extend(c.to_lowercase());
        } else {
            flush_cjk(&mut cjk_run, &mut out);
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    flush_cjk(&mut cjk_run, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Query tokens: like [`tokens`] but de-duplicated, since a repeated term
/// adds no constraint to an AND query.
pub fn query_tokens(query: &str) -> Vec<String> {
    let mut t = tokens(query);
    let mut seen = std::collections::HashSet::new();
    t.retain(|x| seen.insert(x.clone()));
    t
}

/// Space-joined index tokens of `text`, as an FTS5 column stores them
/// (datasets, questions and instruments all index this way).
pub fn index_tokens(text: &str) -> String {
    let mut out = tokens(text);
    // The last character of each CJK run, so `儀*` also finds …儀 at a run's end.
    let mut prev_cjk: Option<char> = None;
    for c in text.chars().chain(std::iter::once(' ')) {
        if !is_cjk(c) {
            if let Some(p) = prev_cjk.take() {
                out.push(p.to_string());
            }
        } else {
            prev_cjk = Some(c);
        }
    }
    out.join(" ")
}

/// The FTS5 MATCH expression for a user query: every token quoted and ANDed;
/// a lone CJK character becomes a prefix query. `None` if the query has no
/// searchable token.
pub fn fts_match(q: &str) -> Option<String> {
    let toks = query_tokens(q);
    if toks.is_empty() {
        return None;
    }
    let parts: Vec<String> = toks
        .iter()
        .map(|t| {
            let one_cjk = t.chars().count() == 1 && t.chars().all(is_cjk);
            // Tokens hold only letters and digits, so quoting cannot be broken out of.
            if one_cjk {
                format!("\"{t}\"*")
            } else {
                format!("\"{t}\"")
            }
        })
        .collect();
    Some(parts.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn two_character_word_is_a_token_of_a_longer_run() {
        let doc = tokens("國民年金保險費");
        assert!(doc.contains(&"年金".to_string()));
        assert_eq!(query_tokens("年金"), vec!["年金"]);
    }

    #[test]
    fn mixes_latin_words_and_cjk() {
        assert_eq!(tokens("PM2.5 空氣品質"), vec!["pm2", "5", "空氣", "氣品", "品質"]);
        assert_eq!(tokens("儀"), vec!["儀"]);
    }

    proptest! {
        // Any CJK substring of length ≥ 2 of a text yields only tokens that the text has,
        // so an AND query for a substring always finds the text.
        #[test]
        fn substring_query_tokens_are_subset_of_document(s in "[\u{4e00}-\u{4e20}]{2,12}", a in 0usize..10, len in 2usize..6) {
            let chars: Vec<char> = s.chars().collect();
            let start = a.min(chars.len() - 2);
            let end = (start + len).min(chars.len());
            let q: String = chars[start..end].iter().collect();
            let doc = tokens(&s);
            for t in query_tokens(&q) {
                prop_assert!(doc.contains(&t));
            }
        }
    }

    #[test]
    fn one_character_queries_match_by_prefix_and_at_run_ends() {
        let idx = index_tokens("貴重儀器");
        assert!(idx.split(' ').any(|t| t.starts_with('儀')));
        assert!(index_tokens("國民年金").split(' ').any(|t| t == "金"));
        assert_eq!(fts_match("儀").as_deref(), Some("\"儀\"*"));
        assert_eq!(fts_match("國民 年金").as_deref(), Some("\"國民\" AND \"年金\""));
        assert_eq!(fts_match("\" * ( -"), None);
        assert_eq!(fts_match("a OR b").as_deref(), Some("\"a\" AND \"or\" AND \"b\""), "operators are just words");
    }
}
