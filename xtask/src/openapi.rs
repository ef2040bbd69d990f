//! `cargo xtask openapi`: writes the OpenAPI document that the Worker serves
//! (`worker/openapi.json`) and the endpoint list (`docs/API.md`), generated
//! from the route table and the domain types by `commons_domain::openapi`. A test fails while the committed file
//! differs from what the code generates.

use std::path::PathBuf;

/// Where the Worker reads the document from (`include_str!` in `worker/src/meta.rs`).
pub fn path() -> PathBuf {
    crate::root().join("worker/openapi.json")
}

/// The endpoint list generated beside it.
pub fn markdown_path() -> PathBuf {
    crate::root().join("docs/API.md")
}

/// Writes the document and the endpoint list; says whether either changed.
pub fn write() -> crate::Result<bool> {
    let mut changed = false;
    for (p, text) in [
        (path(), commons_domain::openapi::document_text()),
        (markdown_path(), commons_domain::openapi::endpoints_markdown()),
    ] {
        if std::fs::read_to_string(&p).unwrap_or_default() != text {
            std::fs::write(&p, text).map_err(|e| format!("write {}: {e}", p.display()))?;
            changed = true;
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_committed_openapi_document_is_what_the_code_generates() {
        let committed = std::fs::read_to_string(super::path()).expect("worker/openapi.json");
        assert!(
            committed == commons_domain::openapi::document_text(),
            "worker/openapi.json is stale: run `cargo xtask openapi` and commit the result"
        );
        let listed = std::fs::read_to_string(super::markdown_path()).expect("docs/API.md");
        assert!(
            listed == commons_domain::openapi::endpoints_markdown(),
            "docs/API.md is stale: run `cargo xtask openapi` and commit the result"
        );
    }
}
