//! D1's documented limits (developers.cloudflare.com/d1/platform/limits),
//! and the bounds on user input that keep every statement within them.
//!
//! A statement over a limit fails inside D1 with an internal error, so input
//! that could build one is refused first with a 422 that says which bound it
//! broke. The bounds are stated here once; the tests of each service check
//! their endpoints against them.

use crate::error::ApiError;

/// Most bound parameters in one statement.
pub const MAX_BOUND_PARAMS: usize = 100;
/// Most bytes in one SQL statement.
pub const MAX_STATEMENT_BYTES: usize = 100_000;
/// Most arguments of one SQL function call.
pub const MAX_FUNCTION_ARGS: usize = 32;
/// Most bytes in a `LIKE` or `GLOB` pattern.
pub const MAX_LIKE_PATTERN_BYTES: usize = 50;
/// Queries one Worker invocation may make on Workers Free (1,000 on Paid).
pub const MAX_QUERIES_FREE: usize = 50;

/// Longest free-text search query, in characters (every search box).
pub const MAX_QUERY_CHARS: usize = 100;
/// Most search tokens one query may carry: each becomes a term of the
/// FTS5 MATCH expression, and D1 caps compound SELECT terms, so a query of
/// hundreds of tokens would fail inside the database.
pub const MAX_QUERY_TOKENS: usize = 24;

/// The `LIKE` pattern `%text%` for a substring search, with `%`, `_` and `\`
/// escaped (use `ESCAPE '\'`), or a 422 when it would exceed D1's pattern
/// limit. `field` names the parameter in the message.
pub fn like_contains(text: &str, field: &str) -> Result<String, ApiError> {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    if p.len() > MAX_LIKE_PATTERN_BYTES {
        return Err(ApiError::invalid(format!(
            "{field}: at most {} bytes of text for this search (yours has {})",
            MAX_LIKE_PATTERN_BYTES - 2,
            p.len() - 2
        )));
    }
    Ok(p)
}

/// Refuses a free-text query that is too long or has too many tokens for
/// the search index; `field` names the parameter in the message.
pub fn check_query(q: &str, field: &str) -> Result<(), ApiError> {
    let chars = q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(ApiError::invalid(format!("{field}: at most {MAX_QUERY_CHARS} characters (yours has {chars})")));
    }
    let tokens = crate::common::search::query_tokens(q).len();
    if tokens > MAX_QUERY_TOKENS {
        return Err(ApiError::invalid(format!("{field}: at most {MAX_QUERY_TOKENS} words (yours has {tokens})")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_escaped_and_bounded() {
        assert_eq!(like_contains("50%_off", "q").as_deref().ok(), Some("%50\\%\\_off%"));
        assert!(like_contains(&"顯".repeat(16), "q").is_ok(), "16 CJK characters are 48 bytes");
        let e = like_contains(&"0".repeat(49), "q").unwrap_err();
        assert!(e.message.starts_with("q: at most 48 bytes"), "{}", e.message);
    }

    #[test]
    fn queries_are_bounded_in_length_and_tokens() {
        assert!(check_query("國民年金 保險", "q").is_ok());
        assert!(check_query(&"0".repeat(101), "q").is_err());
        // 31 Han characters are 30 overlapping bigrams.
        let many = "國民年金保險給付申請條件說明臺北市政府開放資料平臺公共自行車租賃站即時資訊";
        assert!(check_query(many, "q").unwrap_err().message.contains("words"));
    }
}
