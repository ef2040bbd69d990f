//! The community's questions about one dataset or instrument, with an "ask
//! about this" button: the Q&A part of dataset and instrument pages, which
//! ties the three services into one community.

use commons_domain::qa::QaRelated;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::route::Route;

/// What the questions are about.
#[derive(Clone, PartialEq)]
pub enum Subject {
    /// A dataset, by its identifier.
    Dataset(String),
    /// An instrument, by id.
    Instrument(i64),
}

impl Subject {
    /// The query string naming the subject, for the API and the ask page.
    fn query(&self) -> String {
        match self {
            Subject::Dataset(id) => format!("dataset={}", api::enc(id)),
            Subject::Instrument(id) => format!("instrument={id}"),
        }
    }
}

/// Props of [`RelatedQa`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The dataset or instrument.
    pub subject: Subject,
}

/// The linked questions (newest first) and the ask button.
#[component]
pub fn RelatedQa(props: &Props) -> Html {
    let i18n = use_i18n();
    let state = use_state(|| None::<Result<QaRelated, ApiFailure>>);
    {
        let state = state.clone();
        use_effect_with(props.subject.clone(), move |subject| {
            let query = subject.query();
            wasm_bindgen_futures::spawn_local(async move { state.set(Some(api::qa::related(&query).await)) });
        });
    }
    // The ask page is in the Q&A bundle: a plain link, and the query names the subject.
    let ask_href = format!("/qa/ask?{}", props.subject.query());
    let body = match &*state {
        None => html! {},
        Some(Err(e)) => html! { <ErrorNotice failure={e.clone()} /> },
        Some(Ok(r)) if r.questions.is_empty() => html! { <p class="muted">{ i18n.tr("qa.related_empty") }</p> },
        Some(Ok(r)) => html! {
            <ul class="related-qa" data-testid="related-qa-list">
                { for r.questions.iter().map(|q| html! {
                    <li key={q.id}>
                        <Link<Route> to={Route::QaQuestion { id: q.id }}>{ q.title.clone() }</Link<Route>>
                        <span class="muted">{ " · " }{ i18n.trf("qa.answers_n", &[("n", &q.answer_count.to_string())]) }</span>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <section class="data-section" aria-labelledby="related-qa-title" data-testid="related-qa">
            <div class="page-head">
                <h2 id="related-qa-title">{ i18n.tr("qa.related_title") }</h2>
                <a class="btn btn-secondary btn-sm" href={ask_href} data-testid="ask-about-this">{ i18n.tr("qa.ask_about_this") }</a>
            </div>
            { body }
        </section>
    }
}
