//! The OpenAPI 3.1 document, generated from the route table
//! ([`crate::api::ROUTES`]) and the wire types of every service.
//!
//! Each route's operation (summary, parameters, request body, answers) is
//! described once, in its service's `openapi` module, with the very types the
//! Worker serialises and the SPA deserialises; their schemas come from
//! `utoipa`'s derives, so a field added to a type is in the document the next
//! time `cargo xtask openapi` writes it. This module exists only with the
//! `openapi` feature, which only xtask turns on: neither the Worker nor the
//! SPA carries any of it.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::api::{Method, RouteId, ROUTES};

/// The components every document has: the error body and the shared error answers.
const ERROR_RESPONSES: [(u16, &str, &str); 9] = [
    (400, "BadRequest", "Malformed JSON or query"),
    (401, "Unauthorized", "Sign-in required"),
    (403, "Forbidden", "Not allowed (or a cross-origin write)"),
    (404, "NotFound", "No such resource"),
    (405, "MethodNotAllowed", "The path exists, not for this method"),
    (409, "Conflict", "Conflicts with what is stored (a taken slot, a duplicate, a state already changed)"),
    (413, "TooLarge", "The body is over the limit"),
    (422, "Invalid", "Well-formed but invalid input"),
    (429, "Throttled", "Too many attempts; try again later"),
];

/// One operation: what a route does, takes and answers.
#[derive(Debug, Clone, Default)]
pub struct Op {
    summary: String,
    description: Option<String>,
    session: bool,
    params: Vec<Value>,
    path_types: Vec<(String, Value)>,
    body: Option<Value>,
    responses: BTreeMap<u16, Value>,
    schemas: BTreeMap<String, Value>,
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

impl Op {
    /// An operation with a one-line summary.
    pub fn new(summary: &str) -> Op {
        Op { summary: summary.to_string(), ..Op::default() }
    }

    /// A longer description.
    pub fn describe(mut self, text: &str) -> Op {
        self.description = Some(text.to_string());
        self
    }

    /// The operation reads the session cookie (it answers differently, or
    /// only, when signed in).
    pub fn session(mut self) -> Op {
        self.session = true;
        self
    }

    /// Registers `T` and the types it refers to; returns a `$ref` to it.
    fn register<T: ToSchema>(&mut self) -> Value {
        let mut deps: Vec<(String, RefOr<Schema>)> = Vec::new();
        T::schemas(&mut deps);
        for (name, s) in deps {
            self.schemas.entry(name).or_insert_with(|| to_value(&s));
        }
        let name = T::name().to_string();
        self.schemas.entry(name.clone()).or_insert_with(|| to_value(&T::schema()));
        // Two types of one name would silently share one component.
        assert_eq!(self.schemas[&name], to_value(&T::schema()), "two wire types are both named {name}");
        schema_ref(&name)
    }

    /// A JSON request body of type `T` (required).
    pub fn body<T: ToSchema>(mut self) -> Op {
        let r = self.register::<T>();
        self.body = Some(json!({ "required": true, "content": { "application/json": { "schema": r } } }));
        self
    }

    /// A JSON request body that may be left out (`T`'s defaults apply).
    pub fn optional_body<T: ToSchema>(mut self) -> Op {
        let r = self.register::<T>();
        self.body = Some(json!({ "required": false, "content": { "application/json": { "schema": r } } }));
        self
    }

    /// A request body that is not JSON (an uploaded file), as `mime`.
    pub fn raw_body(mut self, mime: &str, description: &str) -> Op {
        self.body = Some(json!({
            "required": true,
            "description": description,
            "content": { mime: { "schema": { "type": "string", "format": "binary" } } },
        }));
        self
    }

    /// A query parameter with a JSON Schema (`{"type": "string"}` …).
    pub fn query(mut self, name: &str, required: bool, description: &str, schema: Value) -> Op {
        let mut p = json!({ "name": name, "in": "query", "schema": schema });
        if required {
            p["required"] = Value::Bool(true);
        }
        if !description.is_empty() {
            p["description"] = Value::String(description.to_string());
        }
        self.params.push(p);
        self
    }

    /// A query parameter whose values are those of the enum `T`.
    pub fn query_of<T: ToSchema>(mut self, name: &str, required: bool, description: &str) -> Op {
        let r = self.register::<T>();
        self.query(name, required, description, r)
    }

    /// `page` and `per_page` (1–100).
    pub fn paged(self) -> Op {
        self.query("page", false, "1-based page", json!({"type": "integer", "minimum": 1, "default": 1})).query(
            "per_page",
            false,
            "items per page",
            json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
        )
    }

    /// A request header.
    pub fn header_param(mut self, name: &str, description: &str) -> Op {
        self.params
            .push(json!({ "name": name, "in": "header", "description": description, "schema": {"type": "string"} }));
        self
    }

    /// The path parameter `name` is an integer (path parameters are strings otherwise).
    pub fn path_int(mut self, name: &str) -> Op {
        self.path_types.push((name.to_string(), json!({"type": "integer"})));
        self
    }

    /// A JSON answer of type `T` with `status`.
    pub fn answer<T: ToSchema>(mut self, status: u16, description: &str) -> Op {
        let r = self.register::<T>();
        self.responses
            .insert(status, json!({ "description": description, "content": { "application/json": { "schema": r } } }));
        self
    }

    /// A 200 JSON answer of type `T`.
    pub fn ok<T: ToSchema>(self) -> Op {
        self.answer::<T>(200, "OK")
    }

    /// A 201 JSON answer of type `T`.
    pub fn created<T: ToSchema>(self) -> Op {
        self.answer::<T>(201, "Created")
    }

    /// A JSON answer that is a bare array of `T`.
    pub fn answer_list<T: ToSchema>(mut self, status: u16, description: &str) -> Op {
        let r = self.register::<T>();
        self.responses.insert(
            status,
            json!({ "description": description, "content": { "application/json": { "schema": {"type": "array", "items": r} } } }),
        );
        self
    }

    /// A JSON answer that is one of several types (an untagged choice).
    pub fn answer_one_of(mut self, status: u16, description: &str, choices: Vec<Value>) -> Op {
        self.responses.insert(
            status,
            json!({ "description": description, "content": { "application/json": { "schema": {"oneOf": choices} } } }),
        );
        self
    }

    /// A `$ref` to `T`, for [`Op::answer_one_of`].
    pub fn choice<T: ToSchema>(&mut self) -> Value {
        self.register::<T>()
    }

    /// The answer of `GET /api/openapi.json`: an OpenAPI 3.1 document (its
    /// own schema is the OpenAPI specification's, not ours).
    pub fn answer_document(mut self, status: u16, description: &str) -> Op {
        self.responses.insert(
            status,
            json!({ "description": description, "content": { "application/json": { "schema": {
                "type": "object", "required": ["openapi", "info", "paths"],
                "externalDocs": { "url": "https://spec.openapis.org/oas/v3.1.0" },
            } } } }),
        );
        self
    }

    /// An answer that is not JSON (a feed, a file, CSV), as `mime`.
    pub fn answer_media(mut self, status: u16, mime: &str, description: &str) -> Op {
        self.responses.insert(
            status,
            json!({ "description": description, "content": { mime: { "schema": {"type": "string"} } } }),
        );
        self
    }

    /// Adds `mime` as a second representation of an answer already declared.
    pub fn also_media(mut self, status: u16, mime: &str) -> Op {
        if let Some(content) = self.responses.get_mut(&status).and_then(|r| r.get_mut("content")) {
            content[mime] = json!({ "schema": {"type": "string"} });
        }
        self
    }

    /// An answer without a body (204, or a 302 with `Location`).
    pub fn answer_empty(mut self, status: u16, description: &str) -> Op {
        let mut r = json!({ "description": description });
        if (300..400).contains(&status) {
            r["headers"] = json!({ "Location": { "description": "Where to go", "schema": {"type": "string"} } });
        }
        self.responses.insert(status, r);
        self
    }

    /// A response header on an answer already declared.
    pub fn answer_header(mut self, status: u16, name: &str, description: &str, schema: Value) -> Op {
        if let Some(r) = self.responses.get_mut(&status) {
            r["headers"][name] = json!({ "description": description, "schema": schema });
        }
        self
    }

    /// The error answers this operation may give, by status.
    pub fn errors(mut self, statuses: &[u16]) -> Op {
        for s in statuses {
            if let Some((_, name, _)) = ERROR_RESPONSES.iter().find(|(code, _, _)| code == s) {
                self.responses.insert(*s, json!({ "$ref": format!("#/components/responses/{name}") }));
            }
        }
        self
    }

    /// The operation object, and the types of its path parameters.
    fn into_parts(self, operation_id: String) -> (Value, Vec<(String, Value)>) {
        let mut op = Map::new();
        op.insert("operationId".into(), Value::String(operation_id));
        op.insert("summary".into(), Value::String(self.summary));
        if let Some(d) = self.description {
            op.insert("description".into(), Value::String(d));
        }
        if self.session {
            op.insert("security".into(), json!([{ "session": [] }]));
        }
        if !self.params.is_empty() {
            op.insert("parameters".into(), Value::Array(self.params));
        }
        if let Some(b) = self.body {
            op.insert("requestBody".into(), b);
        }
        let mut responses = Map::new();
        for (status, r) in self.responses {
            responses.insert(status.to_string(), r);
        }
        op.insert("responses".into(), Value::Object(responses));
        (Value::Object(op), self.path_types)
    }
}

/// `QaVote` → `qa_vote`.
fn snake(id: RouteId) -> String {
    let name = format!("{id:?}");
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The `{name}` segments of a path pattern.
fn path_params(pattern: &str) -> Vec<String> {
    pattern
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.split_once('}')).map(|(n, _)| n.to_string()))
        .collect()
}

/// The operation of one route: the one place that maps every [`RouteId`]
/// to its description (the match is exhaustive, so a new route cannot be
/// left out of the document).
fn operation(id: RouteId, method: Method) -> Op {
    use crate::{accounts, booking, opendata, qa};
    use RouteId::*;
    match id {
        Health | OpenApi | Register | Login | Logout | RequestPasswordReset | ConfirmPasswordReset | Me | Session
        | UpdateMe | AdminListUsers | AdminGrantRole | AdminRevokeRole | ListNotifications | ReadNotifications
        | ReadNotification | AdminRunJob => accounts::openapi::operation(id, method),
        ListCenters
        | ListInstruments
        | GetInstrument
        | GetInstrumentCalendar
        | RecordTraining
        | CreateBooking
        | GetBooking
        | ConfirmBooking
        | CancelBooking
        | ListMyBookings
        | GetMyQuota
        | AddGroupMember
        | AdminGrantQuota
        | CompleteBooking
        | NoShowBooking
        | CreateBlackout
        | JoinWaitlist
        | SimilarInstruments
        | ListFavorites
        | PutFavorite
        | DeleteFavorite
        | QuickInstruments
        | GetCalendarFeed
        | IcsMyBookings
        | IcsInstrument
        | CenterDay
        | CenterBookings
        | GetReport
        | UpdateInstrument
        | AdminInvariants
        | RotateCalendarFeed
        | UpdateCenterLimits => booking::openapi::operation(id, method),
        ListDatasets | GetDataset | GetDatasetJsonLd | DatasetFeed | SimilarDatasets | CatalogJsonLd
        | ListOrganizations | GetOrganization | CatalogueStats | DownloadResource | AdminImportDatasets
        | CkanAction | UploadResource | GetDatastore | GetResourceFile | PutDataset | ListDrafts | GetDraft
        | SaveDraft | SubmitDraft | ReviewDraft | DatasetVersions | Subscribe | Unsubscribe | DatasetViewer
        | RateDataset | ListFeedback | CreateFeedback | ReplyFeedback | CloseFeedback | FeedbackStats
        | ListRequests | CreateRequest | VoteRequest | AnswerRequest | ListShowcases | CreateShowcase
        | ReviewShowcase | MyOverdue => opendata::openapi::operation(id, method),
        QaListQuestions | QaAsk | QaGetQuestion | QaEditQuestion | QaRevisions | QaAnswer | QaEditAnswer
        | QaAnswerRevisions | QaCloseDuplicate | QaComment | QaVote | QaAccept | QaPromote | QaFlag
        | QaModerationQueue | QaModerate | QaSuggest | QaListFaq | QaCreateFaq | QaUser | QaMe | QaLeaderboard
        | QaStats | QaRelated | QaRules | QaLedgerCheck | QaRingLog => qa::openapi::operation(id, method),
    }
}

/// The whole document, as `/api/openapi.json` serves it.
pub fn document() -> Value {
    let mut paths: Vec<(String, Map<String, Value>)> = Vec::new();
    let mut schemas: BTreeMap<String, Value> = BTreeMap::new();
    for (i, route) in ROUTES.iter().enumerate() {
        let shared = ROUTES.iter().filter(|r| r.id == route.id).count() > 1;
        let mut op_id = snake(route.id);
        if shared {
            op_id = format!("{op_id}_{}", route.method.as_lower());
            let same_method = ROUTES[..i].iter().filter(|r| r.id == route.id && r.method == route.method).count();
            if same_method > 0 || ROUTES[i + 1..].iter().any(|r| r.id == route.id && r.method == route.method) {
                op_id = format!("{op_id}_{}", same_method + 1);
            }
        }
        let op = operation(route.id, route.method);
        let registered: Vec<(String, Value)> = op.schemas.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let (value, path_types) = op.into_parts(op_id);
        for (k, v) in registered {
            if let Some(seen) = schemas.get(&k) {
                assert_eq!(seen, &v, "two wire types are both named {k}; rename one");
            }
            schemas.entry(k).or_insert(v);
        }
        if !paths.iter().any(|(p, _)| p == route.pattern) {
            let mut item = Map::new();
            let params: Vec<Value> = path_params(route.pattern)
                .into_iter()
                .map(|name| {
                    let schema = path_types
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, s)| s.clone())
                        .unwrap_or_else(|| json!({"type": "string"}));
                    json!({ "name": name, "in": "path", "required": true, "schema": schema })
                })
                .collect();
            if !params.is_empty() {
                item.insert("parameters".into(), Value::Array(params));
            }
            paths.push((route.pattern.to_string(), item));
        }
        if let Some((_, item)) = paths.iter_mut().find(|(p, _)| p == route.pattern) {
            item.insert(route.method.as_lower().to_string(), value);
        }
    }
    schemas.insert("Error".into(), to_value(&crate::ErrorBody::schema()));
    let mut extra: Vec<(String, RefOr<Schema>)> = Vec::new();
    crate::ErrorBody::schemas(&mut extra);
    for (name, s) in extra {
        schemas.entry(name).or_insert_with(|| to_value(&s));
    }
    let mut responses = Map::new();
    for (_, name, description) in ERROR_RESPONSES {
        responses.insert(
            name.into(),
            json!({ "description": description, "content": { "application/json": { "schema": schema_ref("Error") } } }),
        );
    }
    let mut path_map = Map::new();
    for (p, item) in paths {
        path_map.insert(p, Value::Object(item));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Commons API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON API of Commons: accounts, open data (with a CKAN-compatible Action API), \
                instrument booking and knowledge Q&A. Every error is {\"error\": kind, \"message\": text}. \
                Timestamps are RFC 3339 UTC. Mutating requests from another origin are refused with 403 \
                cross_origin. Generated from the route table and the wire types by `cargo xtask openapi`.",
        },
        "servers": [{ "url": "/" }],
        "components": {
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": "commons_session" } },
            "schemas": schemas,
            "responses": responses,
        },
        "paths": path_map,
    })
}

/// The document as the committed file holds it: pretty JSON with a final newline.
pub fn document_text() -> String {
    let mut s = serde_json::to_string_pretty(&document()).unwrap_or_default();
    s.push('\n');
    s
}

/// The endpoint list as Markdown (`docs/API.md`), from the same document:
/// one row per operation with its summary, who may call it (whether it needs
/// the session) and the statuses it answers.
pub fn endpoints_markdown() -> String {
    let doc = document();
    let mut out = String::from(
        "# Commons API: endpoints\n\nGenerated by `cargo xtask openapi` from the route table and the domain types, like \
         `/api/openapi.json` (the full document, with every body's schema). Do not edit by hand.\n\n\
         | method | path | what it does | session | answers |\n|---|---|---|---|---|\n",
    );
    for route in ROUTES {
        let op = &doc["paths"][route.pattern][route.method.as_lower()];
        let summary = op["summary"].as_str().unwrap_or("").replace('|', "\\|");
        let session = if op.get("security").is_some() { "yes" } else { "" };
        let statuses: Vec<&str> =
            op["responses"].as_object().map(|r| r.keys().map(String::as_str).collect()).unwrap_or_default();
        out.push_str(&format!(
            "| {} | `{}` | {summary} | {session} | {} |\n",
            route.method.as_lower().to_uppercase(),
            route.pattern,
            statuses.join(", ")
        ));
    }
    out
}
