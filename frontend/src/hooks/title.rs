//! The document title of each page.

use yew::prelude::*;

use crate::i18n::I18n;

/// Sets the document title to `page · Commons`.
fn set_title(i18n: &I18n, page: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{page} · {}", i18n.tr("app.name")));
    }
}

/// Keeps the document title at `page · Commons` while this page shows and
/// `page` is known (a bookmark or a tab then names the dataset or search);
/// the plain site name comes back when the page goes.
#[hook]
pub fn use_title(page: Option<String>) {
    let i18n = crate::i18n::use_i18n();
    use_effect_with((page, i18n.locale), move |(page, _)| {
        if let Some(p) = page {
            set_title(&i18n, p);
        }
        move || {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                doc.set_title(i18n.tr("app.name"));
            }
        }
    });
}
