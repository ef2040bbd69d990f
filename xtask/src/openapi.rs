//! `cargo xtask openapi`: writes the OpenAPI document that the Worker serves
//! (`worker/openapi.json`), generated from the route table and the domain
//! types by `commons_domain::openapi`. A test fails while the committed file
//! differs from what the code generates.

use std::path::PathBuf;

/// Where the Worker reads the document from (`include_str!` in `worker/src/meta.rs`).
pub fn path() -> PathBuf {
    crate::root().join("worker/openapi.json")
}

/// Writes the document; says whether it changed.
pub fn write() -> crate::Result<bool> {
    let text = commons_domain::openapi::document_text();
    let old = std::fs::read_to_string(path()).unwrap_or_default();
    if old == text {
        return Ok(false);
    }
    std::fs::write(path(), text).map_err(|e| format!("write {}: {e}", path().display()))?;
    Ok(true)
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
    }
}
