//! The DataStore: CSV resources parsed into queryable rows, searched in the
//! shape of CKAN's `datastore_search`.

use serde_json::{Map, Value};

use super::ckan::CkanError;
use crate::ctx::RequestCtx;

/// CKAN `datastore_search` over a DataStore resource.
pub async fn ckan_datastore_search(_rc: &RequestCtx, p: &Map<String, Value>) -> Result<Value, CkanError> {
    let id = p.get("resource_id").map(|v| v.to_string()).unwrap_or_default();
    Err(CkanError::not_found(format!("Resource {id} is not in the DataStore")))
}
