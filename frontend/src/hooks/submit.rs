//! The busy / failed / done flow of a form or a button that calls the API.
//!
//! Every write on a page goes through [`use_submit`]: the button shows that
//! it is working and refuses a second press, a failure is kept for an
//! [`ErrorNotice`](crate::components::error_notice::ErrorNotice) next to the
//! control, and a success is kept so the page can say what happened.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use yew::prelude::*;

use crate::api::ApiFailure;

/// Where one submit stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SubmitState<T> {
    /// Nothing sent yet (or reset).
    Idle,
    /// A request is on its way.
    Busy,
    /// The last request failed.
    Failed(ApiFailure),
    /// The last request succeeded with this answer.
    Done(T),
}

/// What [`use_submit`] gives a component.
pub struct Submit<T: 'static> {
    state: UseStateHandle<SubmitState<T>>,
    running: Rc<RefCell<bool>>,
}

impl<T: 'static> Clone for Submit<T> {
    fn clone(&self) -> Self {
        Submit { state: self.state.clone(), running: self.running.clone() }
    }
}

impl<T: Clone + 'static> Submit<T> {
    /// Sends `request` unless one is already on its way; when it succeeds,
    /// `then` runs with the answer (to navigate, reload or update a list).
    pub fn run<F>(&self, request: F, then: impl FnOnce(&T) + 'static)
    where
        F: Future<Output = Result<T, ApiFailure>> + 'static,
    {
        // The flag, not the state, guards double presses: a second click in
        // the same frame still sees the old state.
        if std::mem::replace(&mut *self.running.borrow_mut(), true) {
            return;
        }
        let (state, running) = (self.state.clone(), self.running.clone());
        state.set(SubmitState::Busy);
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = request.await;
            *running.borrow_mut() = false;
            match outcome {
                Ok(v) => {
                    then(&v);
                    state.set(SubmitState::Done(v));
                }
                Err(f) => state.set(SubmitState::Failed(f)),
            }
        });
    }

    /// Whether a request is on its way (disable the control, say so).
    pub fn busy(&self) -> bool {
        matches!(*self.state, SubmitState::Busy)
    }

    /// The failure of the last request, to show beside the control.
    pub fn failure(&self) -> Option<ApiFailure> {
        match &*self.state {
            SubmitState::Failed(f) => Some(f.clone()),
            _ => None,
        }
    }

    /// The answer of the last request, when it succeeded.
    pub fn done(&self) -> Option<T> {
        match &*self.state {
            SubmitState::Done(v) => Some(v.clone()),
            _ => None,
        }
    }

    /// Back to idle (e.g. when the user edits the form again).
    pub fn reset(&self) {
        if !self.busy() {
            self.state.set(SubmitState::Idle);
        }
    }
}

/// A submit flow for answers of type `T`.
#[hook]
pub fn use_submit<T: Clone + 'static>() -> Submit<T> {
    let state = use_state(|| SubmitState::Idle);
    let running = use_mut_ref(|| false);
    Submit { state, running }
}
