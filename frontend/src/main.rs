//! The Commons single-page app: entry point.
//!
//! Built to wasm32 by `cargo xtask build`, bound with wasm-bindgen and
//! started by `boot.js` (no inline script, so the CSP can forbid it).

mod api;
mod app;
mod components;
mod hooks;
mod i18n;
mod pages;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
