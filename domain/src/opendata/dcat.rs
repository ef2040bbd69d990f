//! Catalogue documents in other vocabularies: DCAT JSON-LD, CKAN package
//! dicts and the Atom feed of a dataset's changes. Pure functions over
//! [`Dataset`], so the Worker and the tests share one definition.

use serde_json::{json, Map, Value};

use crate::opendata::{Dataset, Organization};

/// The JSON-LD context of every DCAT document we serve.
pub fn dcat_context() -> Value {
    json!({
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "hydra": "http://www.w3.org/ns/hydra/core#",
        "vcard": "http://www.w3.org/2006/vcard/ns#"
    })
}

/// A zh-TW literal.
fn zh(s: &str) -> Value {
    json!({"@value": s, "@language": "zh-TW"})
}

/// An IRI node, or nothing for an empty string.
fn iri(s: &str) -> Option<Value> {
    (!s.is_empty()).then(|| json!({"@id": s}))
}

/// The DCAT description of one dataset (without `@context`, for embedding in a catalogue).
pub fn dcat_dataset_node(d: &Dataset, origin: &str) -> Value {
    let m = &d.meta;
    let mut o = Map::new();
    o.insert("@id".into(), json!(format!("{origin}/data/datasets/{}", m.identifier)));
    o.insert("@type".into(), json!("dcat:Dataset"));
    o.insert("dct:identifier".into(), json!(m.identifier));
    o.insert("dct:title".into(), zh(&m.title));
    if !m.description.is_empty() {
        o.insert("dct:description".into(), zh(&m.description));
    }
    o.insert(
        "dct:publisher".into(),
        json!({
            "@id": format!("{origin}/data/organizations/{}", d.organization_id),
            "@type": "foaf:Organization",
            "foaf:name": zh(&m.organization),
        }),
    );
    if !m.issued.is_empty() {
        o.insert("dct:issued".into(), json!({"@value": m.issued, "@type": "xsd:date"}));
    }
    if !m.modified.is_empty() {
        o.insert("dct:modified".into(), json!({"@value": m.modified, "@type": "xsd:dateTime"}));
    }
    if !m.keywords.is_empty() {
        o.insert("dcat:keyword".into(), Value::Array(m.keywords.iter().map(|k| zh(k)).collect()));
    }
    if !m.category.is_empty() {
        o.insert("dcat:theme".into(), zh(&m.category));
    }
    if let Some(l) = iri(&m.license_url) {
        o.insert("dct:license".into(), l);
    } else if !m.license.is_empty() {
        o.insert("dct:rights".into(), zh(&m.license));
    }
    if !m.accrual_periodicity.is_empty() {
        o.insert("dct:accrualPeriodicity".into(), zh(&m.accrual_periodicity));
    }
    if let Some(l) = iri(&m.landing_page) {
        o.insert("dcat:landingPage".into(), l);
    }
    if !m.language.is_empty() {
        o.insert("dct:language".into(), json!(m.language));
    }
    let dists: Vec<Value> = d
        .resources
        .iter()
        .map(|r| {
            let mut dist = Map::new();
            dist.insert("@id".into(), json!(format!("{origin}/api/resources/{}", r.id)));
            dist.insert("@type".into(), json!("dcat:Distribution"));
            dist.insert("dct:identifier".into(), json!(r.input.resource_id));
            if !r.input.description.is_empty() {
                dist.insert("dct:description".into(), zh(&r.input.description));
            }
            if !r.input.format.is_empty() {
                dist.insert("dct:format".into(), json!(r.input.format));
            }
            if let Some(u) = iri(&r.input.download_url) {
                dist.insert("dcat:downloadURL".into(), u);
            }
            dist.insert("dcat:accessURL".into(), json!({"@id": format!("{origin}/api/resources/{}/download", r.id)}));
            if !r.input.modified.is_empty() {
                dist.insert("dct:modified".into(), json!({"@value": r.input.modified, "@type": "xsd:dateTime"}));
            }
            Value::Object(dist)
        })
        .collect();
    if !dists.is_empty() {
        o.insert("dcat:distribution".into(), Value::Array(dists));
    }
    Value::Object(o)
}

/// A standalone DCAT JSON-LD document for one dataset.
pub fn dcat_dataset(d: &Dataset, origin: &str) -> Value {
    let mut node = dcat_dataset_node(d, origin);
    if let Value::Object(o) = &mut node {
        o.insert("@context".into(), dcat_context());
    }
    node
}

/// One page of the DCAT catalogue, with Hydra paging links.
pub fn dcat_catalog(datasets: &[Dataset], origin: &str, page: u32, per_page: u32, total: i64) -> Value {
    let last = ((total.max(1) - 1) / i64::from(per_page.max(1)) + 1) as u32;
    let page_url = |p: u32| format!("{origin}/api/catalog.jsonld?page={p}");
    let mut view = json!({
        "@id": page_url(page),
        "@type": "hydra:PartialCollectionView",
        "hydra:first": {"@id": page_url(1)},
        "hydra:last": {"@id": page_url(last)},
    });
    if page > 1 {
        view["hydra:previous"] = json!({"@id": page_url(page - 1)});
    }
    if page < last {
        view["hydra:next"] = json!({"@id": page_url(page + 1)});
    }
    json!({
        "@context": dcat_context(),
        "@id": format!("{origin}/api/catalog.jsonld"),
        "@type": ["dcat:Catalog", "hydra:Collection"],
        "dct:title": zh("Commons 開放資料目錄"),
        "dct:description": zh("政府開放資料集目錄，資料來源：政府資料開放平臺 (data.gov.tw)"),
        "foaf:homepage": {"@id": format!("{origin}/data")},
        "hydra:totalItems": total,
        "hydra:view": view,
        "dcat:dataset": datasets.iter().map(|d| dcat_dataset_node(d, origin)).collect::<Vec<_>>(),
    })
}

/// CKAN's organization dict.
pub fn ckan_organization(o: &Organization, created: &str) -> Value {
    json!({
        "id": o.id,
        "name": o.id,
        "title": o.title,
        "display_name": o.title,
        "description": "",
        "type": "organization",
        "state": "active",
        "approval_status": "approved",
        "is_organization": true,
        "image_url": "",
        "created": created,
        "package_count": o.dataset_count,
    })
}

/// CKAN's package dict for a dataset. The standard's fields without a CKAN
/// counterpart travel as `extras`, as data.gov.tw's own CKAN harvesters do.
pub fn ckan_package(d: &Dataset, origin: &str) -> Value {
    let m = &d.meta;
    let org = Organization { id: d.organization_id.clone(), title: m.organization.clone(), dataset_count: 0 };
    let created = ckan_time(&d.created_at);
    let modified = ckan_time(&d.updated_at);
    let resources: Vec<Value> = d
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| {
            json!({
                "id": r.id.to_string(),
                "package_id": m.identifier,
                "name": if r.input.description.is_empty() { format!("{} {}", m.title, r.input.format) } else { r.input.description.clone() },
                "description": r.input.description,
                "format": r.input.format,
                "url": if r.input.download_url.is_empty() { r.input.access_url.clone() } else { r.input.download_url.clone() },
                "position": i,
                "state": "active",
                "created": created,
                "last_modified": if r.input.modified.is_empty() { Value::Null } else { json!(r.input.modified) },
                "mimetype": Value::Null,
                "datastore_active": r.datastore_active,
                "url_type": Value::Null,
                "resource_type": Value::Null,
                "size": Value::Null,
                "hash": "",
                "characterSetCode": r.input.encoding,
            })
        })
        .collect();
    let tags: Vec<Value> = m
        .keywords
        .iter()
        .map(|k| json!({"id": k, "name": k, "display_name": k, "state": "active", "vocabulary_id": Value::Null}))
        .collect();
    let extras: Vec<Value> = [
        ("categoryCode", &m.category),
        ("type", &m.data_type),
        ("fieldDescription", &m.field_description),
        ("cost", &m.cost),
        ("accrualPeriodicity", &m.accrual_periodicity),
        ("issued", &m.issued),
        ("modified", &m.modified),
        ("temporalCoverageFrom", &m.temporal_from),
        ("temporalCoverageTo", &m.temporal_to),
        ("spatial", &m.spatial),
        ("language", &m.language),
        ("dataQuality", &m.quality),
        ("publisher", &m.publisher),
        ("notes", &m.notes),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| json!({"key": k, "value": v}))
    .collect();
    json!({
        "id": m.identifier,
        "name": m.identifier,
        "title": m.title,
        "notes": m.description,
        "url": m.landing_page,
        "type": "dataset",
        "state": "active",
        "private": false,
        "isopen": m.license.contains("政府資料開放授權"),
        "license_id": if m.license.contains("政府資料開放授權") { "OGDL-Taiwan-1.0".to_string() } else { m.license.clone() },
        "license_title": m.license,
        "license_url": m.license_url,
        "author": m.organization,
        "author_email": "",
        "maintainer": m.publisher,
        "maintainer_email": "",
        "version": Value::Null,
        "metadata_created": created,
        "metadata_modified": modified,
        "owner_org": d.organization_id,
        "organization": ckan_organization(&org, &created),
        "num_resources": resources.len(),
        "resources": resources,
        "num_tags": tags.len(),
        "tags": tags,
        "groups": [],
        "extras": extras,
        "ckan_url": format!("{origin}/data/datasets/{}", m.identifier),
        "views": d.views,
        "downloads": d.downloads,
    })
}

/// CKAN writes timestamps without a zone (`2017-08-05T03:16:52`); ours are RFC 3339 UTC.
fn ckan_time(rfc3339: &str) -> String {
    rfc3339.trim_end_matches('Z').chars().take(19).collect()
}

/// Escapes text for XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab/newline are not allowed in XML 1.0.
            c if c.is_control() && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One entry of an Atom feed.
pub struct AtomEntry {
    /// Unique id (a tag URI or URL).
    pub id: String,
    /// Title.
    pub title: String,
    /// RFC 3339 timestamp.
    pub updated: String,
    /// Summary text.
    pub summary: String,
    /// Link.
    pub link: String,
}

/// An Atom 1.0 feed document.
pub fn atom_feed(id: &str, title: &str, link: &str, updated: &str, entries: &[AtomEntry]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "<id>{}</id>\n<title>{}</title>\n<link rel=\"alternate\" href=\"{}\"/>\n<updated>{}</updated>\n",
        xml_escape(id),
        xml_escape(title),
        xml_escape(link),
        xml_escape(updated)
    ));
    for e in entries {
        out.push_str(&format!(
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"alternate\" href=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml_escape(&e.id),
            xml_escape(&e.title),
            xml_escape(&e.updated),
            xml_escape(&e.link),
            xml_escape(&e.summary)
        ));
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opendata::{DatasetInput, Resource, ResourceInput};

    fn sample() -> Dataset {
        Dataset {
            id: 1,
            meta: DatasetInput {
                identifier: "6564".into(),
                title: "國民年金<保險>".into(),
                organization: "勞動部".into(),
                keywords: vec!["年金".into()],
                issued: "2015-01-02".into(),
                license_url: "https://data.gov.tw/license".into(),
                ..Default::default()
            },
            organization_id: "org-1".into(),
            resources: vec![Resource {
                id: 9,
                downloads: 0,
                datastore_active: false,
                input: ResourceInput {
                    format: "CSV".into(),
                    download_url: "https://x.tw/a.csv".into(),
                    ..Default::default()
                },
            }],
            views: 1,
            downloads: 0,
            rating: None,
            rating_count: 0,
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-02T00:00:00Z".into(),
        }
    }

    #[test]
    fn dcat_has_context_type_and_distribution() {
        let v = dcat_dataset(&sample(), "https://c.tw");
        assert_eq!(v["@type"], "dcat:Dataset");
        assert_eq!(v["dcat:distribution"][0]["dcat:downloadURL"]["@id"], "https://x.tw/a.csv");
        assert!(v["@context"]["dcat"].is_string());
    }

    #[test]
    fn ckan_package_has_the_fields_clients_read() {
        let p = ckan_package(&sample(), "https://c.tw");
        for k in ["id", "name", "title", "resources", "tags", "organization", "metadata_modified", "num_resources"] {
            assert!(!p[k].is_null(), "{k}");
        }
        assert_eq!(p["metadata_created"], "2026-01-01T00:00:00");
    }

    #[test]
    fn atom_escapes_markup() {
        let f = atom_feed("i", "a<b", "https://x", "2026-01-01T00:00:00Z", &[]);
        assert!(f.contains("a&lt;b") && !f.contains("a<b"));
    }
}
