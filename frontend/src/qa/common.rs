//! Pieces shared by the Knowledge Q&A pages (知識問答): the question search
//! as it lives in the URL, the section's sub-navigation, the names of
//! levels, privileges and badges, the question card and the sanitised
//! HTML the server renders.

use commons_domain::accounts::{has_role, Role, UserView};
use commons_domain::qa::{Gate, QaAct, QaViewer, QuestionSummary};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::format::{grouped, parse_pairs, pct_encode, when};
use crate::i18n::I18n;
use crate::route::Route;

/// The sorts of the question list.
pub const QA_SORTS: [&str; 4] = ["relevance", "newest", "votes", "activity"];

/// The question search as it appears in the URL of `/qa` (and, the same
/// string, in the API call): text, tag, answered filter, sort and page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QaQuery {
    /// Free text.
    pub q: String,
    /// One tag.
    pub tag: String,
    /// `yes`, `no` or empty.
    pub answered: String,
    /// One of [`QA_SORTS`]; empty means the server's default.
    pub sort: String,
    /// 1-based page.
    pub page: u32,
}

impl QaQuery {
    /// Parses a query string; unknown parameters are dropped.
    pub fn parse(query: &str) -> QaQuery {
        let mut out = QaQuery { page: 1, ..Default::default() };
        for (k, v) in parse_pairs(query) {
            match k.as_str() {
                "q" => out.q = v,
                "tag" => out.tag = v,
                "answered" if v == "yes" || v == "no" => out.answered = v,
                "sort" if QA_SORTS.contains(&v.as_str()) => out.sort = v,
                "page" => out.page = v.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                _ => {}
            }
        }
        out
    }

    /// A search for one tag only.
    pub fn tag(tag: &str) -> QaQuery {
        QaQuery { tag: tag.to_string(), page: 1, ..Default::default() }
    }

    /// The canonical query string (no `?`).
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in
            [("q", self.q.trim()), ("tag", self.tag.trim()), ("answered", &self.answered), ("sort", &self.sort)]
        {
            if !v.is_empty() {
                parts.push(format!("{k}={}", pct_encode(v)));
            }
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
            "/qa".to_string()
        } else {
            format!("/qa?{q}")
        }
    }

    /// The same search on another page.
    pub fn at_page(&self, page: u32) -> QaQuery {
        QaQuery { page: page.max(1), ..self.clone() }
    }
}

/// Props of [`QaLink`].
#[derive(Properties, PartialEq)]
pub struct QaLinkProps {
    /// Where it leads.
    pub to: QaQuery,
    /// CSS classes.
    #[prop_or_default]
    pub classes: Classes,
    /// A test hook.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// The link text.
    pub children: Html,
}

/// A real link to a question search that navigates inside the SPA.
#[component]
pub fn QaLink(props: &QaLinkProps) -> Html {
    let navigator = use_navigator();
    let onclick = {
        let query = props.to.to_query();
        Callback::from(move |e: MouseEvent| {
            if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            if let Some(n) = &navigator {
                let _ = n.push_with_query(&Route::Qa, yew_router::query::Raw(query.clone()));
            }
        })
    };
    html! {
        <a class={props.classes.clone()} href={props.to.href()} onclick={onclick} data-testid={props.testid.clone()}>
            { props.children.clone() }
        </a>
    }
}

/// Pushes `query` onto the history of `/qa`.
pub fn go_search(navigator: &Option<Navigator>, query: &QaQuery) {
    if let Some(n) = navigator {
        let _ = n.push_with_query(&Route::Qa, yew_router::query::Raw(query.to_query()));
    }
}

/// The query string of the current location ("" when none).
#[hook]
pub fn use_query_string() -> String {
    let location = use_location();
    location.as_ref().map(|l| l.query_str().to_string()).unwrap_or_default()
}

/// The value of `name` in a query string.
pub fn query_param(query: &str, name: &str) -> String {
    parse_pairs(query).into_iter().find(|(k, _)| k == name).map(|(_, v)| v).unwrap_or_default()
}

/// Whether the user is staff of the community (moderator or admin).
pub fn is_moderator(user: Option<&UserView>) -> bool {
    user.is_some_and(|u| has_role(&u.roles, Role::Moderator, None))
}

/// Whether `viewer` (none: signed out) may do `act` to a post, `own` when
/// it is theirs: the rule the Worker enforces ([`QaViewer::gate`]).
pub fn may(viewer: Option<&QaViewer>, act: QaAct, own: bool) -> bool {
    viewer.is_some_and(|v| v.may(act, own))
}

/// The short line telling a signed-in member which of `acts` (each with
/// whether the post is theirs) their level has not unlocked yet, and at
/// which level it unlocks; nothing when every one is open or when signed out.
pub fn locked_line(i18n: &I18n, viewer: Option<&QaViewer>, acts: &[(QaAct, bool)]) -> Html {
    let Some(v) = viewer else { return html! {} };
    let locked: Vec<String> = acts
        .iter()
        .filter_map(|(act, own)| match v.gate(*act, *own) {
            Gate::Open => None,
            Gate::Locked(n) => Some(i18n.trf(act.unlock_key(), &[("n", &n.to_string())])),
        })
        .collect();
    if locked.is_empty() {
        return html! {};
    }
    html! {
        <p class="hint qa-locked" data-testid="qa-locked">
            { locked.join(i18n.tr("qa.unlock_sep")) }{ i18n.tr("qa.list_end") }{ " " }{ i18n.tr("qa.unlock.how") }
            { " " }<Link<Route> to={Route::QaUser { id: v.user_id }}>{ i18n.tr("qa.my_level") }</Link<Route>>
        </p>
    }
}

/// The name of level `n` (1–6).
pub fn level_name(i18n: &I18n, n: u8) -> &'static str {
    match n {
        1 => i18n.tr("qa.level.1"),
        2 => i18n.tr("qa.level.2"),
        3 => i18n.tr("qa.level.3"),
        4 => i18n.tr("qa.level.4"),
        5 => i18n.tr("qa.level.5"),
        _ => i18n.tr("qa.level.6"),
    }
}

/// "Lv 3 · 專員".
pub fn level_label(i18n: &I18n, n: u8) -> String {
    i18n.trf("qa.level_label", &[("n", &n.to_string()), ("name", level_name(i18n, n))])
}

/// The name of a privilege; unknown ones are shown as they are.
pub fn privilege_name(i18n: &I18n, p: &str) -> String {
    match p {
        "ask_answer" => i18n.tr("qa.privilege.ask_answer"),
        "comment" => i18n.tr("qa.privilege.comment"),
        "flag" => i18n.tr("qa.privilege.flag"),
        "downvote" => i18n.tr("qa.privilege.downvote"),
        "edit_others" => i18n.tr("qa.privilege.edit_others"),
        "close_duplicate" => i18n.tr("qa.privilege.close_duplicate"),
        "moderate" => i18n.tr("qa.privilege.moderate"),
        other => return other.to_string(),
    }
    .to_string()
}

/// The name and description of a badge; unknown ones are shown as they are.
pub fn badge_text(i18n: &I18n, b: &str) -> (String, String) {
    let (name, desc) = match b {
        "first_question" => (i18n.tr("qa.badge.first_question"), i18n.tr("qa.badge.first_question.desc")),
        "first_answer" => (i18n.tr("qa.badge.first_answer"), i18n.tr("qa.badge.first_answer.desc")),
        "first_accepted" => (i18n.tr("qa.badge.first_accepted"), i18n.tr("qa.badge.first_accepted.desc")),
        "ten_accepted" => (i18n.tr("qa.badge.ten_accepted"), i18n.tr("qa.badge.ten_accepted.desc")),
        "streak_7" => (i18n.tr("qa.badge.streak_7"), i18n.tr("qa.badge.streak_7.desc")),
        "top_tag_answerer" => (i18n.tr("qa.badge.top_tag_answerer"), i18n.tr("qa.badge.top_tag_answerer.desc")),
        "popular_question" => (i18n.tr("qa.badge.popular_question"), i18n.tr("qa.badge.popular_question.desc")),
        "faq_author" => (i18n.tr("qa.badge.faq_author"), i18n.tr("qa.badge.faq_author.desc")),
        other => return (other.to_string(), String::new()),
    };
    (name.to_string(), desc.to_string())
}

/// The name of an FAQ service.
pub fn service_name(i18n: &I18n, s: &str) -> String {
    match s {
        "opendata" => i18n.tr("nav.data"),
        "booking" => i18n.tr("nav.booking"),
        "accounts" => i18n.tr("qa.service.accounts"),
        "qa" => i18n.tr("nav.qa"),
        other => return other.to_string(),
    }
    .to_string()
}

/// HTML the server has already sanitised (pulldown-cmark + ammonia). Only
/// `body_html` fields may go through here; everything else is text.
pub fn sanitised_html(html: &str, class: &'static str) -> Html {
    html! { <div class={classes!("prose", class)}>{ Html::from_html_unchecked(AttrValue::from(html.to_string())) }</div> }
}

/// The section's sub-navigation; `current` is the page's own link.
pub fn qa_nav(i18n: &I18n, user: Option<&UserView>, current: &str) -> Html {
    let item = |route: Route, key: &str, name: &'static str, testid: &'static str| {
        html! {
            <li>
                <Link<Route> to={route} classes={classes!("qa-nav-link", (key == current).then_some("active"))}>
                    <span data-testid={testid}>{ name }</span>
                </Link<Route>>
            </li>
        }
    };
    html! {
        <nav class="qa-nav" aria-label={i18n.tr("qa.nav")}>
            <ul role="list">
                { item(Route::Qa, "home", i18n.tr("qa.nav.questions"), "qa-nav-questions") }
                { item(Route::QaFaq, "faq", i18n.tr("qa.nav.faq"), "qa-nav-faq") }
                { item(Route::QaLeaderboard, "leaderboard", i18n.tr("qa.nav.leaderboard"), "qa-nav-leaderboard") }
                { item(Route::QaStats, "stats", i18n.tr("qa.nav.stats"), "qa-nav-stats") }
                if let Some(u) = user {
                    { item(Route::QaUser { id: u.id }, "me", i18n.tr("qa.nav.me"), "qa-nav-me") }
                }
                if is_moderator(user) {
                    { item(Route::QaModeration, "moderation", i18n.tr("qa.nav.moderation"), "qa-nav-moderation") }
                }
            </ul>
        </nav>
    }
}

/// Tags as links to their searches.
pub fn tag_list(tags: &[String]) -> Html {
    html! {
        <ul class="qa-tags" role="list">
            { for tags.iter().map(|t| html! {
                <li><QaLink to={QaQuery::tag(t)} classes="qa-tag" testid="qa-tag">{ t.clone() }</QaLink></li>
            }) }
        </ul>
    }
}

/// Props of [`QuestionCard`].
#[derive(Properties, PartialEq)]
pub struct QuestionCardProps {
    /// The question.
    pub q: QuestionSummary,
}

/// One question in a list: score, answers, views, title, tags, author.
#[component]
pub fn QuestionCard(props: &QuestionCardProps) -> Html {
    let i18n = crate::i18n::use_i18n();
    let q = &props.q;
    html! {
        <li class="card qa-card" data-testid="qa-question">
            <div class="qa-card-stats">
                <span class="qa-stat">{ i18n.trf("qa.score_n", &[("n", &q.score.to_string())]) }</span>
                <span class={classes!("qa-stat", "qa-answers", q.answered.then_some("answered"))}>
                    { i18n.trf("qa.answers_n", &[("n", &q.answer_count.to_string())]) }
                </span>
                <span class="qa-stat muted">{ i18n.trf("qa.views_n", &[("n", &grouped(q.views))]) }</span>
            </div>
            <div class="qa-card-main">
                <h3 class="card-title">
                    <Link<Route> to={Route::QaQuestion { id: q.id }}>{ q.title.clone() }</Link<Route>>
                </h3>
                { tag_list(&q.tags) }
                <p class="muted qa-byline">
                    { i18n.trf("qa.asked_by", &[("name", &q.author), ("when", &when(&i18n, &q.created_at))]) }
                </p>
            </div>
        </li>
    }
}

/// The breadcrumbs of a Q&A page: 知識問答, then `more`.
pub fn qa_crumbs(i18n: &I18n, more: Html) -> Html {
    html! {
        <nav class="breadcrumbs" aria-label={i18n.tr("nav.breadcrumbs")}>
            <Link<Route> to={Route::Qa}>{ i18n.tr("nav.qa") }</Link<Route>>
            { more }
        </nav>
    }
}
