//! Finding questions: the search (FAQ hits first, pages cached), the
//! suggestions shown while a title is typed, and the questions linked to a
//! dataset or an instrument.

use commons_domain::api::PageMeta;
use commons_domain::qa::{suggest_match, QaList, QaRelated, QaSuggestions, QuestionSearch};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use crate::ctx::RequestCtx;
use crate::http::{ok_json, paging, q_get, query};
use crate::qa::db::{self, search::LinkedTo};

/// How long a cached search page may be served: the generation check keeps
/// everything but view counts exact, and views may lag by this much.
const SEARCH_CACHE_TTL: i64 = 60;

/// FAQ entries shown above the questions (page 1 of a text search) and among suggestions.
const FAQ_HITS: i64 = 3;

/// `GET /api/qa/questions?q=&tag=&answered=yes|no&sort=relevance|newest|votes|activity&page=&per_page=`:
/// FAQ entries first (page 1), then questions.
///
/// Pages are cached (migration 0009): a hit is one indexed read instead of
/// ranking every matching question. `Cache-Control: no-cache` on the request
/// asks for a freshly computed page (and refreshes the cached one). The
/// `x-commons-cache` response header says `hit` or `miss`.
pub async fn list_questions(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (page, per_page) = paging(rc)?;
    let q = query(rc)?;
    let search = QuestionSearch::parse(q_get(&q, "q"), q_get(&q, "tag"), q_get(&q, "answered"), q_get(&q, "sort"))?;
    let key = search.cache_key(page, per_page);
    let dbh = rc.db()?;
    let now = rc.now();
    let fresh = rc.header("cache-control").is_some_and(|v| v.to_ascii_lowercase().contains("no-cache"));
    if !fresh {
        if let Some(body) = db::search::cached_page(&dbh, &key, now - SEARCH_CACHE_TTL).await? {
            return Ok(cache_marked(crate::error::json_response(body, 200), "hit"));
        }
    }
    if let Some(tag) = &search.tag {
        if !db::search::tag_exists(&dbh, tag).await? {
            return Err(ApiError::invalid(format!("tag: no question has the tag {tag:?}")));
        }
    }
    let found = db::search::search_page(&dbh, &search, page, per_page).await?;
    if page > 1 && i64::from((page - 1) * per_page) >= found.total {
        return Err(ApiError::new(ErrorKind::NotFound, format!("page {page} is past the last page")));
    }
    let faq = match (&search.text_match, page) {
        (Some(m), 1) => db::search::faq_matches(&dbh, m, FAQ_HITS).await?,
        _ => Vec::new(),
    };
    let list = QaList {
        faq,
        questions: found.questions,
        meta: PageMeta { total: u64::try_from(found.total).unwrap_or(0), page, per_page },
    };
    // The page is stored as the very text it is answered with.
    let body = serde_json::to_string(&list).map_err(crate::error::internal)?;
    db::search::store_page(&dbh, &key, found.generation, &body, now, now - SEARCH_CACHE_TTL).await?;
    Ok(cache_marked(crate::error::json_response(body, 200), "miss"))
}

/// Marks a search response as served from the cache or not.
fn cache_marked(mut r: Response, how: &str) -> Response {
    let _ = r.headers_mut().set("x-commons-cache", how);
    r
}

/// `GET /api/qa/suggest?title=`: similar questions and FAQ entries while typing a new title.
pub async fn suggest_questions(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let Some(m) = suggest_match(q_get(&q, "title").unwrap_or("")) else {
        return ok_json(&QaSuggestions::default());
    };
    let dbh = rc.db()?;
    let faq = db::search::faq_matches(&dbh, &m, FAQ_HITS).await?;
    let questions = db::search::similar_titles(&dbh, &m).await?;
    ok_json(&QaSuggestions { faq, questions })
}

/// `GET /api/qa/related?dataset=|instrument=`: questions linked to a dataset or an instrument.
pub async fn list_related(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let dataset = q_get(&q, "dataset").map(str::to_lowercase);
    let to = match (dataset.as_deref(), q_get(&q, "instrument")) {
        (Some(d), None) => LinkedTo::Dataset(d),
        (None, Some(i)) => {
            LinkedTo::Instrument(i.parse().map_err(|_| ApiError::bad_request("instrument: an integer"))?)
        }
        _ => return Err(ApiError::invalid("give dataset or instrument")),
    };
    ok_json(&QaRelated { questions: db::search::linked_questions(&rc.db()?, to).await? })
}
