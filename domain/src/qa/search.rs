//! Finding questions: the search-index columns of a question, the checked
//! question search (text, tag, answered, sort) with its cache key, and the
//! expression that finds what is like a title being typed.

use crate::ApiError;

/// The two search-index columns of a question: its title's tokens, and its
/// body's and tags' tokens (space-joined CJK bigrams and words).
pub fn search_index(title: &str, body: &str, tags: &[String]) -> (String, String) {
    use crate::common::search::index_tokens;
    (index_tokens(title), index_tokens(&format!("{body} {}", tags.join(" "))))
}

/// The longest search text.
pub const MAX_SEARCH_CHARS: usize = 200;

/// The `answered` filter of the question list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Every question.
    Any,
    /// Questions with an accepted answer.
    Yes,
    /// Questions without one.
    No,
}

impl Answered {
    /// The query value (`""`, `yes`, `no`).
    pub fn as_str(self) -> &'static str {
        match self {
            Answered::Any => "",
            Answered::Yes => "yes",
            Answered::No => "no",
        }
    }
}

/// The order of the question list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionSort {
    /// Best match first (newest first when there is no text).
    Relevance,
    /// Newest first.
    Newest,
    /// Highest score first.
    Votes,
    /// Most recently active first.
    Activity,
}

impl QuestionSort {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionSort::Relevance => "relevance",
            QuestionSort::Newest => "newest",
            QuestionSort::Votes => "votes",
            QuestionSort::Activity => "activity",
        }
    }
}

/// A question search, checked and normalised from the query string of
/// `GET /api/qa/questions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionSearch {
    /// The full-text match expression of the text, if it has any token.
    pub text_match: Option<String>,
    /// One tag, trimmed and lower-cased.
    pub tag: Option<String>,
    /// The answered filter.
    pub answered: Answered,
    /// The order.
    pub sort: QuestionSort,
}

impl QuestionSearch {
    /// Checks `q`, `tag`, `answered` and `sort`. The sort defaults to
    /// relevance for a text search and to newest otherwise.
    pub fn parse(
        q: Option<&str>,
        tag: Option<&str>,
        answered: Option<&str>,
        sort: Option<&str>,
    ) -> Result<QuestionSearch, ApiError> {
        let text = q.unwrap_or("");
        if text.chars().count() > MAX_SEARCH_CHARS {
            return Err(ApiError::invalid(format!("q: at most {MAX_SEARCH_CHARS} characters")));
        }
        let text_match = crate::common::search::fts_match(text);
        let sort = match sort {
            None if text_match.is_some() => QuestionSort::Relevance,
            None => QuestionSort::Newest,
            Some("relevance") => QuestionSort::Relevance,
            Some("newest") => QuestionSort::Newest,
            Some("votes") => QuestionSort::Votes,
            Some("activity") => QuestionSort::Activity,
            Some(_) => return Err(ApiError::invalid("sort: relevance, newest, votes or activity")),
        };
        let answered = match answered {
            None | Some("") => Answered::Any,
            Some("yes") => Answered::Yes,
            Some("no") => Answered::No,
            Some(_) => return Err(ApiError::invalid("answered: yes or no")),
        };
        let tag = tag.map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
        Ok(QuestionSearch { text_match, tag, answered, sort })
    }

    /// Whether the results can be ranked inside the search index alone: a
    /// text search with no other filter.
    pub fn text_only(&self) -> bool {
        self.text_match.is_some() && self.tag.is_none() && self.answered == Answered::Any
    }

    /// The search-cache key of one page of this search. It holds the
    /// normalised search (the match expression, not the raw text), so
    /// `年金` and ` 年金 ` share a page.
    pub fn cache_key(&self, page: u32, per_page: u32) -> String {
        serde_json::to_string(&(
            self.text_match.as_deref(),
            &self.tag,
            self.answered.as_str(),
            self.sort.as_str(),
            page,
            per_page,
        ))
        .unwrap_or_default()
    }
}

/// Search words a title being typed contributes to suggestions.
pub const SUGGEST_TOKENS: usize = 16;

/// The full-text expression that finds questions and FAQ entries like a
/// title being typed: any of its first [`SUGGEST_TOKENS`] tokens, quoted.
/// `None` when the title has no token.
pub fn suggest_match(title: &str) -> Option<String> {
    let toks: Vec<String> = crate::common::search::query_tokens(title)
        .into_iter()
        .take(SUGGEST_TOKENS)
        .map(|t| format!("\"{t}\""))
        .collect();
    (!toks.is_empty()).then(|| toks.join(" OR "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_searches_are_normalised() {
        let s = QuestionSearch::parse(Some(" 年金 "), Some(" Rust "), Some("yes"), None).unwrap();
        assert_eq!((s.sort, s.answered, s.tag.as_deref()), (QuestionSort::Relevance, Answered::Yes, Some("rust")));
        assert!(!s.text_only());
        let plain = QuestionSearch::parse(None, Some("  "), None, None).unwrap();
        assert_eq!((plain.sort, plain.tag, plain.text_match), (QuestionSort::Newest, None, None));
        let a = QuestionSearch::parse(Some("年金"), None, None, None).unwrap();
        let b = QuestionSearch::parse(Some(" 年金 "), None, None, None).unwrap();
        assert!(a.text_only());
        assert_eq!(a.cache_key(1, 20), b.cache_key(1, 20));
        assert_ne!(a.cache_key(1, 20), a.cache_key(2, 20));
        assert!(QuestionSearch::parse(Some(&"字".repeat(201)), None, None, None).is_err());
        assert!(QuestionSearch::parse(None, None, Some("maybe"), None).is_err());
        assert!(QuestionSearch::parse(None, None, None, Some("")).is_err());
    }

    #[test]
    fn suggestions_and_the_index() {
        assert_eq!(suggest_match("  "), None);
        let m = suggest_match("年金怎麼繳").unwrap();
        assert!(m.starts_with('"') && m.contains(" OR "), "{m}");
        let (t, b) = search_index("國民年金", "繳費", &["pension".to_string()]);
        assert!(t.contains("年金") && b.contains("pension"), "{t} / {b}");
    }
}
