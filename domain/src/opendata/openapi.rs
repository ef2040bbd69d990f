//! The OpenAPI description of open data, the CKAN Action API and participation: one arm per route, with the
//! types the Worker sends and the SPA reads (see `crate::openapi`).

use serde_json::json;

use crate::api::{Method, RouteId};
use crate::openapi::Op;
use crate::opendata::ckan::CkanEnvelope;
use crate::opendata::{editor, participation, wire};

/// Every CKAN answer: the envelope around any action's result, or CKAN's error.
type Ckan = CkanEnvelope<serde_json::Value>;

/// The operation of a route of this service.
pub(crate) fn operation(id: RouteId, method: Method) -> Op {
    match id {
        // GET /api/datasets
        RouteId::ListDatasets => Op::new("Search the catalogue (CJK bigram search, facets, sorts, paging)")
            .query("q", false, "at most 100 characters and 24 words", json!({"type": "string", "maxLength": 100}))
            .query("tag", false, "repeat to AND tags; empty means none", json!({"type": "string", "maxLength": 200}))
            .query(
                "sort",
                false,
                "",
                json!({"type": "string", "enum": ["relevance", "newest", "views", "downloads", "rating"]}),
            )
            .query(
                "organization",
                false,
                "facet filter; repeat to OR values (at most 20 filters)",
                json!({"type": "string", "maxLength": 200}),
            )
            .query(
                "category",
                false,
                "facet filter; repeat to OR values (at most 20 filters)",
                json!({"type": "string", "maxLength": 200}),
            )
            .query(
                "format",
                false,
                "facet filter; repeat to OR values (at most 20 filters)",
                json!({"type": "string", "maxLength": 200}),
            )
            .query(
                "license",
                false,
                "facet filter; repeat to OR values (at most 20 filters)",
                json!({"type": "string", "maxLength": 200}),
            )
            .query(
                "frequency",
                false,
                "facet filter; repeat to OR values (at most 20 filters)",
                json!({"type": "string", "maxLength": 200}),
            )
            .query(
                "quality",
                false,
                "facet filter; repeat to OR values (at most 20 filters)",
                json!({"type": "string", "maxLength": 200}),
            )
            .paged()
            .answer::<crate::opendata::SearchResult>(200, "OK")
            .errors(&[400, 404, 422]),
        // GET /api/datasets/{id}.jsonld
        RouteId::GetDatasetJsonLd => Op::new("The dataset as DCAT JSON-LD")
            .answer_media(200, "application/ld+json", "DCAT JSON-LD")
            .errors(&[404]),
        // GET /api/datasets/{id}
        RouteId::GetDataset => {
            Op::new("One dataset with its resources (counts a view)").ok::<wire::DatasetDetail>().errors(&[404])
        }
        // GET /api/datasets/{id}/feed.atom
        RouteId::DatasetFeed => Op::new("Atom feed of the dataset's changes")
            .answer_media(200, "application/atom+xml", "Atom")
            .errors(&[404]),
        // GET /api/datasets/{id}/similar
        RouteId::SimilarDatasets => Op::new("Datasets with similar titles").ok::<wire::DatasetList>().errors(&[404]),
        // GET /api/catalog.jsonld
        RouteId::CatalogJsonLd => Op::new("The DCAT catalogue, 100 datasets a page, with Hydra paging links")
            .query("page", false, "", json!({"type": "integer", "minimum": 1}))
            .answer_media(200, "application/ld+json", "DCAT JSON-LD")
            .errors(&[400, 404]),
        // GET /api/organizations
        RouteId::ListOrganizations => Op::new("Agencies with dataset counts").ok::<crate::opendata::OrganizationList>(),
        // GET /api/organizations/{id}
        RouteId::GetOrganization => {
            Op::new("One agency with its facet statistics").ok::<wire::OrganizationDetail>().errors(&[404])
        }
        // GET /api/catalogue/stats
        RouteId::CatalogueStats => Op::new("Numbers and lists for the open-data home page")
            .answer::<crate::opendata::CatalogueStats>(200, "OK"),
        // GET /api/resources/{id}/download
        RouteId::DownloadResource => Op::new("Counts a download and redirects to the file")
            .answer_empty(302, "Redirect to the file")
            .errors(&[404]),
        // POST /api/admin/datasets/import
        RouteId::AdminImportDatasets => {
            Op::new("Admin: upsert a batch of datasets by identifier (idempotent); bad items are reported by index")
                .body::<crate::opendata::ImportBatch>()
                .ok::<crate::opendata::ImportOutcome>()
                .errors(&[400, 401, 403, 413, 422])
        }
        // GET and POST /api/3/action/{name}
        RouteId::CkanAction => Op::new("CKAN-compatible Action API (CKAN's envelope and error shape)")
            .answer::<Ckan>(200, "OK")
            .answer::<Ckan>(400, "Unknown action or malformed body")
            .answer::<Ckan>(404, "Not Found Error")
            .answer::<Ckan>(409, "Validation or Search Query Error")
            .answer::<Ckan>(413, "The POST body is over 64 KiB (refused before it is read)"),
        // POST /api/datasets/{id}/resources
        RouteId::UploadResource => Op::new(
            "Publisher of the dataset's agency uploads a CSV (UTF-8 or Big5; , ; or tab), parsed into the DataStore",
        )
        .query("description", false, "", json!({"type": "string", "maxLength": 200}))
        .raw_body("text/csv", "The file: at most 8 MiB, 200 columns and 200-character column names")
        .created::<wire::UploadedResource>()
        .errors(&[401, 403, 404, 413, 422]),
        // GET /api/resources/{id}/datastore
        RouteId::GetDatastore => Op::new("Page, sort and filter a DataStore resource")
            .query("offset", false, "", json!({"type": "integer", "minimum": 0}))
            .query("limit", false, "", json!({"type": "integer", "minimum": 1, "maximum": 1000}))
            .query("sort", false, "`column` or `column desc`", json!({"type": "string"}))
            .query("q", false, "", json!({"type": "string", "maxLength": 200}))
            .query(
                "filters",
                false,
                "JSON object column → value (at most 10, values of at most 1,000 characters)",
                json!({"type": "string"}),
            )
            .answer::<crate::opendata::datastore::DatastorePage>(200, "OK")
            .errors(&[400, 404, 422]),
        // GET /api/resources/{id}/file
        RouteId::GetResourceFile => {
            Op::new("An uploaded resource file, as uploaded (404 also for an id that is not a number)")
                .answer_media(200, "text/csv", "The file")
                .errors(&[404])
        }
        // PUT /api/datasets/{id}
        RouteId::PutDataset => Op::new("A publisher creates (201) or replaces (200) a dataset of their own agency")
            .body::<crate::opendata::DatasetInput>()
            .answer::<crate::opendata::ImportOutcome>(200, "OK")
            .answer::<crate::opendata::ImportOutcome>(201, "OK")
            .errors(&[400, 401, 403, 413, 422]),
        // GET /api/drafts
        RouteId::ListDrafts => Op::new(
            "The drafts of the caller's agencies, newest first (publishers and reviewers of the agency; admins: all)",
        )
        .query("state", false, "", json!({"type": "string", "enum": ["draft", "pending", "returned"]}))
        .ok::<editor::DraftList>()
        .errors(&[401, 403, 422]),
        // GET /api/drafts/{id}
        RouteId::GetDraft => Op::new("One draft, for the agency's publishers and reviewers and admins")
            .ok::<editor::Draft>()
            .errors(&[401, 403, 404]),
        // PUT /api/drafts/{id}
        RouteId::SaveDraft => Op::new(
            "A publisher of the agency saves a draft: a new dataset (201) or a change (200); the published version \
             stays live. 409 while the draft waits for review",
        )
        .body::<crate::opendata::DatasetInput>()
        .answer::<editor::Draft>(200, "OK")
        .answer::<editor::Draft>(201, "Created")
        .errors(&[400, 401, 403, 409, 413, 422]),
        // POST /api/drafts/{id}/submit
        RouteId::SubmitDraft => {
            Op::new("A publisher of the agency submits a draft for review (draft or returned → pending)")
                .ok::<wire::StatusChange>()
                .errors(&[401, 403, 404, 409])
        }
        // POST /api/drafts/{id}/review
        RouteId::ReviewDraft => Op::new(
            "The agency's reviewer or an admin approves (publishes) or returns a pending draft with a comment; one \
             decision wins, a second gets 409",
        )
        .body::<editor::ReviewDecision>()
        .ok::<wire::StatusChange>()
        .errors(&[400, 401, 403, 404, 409, 422]),
        // GET /api/datasets/{id}/versions
        RouteId::DatasetVersions => Op::new(
            "A dataset's decided versions, newest first: published ones for everyone, returned ones too for the \
             agency's publishers and reviewers",
        )
        .ok::<editor::VersionList>()
        .errors(&[404]),
        // PUT /api/datasets/{id}/subscription
        RouteId::Subscribe => Op::new("Subscribe to a dataset's changes (in-app notifications)")
            .ok::<wire::Subscription>()
            .errors(&[401, 404]),
        // DELETE /api/datasets/{id}/subscription
        RouteId::Unsubscribe => Op::new("Stop following a dataset").ok::<wire::Subscription>().errors(&[401, 404]),
        // GET /api/datasets/{id}/viewer
        RouteId::DatasetViewer => {
            Op::new("What the viewer has done with a dataset and may do").ok::<wire::DatasetViewer>().errors(&[404])
        }
        // PUT /api/datasets/{id}/rating
        RouteId::RateDataset => Op::new("Rate 1–5 stars, one rating per user")
            .body::<participation::RatingRequest>()
            .ok::<wire::RatingResult>()
            .errors(&[400, 401, 404, 422]),
        // GET /api/datasets/{id}/feedback
        RouteId::ListFeedback => {
            Op::new("Feedback threads of a dataset with agency replies").ok::<wire::FeedbackThreadList>().errors(&[404])
        }
        // POST /api/datasets/{id}/feedback
        RouteId::CreateFeedback => Op::new("Open a feedback thread (question, error report, suggestion)")
            .body::<participation::NewFeedback>()
            .created::<wire::CreatedWithStatus>()
            .errors(&[400, 401, 404, 422, 429]),
        // POST /api/feedback/{id}/replies
        RouteId::ReplyFeedback => Op::new("The agency replies (status → replied) or the author follows up (→ open)")
            .body::<participation::TextBody>()
            .created::<wire::StatusChange>()
            .errors(&[400, 401, 403, 404, 409, 422, 429]),
        // POST /api/feedback/{id}/close
        RouteId::CloseFeedback => {
            Op::new("The author or the agency closes a thread").ok::<wire::StatusChange>().errors(&[400, 401, 403, 404])
        }
        // GET /api/organizations/{id}/feedback-stats
        RouteId::FeedbackStats => Op::new("An agency's feedback handling rate and median reply time")
            .ok::<participation::FeedbackStats>()
            .errors(&[404]),
        // GET /api/dataset-requests
        RouteId::ListRequests => Op::new("Dataset requests, most +1'd or newest first")
            .query("sort", false, "", json!({"type": "string", "enum": ["votes", "newest"]}))
            .query(
                "status",
                false,
                "",
                json!({"type": "string", "enum": ["open", "answered", "fulfilled", "declined"]}),
            )
            .ok::<wire::DatasetRequestList>()
            .errors(&[422]),
        // POST /api/dataset-requests
        RouteId::CreateRequest => Op::new("Propose a dataset")
            .body::<participation::NewDatasetRequest>()
            .created::<crate::api::Created>()
            .errors(&[400, 401, 422, 429]),
        RouteId::VoteRequest => match method {
            // PUT /api/dataset-requests/{id}/vote
            Method::Put => {
                Op::new("+1 a request (once per user)").ok::<wire::VoteResult>().errors(&[400, 401, 404, 422])
            }
            // DELETE /api/dataset-requests/{id}/vote
            _ => Op::new("Take a +1 back").ok::<wire::VoteResult>().errors(&[400, 401, 404, 422]),
        },
        // POST /api/dataset-requests/{id}/answer
        RouteId::AnswerRequest => Op::new(
            "The asked agency answers a request (for one that names none: any publisher, until an agency has answered)",
        )
        .body::<participation::RequestAnswer>()
        .ok::<wire::StatusChange>()
        .errors(&[400, 401, 403, 404, 409, 422]),
        // GET /api/showcases
        RouteId::ListShowcases => Op::new(
            "Showcases with a link in a status: approved ones for all; pending and rejected ones signed in, for the \
             agencies whose datasets they link (each its own part), the submitter and admins",
        )
        .query("status", false, "", json!({"type": "string", "enum": ["approved", "pending", "rejected"]}))
        .query("dataset", false, "", json!({"type": "string"}))
        .ok::<wire::ShowcaseList>()
        .errors(&[401, 404, 422]),
        // POST /api/showcases
        RouteId::CreateShowcase => Op::new("Submit an application built on datasets (each agency reviews its part)")
            .body::<participation::NewShowcase>()
            .created::<wire::CreatedWithStatus>()
            .errors(&[400, 401, 422, 429]),
        // POST /api/showcases/{id}/review
        RouteId::ReviewShowcase => Op::new("A publisher approves or rejects the links to their own agency's datasets")
            .body::<participation::ShowcaseReview>()
            .ok::<wire::StatusChange>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        // GET /api/publisher/overdue
        RouteId::MyOverdue => Op::new("The publisher's datasets overdue for update against their declared frequency")
            .ok::<wire::OverdueList>()
            .errors(&[401, 403]),
        other => panic!("{other:?} ({method:?}) is not described by this service"),
    }
}
