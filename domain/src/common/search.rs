//! Search tokens that handle Chinese correctly (DESIGN.md §6).
//!
//! SQLite's tokenisers treat a run of Han characters as one word, and the
//! trigram tokeniser cannot find two-character words such as 年金. We index
//! every run of CJK characters as overlapping bigrams (plus the lone
//! character of a one-character run), and Latin text as lower-cased words.
//! Queries are tokenised the same way and all their tokens must match.
//!
//! Both sides fold variants first ([`fold_char`]: 台 → 臺, 国 → 國), and no
//! bigram straddles a boundary: punctuation, or a number's unit (102年 | 金門縣).

mod fold_table;

/// The version of the tokens this module makes. Raise it whenever a change
/// here changes the tokens of a stored text: the re-index job (`reindex`)
/// then rewrites every search index up to it (migrations/0014).
/// 1: variant folding and no bigram across a number's unit.
pub const INDEX_VERSION: i64 = 1;

/// Rows the re-index job rewrites per corpus in one run. A run writes four
/// corpora at two statements a row (the FTS delete and insert), so 100 keeps
/// it near 700 statements, within D1's 1,000 queries per invocation.
pub const REINDEX_BATCH: i64 = 100;

/// Whether `c` is written without spaces between words (Han, kana, Hangul, bopomofo).
/// The katakana middle dot ・ is punctuation, so it ends a run.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FA      // Hiragana, Katakana (without ・ U+30FB)
        | 0x30FC..=0x30FF
        | 0x3100..=0x312F    // Bopomofo
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F) // Extensions B–G
}

/// The character search reads `c` as: a Taiwanese variant folds to the form
/// agencies write (台 → 臺, 峯 → 峰, 裏 → 裡, 綫 → 線), a simplified character
/// to its traditional one (国 → 國), a compatibility ideograph to its unified
/// one; anything else is itself. Always one character, so folding keeps a
/// text's length in characters. Index and query both fold, so 台北市 finds
/// 臺北市 and the other way round. The table is OpenCC's (`fold_table.rs`).
pub fn fold_char(c: char) -> char {
    if (c as u32) < 0x3400 {
        return c;
    }
    match fold_table::FOLD.binary_search_by_key(&c, |&(k, _)| k) {
        Ok(i) => fold_table::FOLD[i].1,
        Err(_) => c,
    }
}

/// `text` with every character folded by [`fold_char`].
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The units that follow a number in a title (102年, 3月, 110年度), longest
/// first. After digits they are a segment of their own, so the bigram 年金 of
/// 「102年金門縣…」 is never indexed and 年金 does not find 金門縣 datasets.
const NUMBER_UNITS: [&[char]; 5] = [&['年', '度'], &['年'], &['月'], &['日'], &['度']];

/// One piece of a text between boundaries: a run of CJK characters (folded),
/// or a lower-cased word of letters and digits.
enum Segment {
    Cjk(Vec<char>),
    Word(String),
}

/// Cuts `text` at every boundary search respects: between scripts, at
/// punctuation and spaces, and after a number's unit (102年 | 金門縣).
fn segments(text: &str) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().map(fold_char).collect();
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            if !word.is_empty() {
                let number = word.chars().all(char::is_numeric);
                out.push(Segment::Word(std::mem::take(&mut word)));
                let unit = NUMBER_UNITS.iter().find(|u| chars[i..].starts_with(u));
                if let Some(u) = unit.filter(|_| number) {
                    out.push(Segment::Cjk(u.to_vec()));
                    i += u.len();
                    continue;
                }
            }
            run.push(c);
        } else {
            if !run.is_empty() {
                out.push(Segment::Cjk(std::mem::take(&mut run)));
            }
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else if !word.is_empty() {
                out.push(Segment::Word(std::mem::take(&mut word)));
            }
        }
        i += 1;
    }
    if !run.is_empty() {
        out.push(Segment::Cjk(run));
    }
    if !word.is_empty() {
        out.push(Segment::Word(word));
    }
    out
}

/// Index tokens of `text`, folded ([`fold_char`]): CJK bigrams, lone CJK
/// characters of one-character runs, and lower-cased alphanumeric words.
/// No bigram straddles a boundary of [`segments`]. Order follows the text;
/// duplicates are kept (term frequency matters for ranking).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for s in segments(text) {
        match s {
            Segment::Word(w) => out.push(w),
            Segment::Cjk(run) if run.len() == 1 => out.push(run[0].to_string()),
            Segment::Cjk(run) => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
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
    out.extend(segments(text).into_iter().filter_map(|s| match s {
        Segment::Cjk(run) => run.last().map(|c| c.to_string()),
        Segment::Word(_) => None,
    }));
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
    fn taiwanese_variants_and_simplified_fold_to_one_form() {
        assert_eq!(fold("台北市"), "臺北市");
        assert_eq!(fold("国民年金"), "國民年金");
        assert_eq!(fold("台湾 空气质量"), "臺灣 空氣質量");
        for (a, b) in [('裏', '裡'), ('峯', '峰'), ('綫', '線'), ('啓', '啟'), ('着', '著'), ('启', '啟')] {
            assert_eq!(fold_char(a), b, "{a} folds to {b}");
            assert_eq!(fold_char(b), b, "{b} is already folded");
        }
        // Traditional characters that are also a simplified form keep their own meaning.
        for c in ['干', '后', '里', '臺', '檯', '颱'] {
            assert_eq!(fold_char(c), c);
        }
        assert_eq!(fold_char('A'), 'A');
        assert_eq!(fold_char('\u{F900}'), '豈', "compatibility ideograph → unified");
        assert_eq!(tokens("台北市"), tokens("臺北市"));
        assert_eq!(fts_match("台中"), fts_match("臺中"));
        assert_eq!(index_tokens("國民年金"), index_tokens("国民年金"));
    }

    #[test]
    fn the_fold_table_is_sorted_one_to_one_and_idempotent() {
        let t = fold_table::FOLD;
        assert!(t.windows(2).all(|w| w[0].0 < w[1].0), "binary search needs sorted keys");
        for &(from, to) in t {
            assert_ne!(from, to);
            assert_eq!(fold_char(to), to, "{from} → {to} folds again");
        }
    }

    #[test]
    fn no_bigram_straddles_a_number_with_its_unit() {
        let doc = tokens("102年金門縣人口統計");
        assert!(!doc.contains(&"年金".to_string()), "{doc:?}");
        assert_eq!(&doc[..4], ["102", "年", "金門", "門縣"]);
        let doc = tokens("110年度國民年金保險");
        assert!(doc.contains(&"年度".to_string()) && doc.contains(&"年金".to_string()));
        assert!(!doc.contains(&"度國".to_string()), "{doc:?}");
        for t in ["3月份統計", "12日起", "25度以上"] {
            let d = tokens(t);
            assert!(!d.iter().any(|x| x == "月份" || x == "日起" || x == "度以"), "{t}: {d:?}");
        }
        // Without a number before it, 年 is an ordinary character.
        assert!(tokens("國民年金").contains(&"年金".to_string()));
        assert!(tokens("老年金融").contains(&"年金".to_string()));
        // The query is cut the same way, so it still finds its own text.
        let doc = tokens("102年金門縣");
        for t in query_tokens("102年金門") {
            assert!(doc.contains(&t), "{t}");
        }
        assert!(index_tokens("102年金門縣").split(' ').any(|t| t == "年"));
    }

    #[test]
    fn punctuation_ends_a_run() {
        for t in ["臺北、金門", "臺北・金門", "臺北，金門", "臺北（金門）"] {
            assert!(!tokens(t).contains(&"北金".to_string()), "{t}");
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
