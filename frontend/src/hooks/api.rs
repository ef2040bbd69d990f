//! Loading an API answer into a page: a fetch hook that drops stale answers,
//! and one that keeps the last good answer while a new one loads.

use std::future::Future;

use yew::prelude::*;

use crate::api::ApiFailure;

/// An API answer as a page shows it: `None` while loading.
pub type Loaded<T> = Option<Result<T, ApiFailure>>;

/// What [`use_api`] gives a page.
pub struct Fetched<T> {
    /// The latest answer, `None` while loading.
    pub state: UseStateHandle<Loaded<T>>,
    /// Asks again (for a retry button).
    pub retry: Callback<MouseEvent>,
}

/// Fetches with `load(deps)` whenever `deps` change (and on retry). An
/// answer that arrives after a newer request was made is dropped, so a slow
/// response can never overwrite the page the user has moved on to.
#[hook]
pub fn use_api<T, D, F, Fut>(deps: D, load: F) -> Fetched<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let state = use_state(|| None::<Result<T, ApiFailure>>);
    let attempt = use_state(|| 0u32);
    let generation = use_mut_ref(|| 0u64);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            state.set(None);
            let fut = load(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = fut.await;
                if *generation.borrow() == mine {
                    state.set(Some(answer));
                }
            });
        });
    }
    let retry = Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1));
    Fetched { state, retry }
}

/// The latest successful answer: while a new request loads (`None`) the
/// previous one stays available, so a page can keep showing it dimmed
/// instead of collapsing to a spinner.
#[hook]
pub fn use_last_ok<T: Clone + 'static>(state: &Loaded<T>) -> Option<T> {
    let last = use_mut_ref(|| None::<T>);
    match state {
        Some(Ok(v)) => {
            *last.borrow_mut() = Some(v.clone());
            Some(v.clone())
        }
        Some(Err(_)) => None,
        None => last.borrow().clone(),
    }
}
