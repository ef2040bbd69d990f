//! The Commons single-page app: entry point.
//!
//! Built to wasm32 by `cargo xtask build`, bound with wasm-bindgen and
//! started by `boot.js` (no inline script, so the CSP can forbid it). Each
//! service's bundle is this crate built with that service's feature.

// A one-service bundle leaves the other services' API calls unused; the
// full build (default features, what `cargo test` and clippy see) still
// reports dead code.
#![cfg_attr(not(all(feature = "opendata", feature = "booking", feature = "qa")), allow(dead_code, unused_imports))]
// Input from users and the network must never panic the Worker or the page.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod api;
mod app;
#[cfg(feature = "booking")]
mod booking;
mod components;
mod format;
mod hooks;
mod i18n;
#[cfg(feature = "opendata")]
mod opendata;
#[cfg(feature = "qa")]
mod qa;
mod route;
mod shell;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
