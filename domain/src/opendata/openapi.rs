//! The OpenAPI description of open data, the CKAN Action API and participation: one arm per route, with the
//! types the Worker sends and the SPA reads (see `crate::openapi`).

use serde_json::json;

use crate::api::{Method, RouteId};
use crate::openapi::Op;

/// The operation of a route of this service.
pub(crate) fn operation(id: RouteId, method: Method) -> Op {
    match id {
        // GET /api/datasets
        RouteId::ListDatasets => Op::new("Search the catalogue (CJK bigram search, facets, sorts, paging)")
            .query("q", false, "", json!({"type": "string", "maxLength": 200}))
            .query("tag", false, "", json!({"type": "string"}))
            .query("sort", false, "", json!({"type": "string", "enum": ["relevance", "newest", "views", "downloads", "rating"]}))
            .query("organization", false, "facet filter; repeat to OR values", json!({"type": "string"}))
            .query("category", false, "facet filter; repeat to OR values", json!({"type": "string"}))
            .query("format", false, "facet filter; repeat to OR values", json!({"type": "string"}))
            .query("license", false, "facet filter; repeat to OR values", json!({"type": "string"}))
            .query("frequency", false, "facet filter; repeat to OR values", json!({"type": "string"}))
            .query("quality", false, "facet filter; repeat to OR values", json!({"type": "string"}))
            .paged()
            .answer::<crate::opendata::SearchResult>(200, "OK")
            .errors(&[400, 404, 422]),
        // GET /api/datasets/{id}.jsonld
        RouteId::GetDatasetJsonLd => Op::new("The dataset as DCAT JSON-LD")
            .answer_media(200, "application/ld+json", "DCAT JSON-LD")
            .errors(&[404]),
        // GET /api/datasets/{id}
        RouteId::GetDataset => Op::new("One dataset with its resources (counts a view)")
            .answer_json(200, "OK", json!({"type": "object", "required": ["dataset"], "properties": {"dataset": {"$ref": "#/components/schemas/Dataset"}}}))
            .errors(&[404])
            .uses::<crate::opendata::Dataset>(),
        // GET /api/datasets/{id}/feed.atom
        RouteId::DatasetFeed => Op::new("Atom feed of the dataset's changes")
            .answer_media(200, "application/atom+xml", "Atom")
            .errors(&[404]),
        // GET /api/datasets/{id}/similar
        RouteId::SimilarDatasets => Op::new("Datasets with similar titles")
            .answer_json(200, "OK", json!({"type": "object", "required": ["datasets"], "properties": {"datasets": {"type": "array", "items": {"$ref": "#/components/schemas/DatasetSummary"}}}}))
            .errors(&[404])
            .uses::<crate::opendata::DatasetSummary>(),
        // GET /api/catalog.jsonld
        RouteId::CatalogJsonLd => Op::new("The DCAT catalogue, 100 datasets a page, with Hydra paging links")
            .query("page", false, "", json!({"type": "integer", "minimum": 1}))
            .answer_media(200, "application/ld+json", "DCAT JSON-LD")
            .errors(&[400, 404]),
        // GET /api/organizations
        RouteId::ListOrganizations => Op::new("Agencies with dataset counts")
            .answer_json(200, "OK", json!({"type": "object", "required": ["organizations"], "properties": {"organizations": {"type": "array", "items": {"$ref": "#/components/schemas/Organization"}}}}))
            .uses::<crate::opendata::Organization>(),
        // GET /api/organizations/{id}
        RouteId::GetOrganization => Op::new("One agency with its facet statistics")
            .answer_json(200, "OK", json!({"type": "object", "required": ["organization", "facets"], "properties": {"organization": {"$ref": "#/components/schemas/Organization"}, "facets": {"type": "array", "items": {"$ref": "#/components/schemas/Facet"}}}}))
            .errors(&[404])
            .uses::<crate::opendata::Facet>()
            .uses::<crate::opendata::Organization>(),
        // GET /api/catalogue/stats
        RouteId::CatalogueStats => Op::new("Numbers and lists for the open-data home page")
            .answer::<crate::opendata::CatalogueStats>(200, "OK"),
        // GET /api/resources/{id}/download
        RouteId::DownloadResource => Op::new("Counts a download and redirects to the file")
            .answer_empty(302, "Redirect to the file")
            .errors(&[400, 404]),
        // POST /api/admin/datasets/import
        RouteId::AdminImportDatasets => Op::new("Admin: upsert a batch of datasets by identifier (idempotent); bad items are reported by index")
            .body_json(json!({"type": "object", "required": ["source", "items"], "properties": {"source": {"type": "string", "enum": ["export", "jsonl", "ckan", "stats", "seed"]}, "items": {"type": "array", "maxItems": 500, "items": {"$ref": "#/components/schemas/DatasetInput"}}}}))
            .answer::<crate::opendata::ImportOutcome>(200, "OK")
            .errors(&[400, 401, 403, 413, 422])
            .uses::<crate::opendata::DatasetInput>(),
        RouteId::CkanAction => match method {
            // GET /api/3/action/{name}
            Method::Get => Op::new("CKAN-compatible Action API (CKAN's envelope and error shape)")
                .answer_json(200, "OK", json!({"$ref": "#/components/schemas/CkanEnvelope"}))
                .answer_json(400, "Unknown action or malformed body", json!({"$ref": "#/components/schemas/CkanEnvelope"}))
                .answer_json(404, "Not Found Error", json!({"$ref": "#/components/schemas/CkanEnvelope"}))
                .answer_json(409, "Validation or Search Query Error", json!({"$ref": "#/components/schemas/CkanEnvelope"}))
                .uses_inline("CkanEnvelope", json!({"type": "object", "required": ["help", "success"], "description": "CKAN's envelope; on failure `error` is {__type, message} (CKAN clients dispatch on __type)", "properties": {"help": {"type": "string"}, "success": {"type": "boolean"}, "result": {}, "error": {"type": "object", "required": ["__type", "message"], "properties": {"__type": {"type": "string"}, "message": {"type": "string"}}}}})),
            // POST /api/3/action/{name}
            _ => Op::new("CKAN-compatible Action API (CKAN's envelope and error shape)")
                .answer_json(200, "OK", json!({"$ref": "#/components/schemas/CkanEnvelope"}))
                .answer_json(400, "Unknown action or malformed body", json!({"$ref": "#/components/schemas/CkanEnvelope"}))
                .answer_json(404, "Not Found Error", json!({"$ref": "#/components/schemas/CkanEnvelope"}))
                .answer_json(409, "Validation or Search Query Error", json!({"$ref": "#/components/schemas/CkanEnvelope"}))
                .uses_inline("CkanEnvelope", json!({"type": "object", "required": ["help", "success"], "description": "CKAN's envelope; on failure `error` is {__type, message} (CKAN clients dispatch on __type)", "properties": {"help": {"type": "string"}, "success": {"type": "boolean"}, "result": {}, "error": {"type": "object", "required": ["__type", "message"], "properties": {"__type": {"type": "string"}, "message": {"type": "string"}}}}})),
        },
        // POST /api/datasets/{id}/resources
        RouteId::UploadResource => Op::new("Publisher of the dataset's agency uploads a CSV (UTF-8 or Big5; , ; or tab), parsed into the DataStore")
            .query("description", false, "", json!({"type": "string", "maxLength": 200}))
            .raw_body("text/csv", "The file")
            .answer_json(201, "OK", json!({"type": "object", "required": ["resource", "datastore"], "properties": {"resource": {"type": "object"}, "datastore": {"type": "object", "required": ["fields", "total"], "properties": {"fields": {"type": "array", "items": {"$ref": "#/components/schemas/DatastoreField"}}, "total": {"type": "integer"}}}}}))
            .errors(&[401, 403, 404, 413, 422])
            .uses::<crate::opendata::datastore::DatastoreField>(),
        // GET /api/resources/{id}/datastore
        RouteId::GetDatastore => Op::new("Page, sort and filter a DataStore resource")
            .query("offset", false, "", json!({"type": "integer", "minimum": 0}))
            .query("limit", false, "", json!({"type": "integer", "minimum": 1, "maximum": 1000}))
            .query("sort", false, "`column` or `column desc`", json!({"type": "string"}))
            .query("q", false, "", json!({"type": "string"}))
            .query("filters", false, "JSON object column → value", json!({"type": "string"}))
            .answer::<crate::opendata::datastore::DatastorePage>(200, "OK")
            .errors(&[400, 404, 422]),
        // GET /api/resources/{id}/file
        RouteId::GetResourceFile => Op::new("An uploaded resource file, as uploaded")
            .answer_media(200, "text/csv", "The file")
            .errors(&[404]),
        // PUT /api/datasets/{id}
        RouteId::PutDataset => Op::new("A publisher creates (201) or replaces (200) a dataset of their own agency")
            .body::<crate::opendata::DatasetInput>()
            .answer::<crate::opendata::ImportOutcome>(200, "OK")
            .answer::<crate::opendata::ImportOutcome>(201, "OK")
            .errors(&[400, 401, 403, 413, 422]),
        // PUT /api/datasets/{id}/subscription
        RouteId::Subscribe => Op::new("Subscribe to a dataset's changes (in-app notifications)")
            .answer_json(200, "OK", json!({"type": "object", "required": ["subscribed"], "properties": {"subscribed": {"type": "boolean"}}}))
            .errors(&[401, 404]),
        // DELETE /api/datasets/{id}/subscription
        RouteId::Unsubscribe => Op::new("Stop following a dataset")
            .answer_json(200, "OK", json!({"type": "object", "required": ["subscribed"], "properties": {"subscribed": {"type": "boolean"}}}))
            .errors(&[401, 404]),
        // GET /api/datasets/{id}/viewer
        RouteId::DatasetViewer => Op::new("What the viewer has done with a dataset and may do")
            .answer_json(200, "OK", json!({"type": "object", "required": ["signed_in", "subscribed", "publisher"], "properties": {"signed_in": {"type": "boolean"}, "subscribed": {"type": "boolean"}, "stars": {"type": ["integer", "null"]}, "publisher": {"type": "boolean"}}}))
            .errors(&[404]),
        // PUT /api/datasets/{id}/rating
        RouteId::RateDataset => Op::new("Rate 1–5 stars, one rating per user")
            .body_json(json!({"type": "object", "required": ["stars"], "properties": {"stars": {"type": "integer", "minimum": 1, "maximum": 5}}}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["rating", "rating_count", "stars"], "properties": {"rating": {"type": "number"}, "rating_count": {"type": "integer"}, "stars": {"type": "integer"}}}))
            .errors(&[400, 401, 404, 422]),
        // GET /api/datasets/{id}/feedback
        RouteId::ListFeedback => Op::new("Feedback threads of a dataset with agency replies")
            .answer_json(200, "OK", json!({"type": "object", "required": ["threads"], "properties": {"threads": {"type": "array", "items": {"$ref": "#/components/schemas/FeedbackThread"}}}}))
            .errors(&[404])
            .uses::<crate::opendata::participation::FeedbackThread>(),
        // POST /api/datasets/{id}/feedback
        RouteId::CreateFeedback => Op::new("Open a feedback thread (question, error report, suggestion)")
            .body_json(json!({"type": "object", "required": ["kind", "title", "body"], "properties": {"kind": {"type": "string", "enum": ["question", "error", "suggestion"]}, "title": {"type": "string", "maxLength": 100}, "body": {"type": "string", "maxLength": 4000}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["id", "status"], "properties": {"id": {"type": "integer"}, "status": {"type": "string"}}}))
            .errors(&[400, 401, 404, 422]),
        // POST /api/feedback/{id}/replies
        RouteId::ReplyFeedback => Op::new("The agency replies (status → replied) or the author follows up (→ open)")
            .body_json(json!({"type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}))
            .errors(&[400, 401, 403, 404, 409, 422]),
        // POST /api/feedback/{id}/close
        RouteId::CloseFeedback => Op::new("The author or the agency closes a thread")
            .answer_json(200, "OK", json!({"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}))
            .errors(&[400, 401, 403, 404]),
        // GET /api/organizations/{id}/feedback-stats
        RouteId::FeedbackStats => Op::new("An agency's feedback handling rate and median reply time")
            .answer::<crate::opendata::participation::FeedbackStats>(200, "OK")
            .errors(&[404]),
        // GET /api/dataset-requests
        RouteId::ListRequests => Op::new("Dataset requests, most +1'd or newest first")
            .query("sort", false, "", json!({"type": "string", "enum": ["votes", "newest"]}))
            .query("status", false, "", json!({"type": "string", "enum": ["open", "answered", "fulfilled", "declined"]}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["requests"], "properties": {"requests": {"type": "array", "items": {"$ref": "#/components/schemas/DatasetRequest"}}}}))
            .errors(&[422])
            .uses::<crate::opendata::participation::DatasetRequest>(),
        // POST /api/dataset-requests
        RouteId::CreateRequest => Op::new("Propose a dataset")
            .body_json(json!({"type": "object", "required": ["title"], "properties": {"title": {"type": "string", "maxLength": 120}, "description": {"type": "string"}, "organization_id": {"type": ["string", "null"]}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}))
            .errors(&[400, 401, 422]),
        RouteId::VoteRequest => match method {
            // PUT /api/dataset-requests/{id}/vote
            Method::Put => Op::new("+1 a request (once per user)")
                .answer_json(200, "OK", json!({"type": "object", "required": ["votes", "voted"], "properties": {"votes": {"type": "integer"}, "voted": {"type": "boolean"}}}))
                .errors(&[400, 401, 404, 422]),
            // DELETE /api/dataset-requests/{id}/vote
            _ => Op::new("Take a +1 back")
                .answer_json(200, "OK", json!({"type": "object", "required": ["votes", "voted"], "properties": {"votes": {"type": "integer"}, "voted": {"type": "boolean"}}}))
                .errors(&[400, 401, 404, 422]),
        },
        // POST /api/dataset-requests/{id}/answer
        RouteId::AnswerRequest => Op::new("The asked agency answers a request")
            .body_json(json!({"type": "object", "required": ["status", "answer"], "properties": {"status": {"type": "string", "enum": ["answered", "fulfilled", "declined"]}, "answer": {"type": "string"}, "dataset": {"type": ["string", "null"]}}}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}))
            .errors(&[400, 401, 403, 404, 422]),
        // GET /api/showcases
        RouteId::ListShowcases => Op::new("Showcases: approved for all; pending and rejected for publishers")
            .query("status", false, "", json!({"type": "string", "enum": ["approved", "pending", "rejected"]}))
            .query("dataset", false, "", json!({"type": "string"}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["showcases"], "properties": {"showcases": {"type": "array", "items": {"type": "object", "required": ["showcase", "can_review"], "properties": {"showcase": {"$ref": "#/components/schemas/Showcase"}, "can_review": {"type": "boolean"}}}}}}))
            .errors(&[403, 404, 422])
            .uses::<crate::opendata::participation::Showcase>(),
        // POST /api/showcases
        RouteId::CreateShowcase => Op::new("Submit an application built on datasets (pending review)")
            .body_json(json!({"type": "object", "required": ["title", "url", "datasets"], "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "url": {"type": "string"}, "datasets": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 20}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["id", "status"], "properties": {"id": {"type": "integer"}, "status": {"type": "string"}}}))
            .errors(&[400, 401, 422]),
        // POST /api/showcases/{id}/review
        RouteId::ReviewShowcase => Op::new("A publisher of one of its datasets' agencies approves or rejects")
            .body_json(json!({"type": "object", "required": ["approve"], "properties": {"approve": {"type": "boolean"}}}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}))
            .errors(&[400, 401, 403, 404, 409, 422]),
        // GET /api/publisher/overdue
        RouteId::MyOverdue => Op::new("The publisher's datasets overdue for update against their declared frequency")
            .answer_json(200, "OK", json!({"type": "object", "required": ["overdue"], "properties": {"overdue": {"type": "array", "items": {"type": "object", "required": ["identifier", "title", "organization_id", "accrual_periodicity", "due_at"], "properties": {"identifier": {"type": "string"}, "title": {"type": "string"}, "organization_id": {"type": "string"}, "accrual_periodicity": {"type": "string"}, "due_at": {"type": "string"}}}}}}))
            .errors(&[401, 403]),
        other => panic!("{other:?} ({method:?}) is not described by this service"),
    }
}
