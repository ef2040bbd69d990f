//! Checks live responses against `/api/openapi.json`: the status must be
//! documented for the operation, and the body must match its schema.

use serde_json::{json, Value};

/// The fetched OpenAPI document.
pub struct OpenApi {
    doc: Value,
}

impl OpenApi {
    /// Downloads the document from the running stack.
    pub async fn fetch() -> OpenApi {
        let doc = reqwest::get(crate::url("/api/openapi.json"))
            .await
            .expect("GET openapi.json")
            .json::<Value>()
            .await
            .expect("openapi.json is JSON");
        OpenApi { doc }
    }

    /// Every (method, path template) the document lists.
    pub fn operations(&self) -> Vec<(String, String)> {
        let mut ops = Vec::new();
        for (p, item) in self.doc["paths"].as_object().into_iter().flatten() {
            for m in ["get", "post", "put", "patch", "delete"] {
                if item.get(m).is_some() {
                    ops.push((m.to_string(), p.clone()));
                }
            }
        }
        ops
    }

    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let ptr = r.trim_start_matches('#');
                self.doc.pointer(ptr).unwrap_or(&Value::Null)
            }
            None => v,
        }
    }

    /// Checks one response. `Err` says what disagrees.
    pub fn check(&self, method: &str, path: &str, status: u16, body: &Value) -> Result<(), String> {
        let op = &self.doc["paths"][path][method];
        if op.is_null() {
            return Err(format!("{method} {path} is not documented"));
        }
        let resp = op["responses"]
            .get(status.to_string())
            .ok_or_else(|| format!("{method} {path} answered {status}, which the document does not list"))?;
        let resp = self.resolve(resp);
        let other_media = resp["content"].as_object().is_some_and(|c| !c.contains_key("application/json"));
        if other_media {
            // Feeds, JSON-LD and files: their own tests check the content.
            return Ok(());
        }
        let Some(schema) = resp.pointer("/content/application~1json/schema") else {
            // No body documented (e.g. 204).
            return if body.is_null() {
                Ok(())
            } else {
                Err(format!("{method} {path} {status}: undocumented body {body}"))
            };
        };
        // Validate with the document's components in scope so `$ref`s resolve.
        let mut full = json!({ "components": self.doc["components"].clone() });
        if let (Some(obj), Some(s)) = (full.as_object_mut(), schema.as_object()) {
            for (k, v) in s {
                obj.insert(k.clone(), v.clone());
            }
        }
        let validator =
            jsonschema::validator_for(&full).map_err(|e| format!("schema for {method} {path} {status}: {e}"))?;
        let errors: Vec<String> =
            validator.iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("{method} {path} {status}: {}", errors.join("; ")))
        }
    }
}
