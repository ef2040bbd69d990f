//! Pieces shared by the open-data pages (開放資料): the catalogue search as it
//! lives in the URL, the labels of facets, sorts and quality grades, and the
//! dataset card.

use commons_domain::opendata::DatasetSummary;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::format::{day, grouped, parse_pairs, pct_encode};
use crate::i18n::I18n;
use crate::route::Route;

/// The URL parameters that filter the search, in the order the URL lists
/// them: one per facet of `commons_domain::opendata::FACETS`, then `tag`.
pub const FILTER_PARAMS: [&str; 7] = ["organization", "category", "format", "license", "frequency", "quality", "tag"];

/// The catalogue search as it appears in the URL of `/data/search` (and, the
/// same string, in the API call): free text, filters, sort and page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataQuery {
    /// Free text.
    pub q: String,
    /// `(parameter, value)` filters; a parameter may repeat (values of one
    /// facet are ORed by the API, tags ANDed).
    pub filters: Vec<(String, String)>,
    /// One of `commons_domain::opendata::SORTS`; empty means relevance.
    pub sort: String,
    /// 1-based page.
    pub page: u32,
}

impl DataQuery {
    /// Parses a query string (with or without the leading `?`). Unknown
    /// parameters are dropped; a bad page number means page 1.
    pub fn parse(query: &str) -> DataQuery {
        let mut out = DataQuery { page: 1, ..Default::default() };
        for (k, v) in parse_pairs(query) {
            match k.as_str() {
                "q" => out.q = v,
                "sort" => out.sort = v,
                "page" => out.page = v.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                f if FILTER_PARAMS.contains(&f) && !v.is_empty() && !out.has(f, &v) => out.filters.push((k, v)),
                _ => {}
            }
        }
        out
    }

    /// A search for free text only.
    pub fn text(q: &str) -> DataQuery {
        DataQuery { q: q.trim().to_string(), page: 1, ..Default::default() }
    }

    /// A search with one filter only.
    pub fn filter(param: &str, value: &str) -> DataQuery {
        DataQuery { filters: vec![(param.to_string(), value.to_string())], page: 1, ..Default::default() }
    }

    /// The canonical query string (no `?`): `q`, the filters grouped in
    /// [`FILTER_PARAMS`] order, then `sort` and `page` unless they are the
    /// defaults. Equal searches give equal strings.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.trim().is_empty() {
            parts.push(format!("q={}", pct_encode(self.q.trim())));
        }
        for p in FILTER_PARAMS {
            for (_, v) in self.filters.iter().filter(|(k, _)| k == p) {
                parts.push(format!("{p}={}", pct_encode(v)));
            }
        }
        if !self.sort.is_empty() && self.sort != "relevance" {
            parts.push(format!("sort={}", pct_encode(&self.sort)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }

    /// The path and query of this search's page.
    pub fn href(&self) -> String {
        let q = self.to_query();
        if q.is_empty() {
            "/data/search".to_string()
        } else {
            format!("/data/search?{q}")
        }
    }

    /// Whether the filter `param=value` is on.
    pub fn has(&self, param: &str, value: &str) -> bool {
        self.filters.iter().any(|(k, v)| k == param && v == value)
    }

    /// The same search with `param=value` switched on or off, from page 1.
    pub fn toggled(&self, param: &str, value: &str) -> DataQuery {
        let mut next = self.clone();
        if self.has(param, value) {
            next.filters.retain(|(k, v)| !(k == param && v == value));
        } else {
            next.filters.push((param.to_string(), value.to_string()));
        }
        next.page = 1;
        next
    }

    /// The same search on another page.
    pub fn at_page(&self, page: u32) -> DataQuery {
        DataQuery { page: page.max(1), ..self.clone() }
    }

    /// The same search in another order, from page 1.
    pub fn sorted(&self, sort: &str) -> DataQuery {
        DataQuery { sort: sort.to_string(), page: 1, ..self.clone() }
    }

    /// The same text and sort without any filter.
    pub fn without_filters(&self) -> DataQuery {
        DataQuery { filters: Vec::new(), page: 1, ..self.clone() }
    }
}

/// A CE year as the reader expects it; a column that held ROC years shows
/// both, e.g. `2004（民國93年）`.
pub fn year_label(i18n: &I18n, ce: i64, roc: bool) -> String {
    if roc {
        i18n.trf("data.year_roc", &[("ce", &ce.to_string()), ("roc", &(ce - 1911).to_string())])
    } else {
        ce.to_string()
    }
}

/// The heading of a filter parameter.
pub fn facet_label(i18n: &I18n, param: &str) -> &'static str {
    match param {
        "organization" => i18n.tr("data.facet.organization"),
        "category" => i18n.tr("data.facet.category"),
        "format" => i18n.tr("data.facet.format"),
        "license" => i18n.tr("data.facet.license"),
        "frequency" => i18n.tr("data.facet.frequency"),
        "quality" => i18n.tr("data.facet.quality"),
        _ => i18n.tr("data.facet.tag"),
    }
}

/// The name of a sort order.
pub fn sort_label(i18n: &I18n, sort: &str) -> &'static str {
    match sort {
        "newest" => i18n.tr("data.sort.newest"),
        "views" => i18n.tr("data.sort.views"),
        "downloads" => i18n.tr("data.sort.downloads"),
        "rating" => i18n.tr("data.sort.rating"),
        _ => i18n.tr("data.sort.relevance"),
    }
}

/// The CSS modifier of a quality grade (白金, 金, 銀, 銅, 無).
fn quality_class(grade: &str) -> &'static str {
    match grade {
        "白金" => "quality-platinum",
        "金" => "quality-gold",
        "銀" => "quality-silver",
        "銅" => "quality-bronze",
        _ => "quality-none",
    }
}

/// A quality grade in the UI language; other text is shown as it is.
pub fn quality_label(i18n: &I18n, grade: &str) -> String {
    match grade {
        "白金" => i18n.tr("data.quality.platinum").to_string(),
        "金" => i18n.tr("data.quality.gold").to_string(),
        "銀" => i18n.tr("data.quality.silver").to_string(),
        "銅" => i18n.tr("data.quality.bronze").to_string(),
        "無" => i18n.tr("data.quality.none").to_string(),
        other => other.to_string(),
    }
}

/// How a facet value reads: quality grades are translated, the rest is data.
pub fn value_label(i18n: &I18n, param: &str, label: &str) -> String {
    if param == "quality" {
        quality_label(i18n, label)
    } else {
        label.to_string()
    }
}

/// A quality badge (nothing for an ungraded dataset).
pub fn quality_badge(i18n: &I18n, grade: &str) -> Html {
    if grade.is_empty() {
        return html! {};
    }
    html! {
        <li class={classes!("badge", "quality", quality_class(grade))}>
            { i18n.trf("data.quality_badge", &[("grade", &quality_label(i18n, grade))]) }
        </li>
    }
}

/// Format badges.
pub fn format_badges(formats: &[String]) -> Html {
    html! { { for formats.iter().map(|f| html! { <li class="badge format">{ f }</li> }) } }
}

/// The breadcrumbs of an open-data page: 開放資料, then `more`.
pub fn crumbs(i18n: &I18n, more: Html) -> Html {
    html! {
        <nav class="breadcrumbs" aria-label={i18n.tr("nav.breadcrumbs")}>
            <Link<Route> to={Route::Data}>{ i18n.tr("nav.data") }</Link<Route>>
            { more }
        </nav>
    }
}

/// Props of [`QueryLink`].
#[derive(Properties, PartialEq)]
pub struct QueryLinkProps {
    /// Where it leads.
    pub to: DataQuery,
    /// CSS classes of the anchor.
    #[prop_or_default]
    pub classes: Classes,
    /// `aria-pressed`-like state for toggles, written as `aria-current`.
    #[prop_or_default]
    pub current: bool,
    /// A test hook.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Accessible name when the text alone is not enough.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// The link text.
    pub children: Html,
}

/// A real link to a search (it can be opened in a new tab or copied) that
/// navigates inside the SPA on a plain click, keeping the whole search in
/// the URL for back/forward and bookmarks.
#[component]
pub fn QueryLink(props: &QueryLinkProps) -> Html {
    let navigator = use_navigator();
    let href = props.to.href();
    let onclick = {
        let query = props.to.to_query();
        Callback::from(move |e: MouseEvent| {
            if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            if let Some(n) = &navigator {
                let _ = n.push_with_query(&Route::DataSearch, yew_router::query::Raw(query.clone()));
            }
        })
    };
    html! {
        <a class={props.classes.clone()} href={href} onclick={onclick}
            aria-current={props.current.then_some("true")} data-testid={props.testid.clone()}
            aria-label={props.label.clone()}>
            { props.children.clone() }
        </a>
    }
}

/// Props of [`DatasetCard`].
#[derive(Properties, PartialEq)]
pub struct DatasetCardProps {
    /// The dataset.
    pub d: DatasetSummary,
}

/// One dataset in a list: title link, agency, category, formats, quality,
/// excerpt and usage.
#[component]
pub fn DatasetCard(props: &DatasetCardProps) -> Html {
    let i18n = crate::i18n::use_i18n();
    let d = &props.d;
    html! {
        <li class="card dataset-card" data-testid="dataset-card">
            <h3 class="card-title">
                <Link<Route> to={Route::Dataset { id: d.identifier.clone() }}>{ &d.title }</Link<Route>>
            </h3>
            <p class="dataset-org">
                <Link<Route> to={Route::Organization { id: d.organization_id.clone() }}>{ &d.organization }</Link<Route>>
                if !d.category.is_empty() { <span class="muted">{ " · " }{ &d.category }</span> }
            </p>
            if !d.excerpt.is_empty() { <p class="excerpt">{ &d.excerpt }</p> }
            if !d.formats.is_empty() || !d.quality.is_empty() {
                <ul class="badges" role="list">
                    { format_badges(&d.formats) }
                    { quality_badge(&i18n, &d.quality) }
                </ul>
            }
            <p class="dataset-usage muted">
                { i18n.trf("data.views_n", &[("n", &grouped(d.views))]) }
                { " · " }
                { i18n.trf("data.downloads_n", &[("n", &grouped(d.downloads))]) }
                if !d.issued.is_empty() {
                    { " · " }{ i18n.trf("data.issued_on", &[("date", &day(&i18n, &d.issued))]) }
                }
            </p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_round_trips_with_repeated_filters_and_chinese_text() {
        let q = DataQuery::parse("?q=%E5%B9%B4%E9%87%91&format=CSV&format=JSON&tag=a+b&sort=views&page=3&junk=1");
        assert_eq!(q.q, "年金");
        assert_eq!(q.filters.len(), 3);
        assert!(q.has("tag", "a b"));
        assert_eq!(q.page, 3);
        assert_eq!(DataQuery::parse(&q.to_query()), q);
        assert_eq!(q.to_query(), "q=%E5%B9%B4%E9%87%91&format=CSV&format=JSON&tag=a%20b&sort=views&page=3");
    }

    #[test]
    fn toggling_a_filter_resets_the_page_and_defaults_stay_out_of_the_url() {
        let q = DataQuery::parse("q=x&page=4");
        let on = q.toggled("quality", "金");
        assert_eq!(on.page, 1);
        assert!(on.has("quality", "金"));
        assert!(!on.toggled("quality", "金").has("quality", "金"));
        assert_eq!(DataQuery::parse("sort=relevance&page=1").to_query(), "");
        assert_eq!(DataQuery::default().href(), "/data/search");
    }

    #[test]
    fn a_page_below_one_reads_as_the_first() {
        assert_eq!(DataQuery::parse("page=0").page, 1);
    }
}
