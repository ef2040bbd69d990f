//! The answers of the open-data REST API that are not the catalogue records
//! themselves: the envelopes around a dataset or a list, the viewer's state on
//! a dataset page, and the short answers of participation's writes. The Worker
//! serialises these and the SPA deserialises the same types.

use serde::{Deserialize, Serialize};

use crate::opendata::datastore::DatastoreField;
use crate::opendata::participation::{DatasetRequest, FeedbackThread, Showcase};
use crate::opendata::{Dataset, DatasetSummary, Facet, Organization};

/// `GET /api/datasets/{id}`: one dataset with its resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetDetail {
    /// The dataset (its view already counted).
    pub dataset: Dataset,
}

/// `GET /api/datasets/{id}/similar`: datasets as list rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetList {
    /// The datasets, best match first.
    pub datasets: Vec<DatasetSummary>,
}

/// `GET /api/organizations/{id}`: an agency with its facet breakdowns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationDetail {
    /// The agency.
    pub organization: Organization,
    /// Its datasets counted by category, format, licence and so on.
    pub facets: Vec<Facet>,
}

/// The resource part of [`UploadedResource`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedResourceInfo {
    /// The new resource's database id (the DataStore and download routes use it).
    pub id: i64,
    /// Its description (the dataset title and "（CSV）" when none was given).
    pub description: String,
    /// Always `CSV`.
    pub format: String,
    /// The encoding the file was read as (`UTF-8` or `Big5`).
    pub encoding: String,
    /// Where the file, as uploaded, can be fetched again.
    pub download_url: String,
    /// Always true: the rows are in the DataStore.
    pub datastore_active: bool,
}

/// The table part of [`UploadedResource`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedTable {
    /// The columns with the types found.
    pub fields: Vec<DatastoreField>,
    /// Rows stored.
    pub total: usize,
    /// The encoding the file was read as (`UTF-8` or `Big5`).
    pub encoding: String,
    /// The delimiter found (`,`, `;` or a tab).
    pub delimiter: String,
}

/// `POST /api/datasets/{id}/resources`: the resource made from an uploaded CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedResource {
    /// The new resource.
    pub resource: UploadedResourceInfo,
    /// What the DataStore made of the file.
    pub datastore: UploadedTable,
}

/// `PUT` / `DELETE /api/datasets/{id}/subscription`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subscription {
    /// Whether the viewer now follows the dataset.
    pub subscribed: bool,
}

/// `GET /api/datasets/{id}/viewer`: what the viewer has done on a dataset and may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetViewer {
    /// Whether anyone is signed in.
    pub signed_in: bool,
    /// Whether the viewer follows the dataset.
    pub subscribed: bool,
    /// The viewer's own rating, 1–5 (null when they have not rated).
    #[serde(default)]
    pub stars: Option<i64>,
    /// Whether the viewer speaks for the dataset's agency.
    pub publisher: bool,
}

impl DatasetViewer {
    /// The answer for a visitor who is not signed in.
    pub const SIGNED_OUT: DatasetViewer =
        DatasetViewer { signed_in: false, subscribed: false, stars: None, publisher: false };
}

/// `PUT /api/datasets/{id}/rating`'s answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingResult {
    /// The new average, rounded to two decimals.
    pub rating: f64,
    /// How many ratings it averages.
    pub rating_count: i64,
    /// The viewer's stars.
    pub stars: i64,
}

/// `GET /api/datasets/{id}/feedback`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackThreadList {
    /// The threads, newest first, each with its posts.
    pub threads: Vec<FeedbackThread>,
}

/// The answer of a create whose record starts in a status: a feedback thread
/// (`open`) or a showcase (`pending`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWithStatus {
    /// The new record's id.
    pub id: i64,
    /// The status it starts in.
    pub status: String,
}

/// The status a write left a thread, a request or a showcase in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    /// The new status: a thread's `open`, `replied` or `closed`; a request's
    /// `answered`, `fulfilled` or `declined`; a showcase's `approved` or `rejected`.
    pub status: String,
}

impl StatusChange {
    /// The answer for a record now in `status`.
    pub fn to(status: &str) -> StatusChange {
        StatusChange { status: status.to_string() }
    }
}

/// `GET /api/dataset-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetRequestList {
    /// The requests, most +1'd (or newest) first.
    pub requests: Vec<DatasetRequest>,
}

/// `PUT` / `DELETE /api/dataset-requests/{id}/vote`'s answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteResult {
    /// The new +1 count.
    pub votes: i64,
    /// Whether the viewer's +1 is on.
    pub voted: bool,
}

/// One showcase as listed, with whether the viewer may review it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShowcaseItem {
    /// The showcase.
    pub showcase: Showcase,
    /// Whether the viewer speaks for an agency of its datasets.
    #[serde(default)]
    pub can_review: bool,
}

/// `GET /api/showcases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShowcaseList {
    /// The showcases, newest first.
    pub showcases: Vec<ShowcaseItem>,
}

/// One dataset past its declared update frequency (逾期).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverdueDataset {
    /// Identifier.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// The agency (`org-…`).
    pub organization_id: String,
    /// The update frequency it declares (更新頻率).
    pub accrual_periodicity: String,
    /// When the update was due, RFC 3339.
    pub due_at: String,
}

/// `GET /api/publisher/overdue`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverdueList {
    /// The publisher's overdue datasets (every agency's, for an admin), longest overdue first.
    pub overdue: Vec<OverdueDataset>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_out_viewer_sends_null_stars() {
        let v = serde_json::to_value(DatasetViewer::SIGNED_OUT).unwrap();
        assert_eq!(v, serde_json::json!({"signed_in": false, "subscribed": false, "stars": null, "publisher": false}));
        let back: DatasetViewer =
            serde_json::from_str(r#"{"signed_in": true, "subscribed": true, "publisher": false}"#).unwrap();
        assert_eq!(back.stars, None);
    }
}
