//! The publisher's dataset editor: drafts, review (上架 → 審查 → 公開) and
//! the versions a dataset was published in.
//!
//! A draft is the agency's working copy of one dataset, new or already
//! published; the published record stays live until a reviewer of the agency
//! (or an admin) approves the draft. Each decision keeps the submitted record
//! as a version (published or returned with the reviewer's comment), and
//! [`diff`] compares two of them field by field.

use serde::{Deserialize, Serialize};

use crate::opendata::DatasetInput;
use crate::ApiError;

/// Where a draft stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DraftState {
    /// Being written by the agency's publishers.
    Draft,
    /// Submitted, waiting for the agency's reviewer.
    Pending,
    /// Sent back by the reviewer with a comment.
    Returned,
}

impl DraftState {
    /// The name stored in D1 and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            DraftState::Draft => "draft",
            DraftState::Pending => "pending",
            DraftState::Returned => "returned",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<DraftState> {
        [DraftState::Draft, DraftState::Pending, DraftState::Returned].into_iter().find(|d| d.as_str() == s)
    }
}

/// `GET /api/drafts/{id}` and the answer of a save: one draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Draft {
    /// The dataset's identifier (also the published dataset's, if any).
    pub identifier: String,
    /// The agency (`org-…`).
    pub organization_id: String,
    /// Where it stands.
    pub state: DraftState,
    /// The version number it will get when decided (1 for the first).
    pub revision: i64,
    /// The reviewer's comment when it was returned (empty otherwise).
    pub comment: String,
    /// Whether a published version is live (the draft is an edit of it).
    pub published: bool,
    /// Last saved (RFC 3339).
    pub updated_at: String,
    /// The record as saved.
    pub dataset: DatasetInput,
}

/// One row of [`DraftList`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftSummary {
    /// The dataset's identifier.
    pub identifier: String,
    /// Its title as drafted.
    pub title: String,
    /// The agency (`org-…`).
    pub organization_id: String,
    /// Where it stands.
    pub state: DraftState,
    /// The reviewer's comment when returned.
    pub comment: String,
    /// Whether a published version is live.
    pub published: bool,
    /// Last saved (RFC 3339).
    pub updated_at: String,
}

/// `GET /api/drafts?state=`: the drafts of the caller's agencies, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftList {
    /// The drafts.
    pub drafts: Vec<DraftSummary>,
}

/// `POST /api/drafts/{id}/review`: the reviewer's decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewDecision {
    /// `true` publishes the draft; `false` returns it to the publishers.
    pub approve: bool,
    /// What to fix (required when returning, at most [`MAX_COMMENT_CHARS`]).
    #[serde(default)]
    pub comment: String,
}

/// The longest review comment.
pub const MAX_COMMENT_CHARS: usize = 2000;

impl ReviewDecision {
    /// Trims the comment and refuses a return without one.
    pub fn validate(&mut self) -> Result<(), ApiError> {
        self.comment = self.comment.trim().to_string();
        if !self.approve && self.comment.is_empty() {
            return Err(ApiError::invalid("comment: required when returning a draft"));
        }
        if self.comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(ApiError::invalid(format!("comment: at most {MAX_COMMENT_CHARS} characters")));
        }
        Ok(())
    }
}

/// One decided version of a dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetVersion {
    /// Its number, from 1.
    pub revision: i64,
    /// `published` or `returned`.
    pub state: String,
    /// The reviewer's comment.
    pub comment: String,
    /// When it was decided (RFC 3339).
    pub decided_at: String,
    /// The record as submitted.
    pub dataset: DatasetInput,
}

/// `GET /api/datasets/{id}/versions`: published versions for everyone; the
/// agency's publishers and reviewers (and admins) also see returned ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionList {
    /// Newest first.
    pub versions: Vec<DatasetVersion>,
}

/// One field that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field (`title`, `keywords`, `resources[0].download_url`…).
    pub field: String,
    /// Its value in the older version (empty if absent).
    pub before: String,
    /// Its value in the newer version (empty if absent).
    pub after: String,
}

/// A JSON value as one line of text.
fn flat(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(flat).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The fields of a record as (name, text), resources as `resources[i].field`.
fn fields(d: &DatasetInput) -> Vec<(String, String)> {
    let (mut out, mut res) = (Vec::new(), Vec::new());
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(d) else { return out };
    for (k, v) in map {
        match (k.as_str(), v) {
            ("stats", _) => {}
            ("resources", serde_json::Value::Array(rs)) => {
                for (i, r) in rs.iter().enumerate() {
                    if let serde_json::Value::Object(rm) = r {
                        res.extend(rm.iter().map(|(rk, rv)| (format!("resources[{i}].{rk}"), flat(rv))));
                    }
                }
            }
            (_, v) => out.push((k, flat(&v))),
        }
    }
    out.extend(res);
    out
}

/// The fields that differ from `older` to `newer`: the dataset's fields by
/// name, then the resources' by position.
pub fn diff(older: &DatasetInput, newer: &DatasetInput) -> Vec<FieldChange> {
    let (a, b) = (fields(older), fields(newer));
    let mut names: Vec<&String> = b.iter().map(|(k, _)| k).collect();
    for (k, _) in &a {
        if !names.contains(&k) {
            names.push(k);
        }
    }
    let get = |list: &[(String, String)], k: &str| list.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    names
        .into_iter()
        .filter_map(|k| {
            let (before, after) = (get(&a, k).unwrap_or_default(), get(&b, k).unwrap_or_default());
            (before != after).then(|| FieldChange { field: k.clone(), before, after })
        })
        .collect()
}

/// The field an error of [`crate::opendata::validate_dataset`] names, as the
/// editor's form keys it: `title`, or `resources.download_url` for
/// `resources[2].download_url` (with the index apart).
pub fn error_field(message: &str) -> Option<(String, Option<usize>)> {
    let (field, _) = message.split_once(':')?;
    if field.is_empty() || field.contains(' ') {
        return None;
    }
    if let Some(rest) = field.strip_prefix("resources[") {
        let (index, name) = rest.split_once("].")?;
        return Some((format!("resources.{name}"), index.parse().ok()));
    }
    Some((field.to_string(), None))
}

/// Every key [`error_field`] can give for a validation message, so the SPA's
/// catalogue has a sentence for each (a test checks it).
pub const ERROR_FIELDS: [&str; 17] = [
    "identifier",
    "title",
    "organization",
    "description",
    "license_url",
    "cost_url",
    "landing_page",
    "issued",
    "temporal_from",
    "temporal_to",
    "modified",
    "keywords",
    "resources",
    "number_of_data",
    "resources.download_url",
    "resources.access_url",
    "resources.modified",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opendata::{validate_dataset, ResourceInput};

    #[test]
    fn diff_names_changed_fields_and_resources() {
        let a = DatasetInput {
            identifier: "x".into(),
            title: "舊".into(),
            keywords: vec!["a".into()],
            ..Default::default()
        };
        let mut b = a.clone();
        b.title = "新".into();
        b.resources.push(ResourceInput { format: "CSV".into(), ..Default::default() });
        let d = diff(&a, &b);
        assert_eq!(d[0], FieldChange { field: "title".into(), before: "舊".into(), after: "新".into() });
        assert!(d.iter().any(|c| c.field == "resources[0].format" && c.after == "CSV" && c.before.is_empty()));
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn every_validation_error_names_a_known_field() {
        let base =
            DatasetInput { identifier: "x1".into(), title: "t".into(), organization: "o".into(), ..Default::default() };
        let bad: Vec<fn(&mut DatasetInput)> = vec![
            |d| d.identifier = "Bad Id".into(),
            |d| d.title.clear(),
            |d| d.landing_page = "ftp://x".into(),
            |d| d.issued = "2020-13-01".into(),
            |d| d.number_of_data = Some(-1),
            |d| d.resources = vec![ResourceInput { download_url: "nope".into(), ..Default::default() }],
        ];
        for f in bad {
            let mut d = base.clone();
            f(&mut d);
            let e = validate_dataset(&mut d).unwrap_err();
            let (field, _) = error_field(&e.message).expect(&e.message);
            assert!(ERROR_FIELDS.contains(&field.as_str()), "{field}");
        }
        assert_eq!(error_field("resources[2].download_url: x"), Some(("resources.download_url".into(), Some(2))));
        assert_eq!(error_field("not allowed"), None);
    }

    #[test]
    fn every_error_field_has_a_sentence() {
        for f in ERROR_FIELDS {
            assert!(crate::i18n::has_key(&format!("edit.err.{f}")), "edit.err.{f} missing");
        }
    }

    #[test]
    fn a_return_needs_a_comment() {
        assert!(ReviewDecision { approve: false, comment: "  ".into() }.validate().is_err());
        assert!(ReviewDecision { approve: true, comment: String::new() }.validate().is_ok());
    }
}
