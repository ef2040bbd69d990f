//! A labelled form input with an optional hint, wired for accessibility
//! (the hint is the input's description).

use yew::prelude::*;

/// Props of [`Field`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The input's id and name.
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// `type` of the input.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// Browser autofill hint.
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// Help text under the input.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Minimum length for native validation.
    #[prop_or_default]
    pub minlength: Option<AttrValue>,
    /// Reference to read the value on submit.
    pub node_ref: NodeRef,
}

/// One labelled, required input.
#[component]
pub fn Field(props: &Props) -> Html {
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input id={props.id.clone()} name={props.id.clone()} type={props.kind.clone()} required=true
                autocomplete={props.autocomplete.clone()} minlength={props.minlength.clone()}
                aria-describedby={props.hint.as_ref().map(|_| hint_id.clone())} ref={props.node_ref.clone()} />
            if let Some(h) = &props.hint {
                <p id={hint_id} class="hint">{ h.clone() }</p>
            }
        </div>
    }
}

/// The current value of an input behind `r` ("" if not mounted).
pub fn value_of(r: &NodeRef) -> String {
    r.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default()
}
