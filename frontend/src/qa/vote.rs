//! The vote and accept controls of a post: up and down around the score
//! (pressing the held vote again takes it back; down only for those whose
//! level unlocked it), and the asker's accept.

use commons_domain::qa::{PostKind, QaVoted};
use yew::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::hooks::submit::use_submit;
use crate::i18n::use_i18n;

/// Props of [`VoteBox`].
#[derive(Properties, PartialEq)]
pub struct VoteProps {
    /// What is voted on.
    pub kind: PostKind,
    /// Its id.
    pub id: i64,
    /// Its score.
    pub score: i64,
    /// The viewer's vote.
    pub my_vote: i64,
    /// Whether the viewer may vote down (the privilege rule); without it
    /// there is no down button.
    #[prop_or(true)]
    pub can_downvote: bool,
    /// Called after a vote counted.
    pub on_done: Callback<()>,
}

/// Up and down buttons around the score; pressing the held vote again takes it back.
#[component]
pub fn VoteBox(props: &VoteProps) -> Html {
    let i18n = use_i18n();
    let submit = use_submit::<QaVoted>();
    let held = use_state(|| None::<(i64, i64)>);
    // A reload of the page brings fresh numbers; forget the local ones.
    {
        let held = held.clone();
        use_effect_with((props.score, props.my_vote), move |_| held.set(None));
    }
    let (my_vote, score) = held.unwrap_or((props.my_vote, props.score));
    let vote = |dir: i64| {
        let (submit, held, on_done) = (submit.clone(), held.clone(), props.on_done.clone());
        let (kind, id) = (props.kind, props.id);
        Callback::from(move |_: MouseEvent| {
            let value = if my_vote == dir { 0 } else { dir };
            let (held, on_done) = (held.clone(), on_done.clone());
            submit.run(api::qa::vote(kind, id, value), move |v| {
                held.set(Some((v.value, v.score)));
                on_done.emit(());
            });
        })
    };
    let busy = submit.busy();
    html! {
        <div class="qa-vote" data-testid={format!("vote-{}-{}", props.kind.as_str(), props.id)}>
            <button type="button" class="btn btn-ghost btn-sm vote-up" aria-pressed={(my_vote == 1).to_string()}
                aria-label={i18n.tr("qa.vote_up")} onclick={vote(1)} disabled={busy} data-testid="vote-up">{ "▲" }</button>
            <span class="qa-score" data-testid="score" data-score={score.to_string()}
                aria-label={i18n.trf("qa.score_n", &[("n", &score.to_string())])}>{ score }</span>
            if props.can_downvote || my_vote == -1 {
            <button type="button" class="btn btn-ghost btn-sm vote-down" aria-pressed={(my_vote == -1).to_string()}
                aria-label={i18n.tr("qa.vote_down")} onclick={vote(-1)} disabled={busy} data-testid="vote-down">{ "▼" }</button>
            }
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
        </div>
    }
}

/// Props of [`AcceptButton`].
#[derive(Properties, PartialEq)]
pub struct AcceptProps {
    /// The answer.
    pub answer: i64,
    /// Whether it is the accepted one (the button then withdraws the accept).
    pub accepted: bool,
    /// Whether an accept is on its way.
    pub busy: bool,
    /// Asks for `(answer, accept?)`.
    pub on_accept: Callback<(i64, bool)>,
}

/// The asker's accept button, or the button that takes the accept back.
#[component]
pub fn AcceptButton(props: &AcceptProps) -> Html {
    let i18n = use_i18n();
    let onclick = {
        let (on_accept, answer, accept) = (props.on_accept.clone(), props.answer, !props.accepted);
        Callback::from(move |_: MouseEvent| on_accept.emit((answer, accept)))
    };
    if props.accepted {
        html! {
            <button type="button" class="btn btn-secondary btn-sm" onclick={onclick} disabled={props.busy}
                data-testid="unaccept">{ i18n.tr("qa.unaccept") }</button>
        }
    } else {
        html! {
            <button type="button" class="btn btn-primary btn-sm" onclick={onclick} disabled={props.busy}
                data-testid="accept">{ i18n.tr("qa.accept") }</button>
        }
    }
}
