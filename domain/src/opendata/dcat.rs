//! Catalogue documents in other vocabularies: DCAT JSON-LD, CKAN package
//! dicts and the Atom feed of a dataset's changes. Pure functions over
//! [`Dataset`], so the Worker and the tests share one definition.
//!
//! The JSON documents are serde structs whose fields are declared in byte
//! order of their JSON names, and optional members are left out when empty:
//! that is exactly the bytes the earlier `json!` maps (which sort their keys)
//! produced, which linked-data tools and CKAN clients already read. The tests
//! pin those bytes.

use serde::{Deserialize, Serialize};

use crate::opendata::{Dataset, Organization};

/// The JSON-LD context of every DCAT document we serve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DcatContext {
    /// The DCAT namespace.
    pub dcat: String,
    /// Dublin Core terms.
    pub dct: String,
    /// FOAF.
    pub foaf: String,
    /// Hydra (paging).
    pub hydra: String,
    /// vCard.
    pub vcard: String,
    /// XML Schema datatypes.
    pub xsd: String,
}

/// The context of every DCAT document we serve.
pub fn dcat_context() -> DcatContext {
    DcatContext {
        dcat: "http://www.w3.org/ns/dcat#".into(),
        dct: "http://purl.org/dc/terms/".into(),
        foaf: "http://xmlns.com/foaf/0.1/".into(),
        hydra: "http://www.w3.org/ns/hydra/core#".into(),
        vcard: "http://www.w3.org/2006/vcard/ns#".into(),
        xsd: "http://www.w3.org/2001/XMLSchema#".into(),
    }
}

/// A language-tagged literal (always zh-TW here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LangLiteral {
    /// The language tag.
    #[serde(rename = "@language")]
    pub language: String,
    /// The text.
    #[serde(rename = "@value")]
    pub value: String,
}

/// A zh-TW literal.
fn zh(s: &str) -> LangLiteral {
    LangLiteral { language: "zh-TW".into(), value: s.to_string() }
}

/// A literal with a datatype (`xsd:date`, `xsd:dateTime`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TypedLiteral {
    /// The datatype.
    #[serde(rename = "@type")]
    pub datatype: String,
    /// The lexical value.
    #[serde(rename = "@value")]
    pub value: String,
}

/// A typed literal, or nothing for an empty value.
fn typed(value: &str, datatype: &str) -> Option<TypedLiteral> {
    (!value.is_empty()).then(|| TypedLiteral { datatype: datatype.into(), value: value.to_string() })
}

/// A reference to a node by IRI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdRef {
    /// The IRI.
    #[serde(rename = "@id")]
    pub id: String,
}

/// A reference to `s`.
fn id_ref(s: impl Into<String>) -> IdRef {
    IdRef { id: s.into() }
}

/// An IRI node, or nothing for an empty string.
fn iri(s: &str) -> Option<IdRef> {
    (!s.is_empty()).then(|| id_ref(s))
}

/// A zh-TW literal, or nothing for an empty string.
fn zh_opt(s: &str) -> Option<LangLiteral> {
    (!s.is_empty()).then(|| zh(s))
}

/// The publishing agency of a DCAT dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DcatAgent {
    /// The agency's page.
    #[serde(rename = "@id")]
    pub id: String,
    /// Always `foaf:Organization`.
    #[serde(rename = "@type")]
    pub kind: String,
    /// The agency's name.
    #[serde(rename = "foaf:name")]
    pub name: LangLiteral,
}

/// One distribution (resource) of a DCAT dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DcatDistribution {
    /// The resource's IRI here.
    #[serde(rename = "@id")]
    pub id: String,
    /// Always `dcat:Distribution`.
    #[serde(rename = "@type")]
    pub kind: String,
    /// Our counting download redirect.
    #[serde(rename = "dcat:accessURL")]
    pub access_url: IdRef,
    /// The file itself, when the source names it.
    #[serde(rename = "dcat:downloadURL", default, skip_serializing_if = "Option::is_none")]
    pub download_url: Option<IdRef>,
    /// Its description.
    #[serde(rename = "dct:description", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangLiteral>,
    /// Its file format.
    #[serde(rename = "dct:format", default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The standard's resourceID.
    #[serde(rename = "dct:identifier")]
    pub identifier: String,
    /// When it last changed.
    #[serde(rename = "dct:modified", default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<TypedLiteral>,
}

/// A DCAT dataset: standalone (with `@context`) or inside a catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DcatDataset {
    /// The context, on a standalone document.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<DcatContext>,
    /// The dataset's page here.
    #[serde(rename = "@id")]
    pub id: String,
    /// Always `dcat:Dataset`.
    #[serde(rename = "@type")]
    pub kind: String,
    /// Its resources.
    #[serde(rename = "dcat:distribution", default, skip_serializing_if = "Vec::is_empty")]
    pub distribution: Vec<DcatDistribution>,
    /// Its keywords.
    #[serde(rename = "dcat:keyword", default, skip_serializing_if = "Vec::is_empty")]
    pub keyword: Vec<LangLiteral>,
    /// Its landing page.
    #[serde(rename = "dcat:landingPage", default, skip_serializing_if = "Option::is_none")]
    pub landing_page: Option<IdRef>,
    /// Its category (服務分類).
    #[serde(rename = "dcat:theme", default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<LangLiteral>,
    /// Its update frequency (更新頻率).
    #[serde(rename = "dct:accrualPeriodicity", default, skip_serializing_if = "Option::is_none")]
    pub accrual_periodicity: Option<LangLiteral>,
    /// Its description.
    #[serde(rename = "dct:description", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangLiteral>,
    /// Its identifier.
    #[serde(rename = "dct:identifier")]
    pub identifier: String,
    /// When it was first published.
    #[serde(rename = "dct:issued", default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<TypedLiteral>,
    /// Its language.
    #[serde(rename = "dct:language", default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Its licence, when it has a URL.
    #[serde(rename = "dct:license", default, skip_serializing_if = "Option::is_none")]
    pub license: Option<IdRef>,
    /// When its metadata last changed.
    #[serde(rename = "dct:modified", default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<TypedLiteral>,
    /// The agency.
    #[serde(rename = "dct:publisher")]
    pub publisher: DcatAgent,
    /// Its licence by name, when it has no URL.
    #[serde(rename = "dct:rights", default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<LangLiteral>,
    /// Its title.
    #[serde(rename = "dct:title")]
    pub title: LangLiteral,
}

/// The DCAT description of one dataset (without `@context`, for embedding in a catalogue).
pub fn dcat_dataset_node(d: &Dataset, origin: &str) -> DcatDataset {
    let m = &d.meta;
    let license = iri(&m.license_url);
    let distribution = d
        .resources
        .iter()
        .map(|r| DcatDistribution {
            id: format!("{origin}/api/resources/{}", r.id),
            kind: "dcat:Distribution".into(),
            access_url: id_ref(format!("{origin}/api/resources/{}/download", r.id)),
            download_url: iri(&r.input.download_url),
            description: zh_opt(&r.input.description),
            format: (!r.input.format.is_empty()).then(|| r.input.format.clone()),
            identifier: r.input.resource_id.clone(),
            modified: typed(&r.input.modified, "xsd:dateTime"),
        })
        .collect();
    DcatDataset {
        context: None,
        id: format!("{origin}/data/datasets/{}", m.identifier),
        kind: "dcat:Dataset".into(),
        distribution,
        keyword: m.keywords.iter().map(|k| zh(k)).collect(),
        landing_page: iri(&m.landing_page),
        theme: zh_opt(&m.category),
        accrual_periodicity: zh_opt(&m.accrual_periodicity),
        description: zh_opt(&m.description),
        identifier: m.identifier.clone(),
        issued: typed(&m.issued, "xsd:date"),
        language: (!m.language.is_empty()).then(|| m.language.clone()),
        // A licence with a URL is a node; one with only a name is a rights statement.
        rights: if license.is_none() { zh_opt(&m.license) } else { None },
        license,
        modified: typed(&m.modified, "xsd:dateTime"),
        publisher: DcatAgent {
            id: format!("{origin}/data/organizations/{}", d.organization_id),
            kind: "foaf:Organization".into(),
            name: zh(&m.organization),
        },
        title: zh(&m.title),
    }
}

/// A standalone DCAT JSON-LD document for one dataset.
pub fn dcat_dataset(d: &Dataset, origin: &str) -> DcatDataset {
    DcatDataset { context: Some(dcat_context()), ..dcat_dataset_node(d, origin) }
}

/// The Hydra view of one catalogue page: its neighbours and ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HydraView {
    /// This page.
    #[serde(rename = "@id")]
    pub id: String,
    /// Always `hydra:PartialCollectionView`.
    #[serde(rename = "@type")]
    pub kind: String,
    /// The first page.
    #[serde(rename = "hydra:first")]
    pub first: IdRef,
    /// The last page.
    #[serde(rename = "hydra:last")]
    pub last: IdRef,
    /// The next page, unless this is the last.
    #[serde(rename = "hydra:next", default, skip_serializing_if = "Option::is_none")]
    pub next: Option<IdRef>,
    /// The previous page, unless this is the first.
    #[serde(rename = "hydra:previous", default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<IdRef>,
}

/// One page of the DCAT catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DcatCatalog {
    /// The context.
    #[serde(rename = "@context")]
    pub context: DcatContext,
    /// The catalogue's IRI.
    #[serde(rename = "@id")]
    pub id: String,
    /// `dcat:Catalog` and `hydra:Collection`.
    #[serde(rename = "@type")]
    pub kind: Vec<String>,
    /// This page's datasets.
    #[serde(rename = "dcat:dataset")]
    pub dataset: Vec<DcatDataset>,
    /// What the catalogue holds.
    #[serde(rename = "dct:description")]
    pub description: LangLiteral,
    /// Its name.
    #[serde(rename = "dct:title")]
    pub title: LangLiteral,
    /// The catalogue's page for people.
    #[serde(rename = "foaf:homepage")]
    pub homepage: IdRef,
    /// Datasets in the whole catalogue.
    #[serde(rename = "hydra:totalItems")]
    pub total_items: i64,
    /// Paging.
    #[serde(rename = "hydra:view")]
    pub view: HydraView,
}

/// One page of the DCAT catalogue, with Hydra paging links.
pub fn dcat_catalog(datasets: &[Dataset], origin: &str, page: u32, per_page: u32, total: i64) -> DcatCatalog {
    let last = ((total.max(1) - 1) / i64::from(per_page.max(1)) + 1) as u32;
    let page_url = |p: u32| id_ref(format!("{origin}/api/catalog.jsonld?page={p}"));
    DcatCatalog {
        context: dcat_context(),
        id: format!("{origin}/api/catalog.jsonld"),
        kind: vec!["dcat:Catalog".into(), "hydra:Collection".into()],
        dataset: datasets.iter().map(|d| dcat_dataset_node(d, origin)).collect(),
        description: zh("政府開放資料集目錄，資料來源：政府資料開放平臺 (data.gov.tw)"),
        title: zh("Commons 開放資料目錄"),
        homepage: id_ref(format!("{origin}/data")),
        total_items: total,
        view: HydraView {
            id: page_url(page).id,
            kind: "hydra:PartialCollectionView".into(),
            first: page_url(1),
            last: page_url(last),
            next: (page < last).then(|| page_url(page + 1)),
            previous: (page > 1).then(|| page_url(page - 1)),
        },
    }
}

/// CKAN's organization dict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanOrganization {
    /// Always `approved`.
    pub approval_status: String,
    /// When it was created here (CKAN's zone-less form).
    pub created: String,
    /// Always empty.
    pub description: String,
    /// The agency's name.
    pub display_name: String,
    /// `org-…`.
    pub id: String,
    /// Always empty.
    pub image_url: String,
    /// Always true.
    pub is_organization: bool,
    /// `org-…`.
    pub name: String,
    /// Datasets it publishes.
    pub package_count: i64,
    /// Its most viewed packages (`organization_show` with `include_datasets`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packages: Option<Vec<CkanPackage>>,
    /// Always `active`.
    pub state: String,
    /// The agency's name.
    pub title: String,
    /// Always `organization`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// CKAN's organization dict.
pub fn ckan_organization(o: &Organization, created: &str) -> CkanOrganization {
    CkanOrganization {
        approval_status: "approved".into(),
        created: created.to_string(),
        description: String::new(),
        display_name: o.title.clone(),
        id: o.id.clone(),
        image_url: String::new(),
        is_organization: true,
        name: o.id.clone(),
        package_count: o.dataset_count,
        packages: None,
        state: "active".into(),
        title: o.title.clone(),
        kind: "organization".into(),
    }
}

/// One resource of a CKAN package dict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanResource {
    /// The standard's characterSetCode.
    #[serde(rename = "characterSetCode")]
    pub character_set_code: String,
    /// The package's creation time.
    pub created: String,
    /// Whether its rows are in the DataStore.
    pub datastore_active: bool,
    /// Its description.
    pub description: String,
    /// Its format.
    pub format: String,
    /// Always empty.
    pub hash: String,
    /// Our resource id, as text.
    pub id: String,
    /// When it last changed, if known.
    pub last_modified: Option<String>,
    /// Always null.
    pub mimetype: Option<String>,
    /// Its description, or the title and format.
    pub name: String,
    /// The package's name.
    pub package_id: String,
    /// Its place in the package.
    pub position: usize,
    /// Always null.
    pub resource_type: Option<String>,
    /// Always null.
    pub size: Option<i64>,
    /// Always `active`.
    pub state: String,
    /// The file (or its page when there is no file URL).
    pub url: String,
    /// Always null.
    pub url_type: Option<String>,
}

/// One tag of a CKAN package dict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanTag {
    /// The tag.
    pub display_name: String,
    /// The tag.
    pub id: String,
    /// The tag.
    pub name: String,
    /// Always `active`.
    pub state: String,
    /// Always null: free tags.
    pub vocabulary_id: Option<String>,
}

/// One `extras` entry: a field of the standard without a CKAN counterpart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanExtra {
    /// The standard's field name.
    pub key: String,
    /// Its value.
    pub value: String,
}

/// CKAN's package dict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanPackage {
    /// The agency's name.
    pub author: String,
    /// Always empty.
    pub author_email: String,
    /// The dataset's page here.
    pub ckan_url: String,
    /// Downloads.
    pub downloads: i64,
    /// The standard's other fields.
    pub extras: Vec<CkanExtra>,
    /// Always empty.
    pub groups: Vec<String>,
    /// The identifier.
    pub id: String,
    /// Whether the licence is the government open data licence.
    pub isopen: bool,
    /// `OGDL-Taiwan-1.0` for that licence, else its name.
    pub license_id: String,
    /// The licence's name.
    pub license_title: String,
    /// The licence's URL.
    pub license_url: String,
    /// The publishing unit.
    pub maintainer: String,
    /// Always empty.
    pub maintainer_email: String,
    /// Created here (CKAN's zone-less form).
    pub metadata_created: String,
    /// Last changed here (CKAN's zone-less form).
    pub metadata_modified: String,
    /// The identifier.
    pub name: String,
    /// The description.
    pub notes: String,
    /// How many resources.
    pub num_resources: usize,
    /// How many tags.
    pub num_tags: usize,
    /// The agency.
    pub organization: CkanOrganization,
    /// The agency's id.
    pub owner_org: String,
    /// Always false.
    pub private: bool,
    /// The resources.
    pub resources: Vec<CkanResource>,
    /// Always `active`.
    pub state: String,
    /// The keywords.
    pub tags: Vec<CkanTag>,
    /// The title.
    pub title: String,
    /// Always `dataset`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The landing page.
    pub url: String,
    /// Always null.
    pub version: Option<String>,
    /// Views.
    pub views: i64,
}

/// CKAN's package dict for a dataset. The standard's fields without a CKAN
/// counterpart travel as `extras`, as data.gov.tw's own CKAN harvesters do.
pub fn ckan_package(d: &Dataset, origin: &str) -> CkanPackage {
    let m = &d.meta;
    let org = Organization { id: d.organization_id.clone(), title: m.organization.clone(), dataset_count: 0 };
    let created = ckan_time(&d.created_at);
    let modified = ckan_time(&d.updated_at);
    let resources: Vec<CkanResource> = d
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| CkanResource {
            character_set_code: r.input.encoding.clone(),
            created: created.clone(),
            datastore_active: r.datastore_active,
            description: r.input.description.clone(),
            format: r.input.format.clone(),
            hash: String::new(),
            id: r.id.to_string(),
            last_modified: (!r.input.modified.is_empty()).then(|| r.input.modified.clone()),
            mimetype: None,
            name: if r.input.description.is_empty() {
                format!("{} {}", m.title, r.input.format)
            } else {
                r.input.description.clone()
            },
            package_id: m.identifier.clone(),
            position: i,
            resource_type: None,
            size: None,
            state: "active".into(),
            url: if r.input.download_url.is_empty() {
                r.input.access_url.clone()
            } else {
                r.input.download_url.clone()
            },
            url_type: None,
        })
        .collect();
    let tags: Vec<CkanTag> = m
        .keywords
        .iter()
        .map(|k| CkanTag {
            display_name: k.clone(),
            id: k.clone(),
            name: k.clone(),
            state: "active".into(),
            vocabulary_id: None,
        })
        .collect();
    let extras: Vec<CkanExtra> = [
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
    .map(|(k, v)| CkanExtra { key: k.to_string(), value: v.to_string() })
    .collect();
    let open_licence = m.license.contains("政府資料開放授權");
    CkanPackage {
        author: m.organization.clone(),
        author_email: String::new(),
        ckan_url: format!("{origin}/data/datasets/{}", m.identifier),
        downloads: d.downloads,
        extras,
        groups: Vec::new(),
        id: m.identifier.clone(),
        isopen: open_licence,
        license_id: if open_licence { "OGDL-Taiwan-1.0".to_string() } else { m.license.clone() },
        license_title: m.license.clone(),
        license_url: m.license_url.clone(),
        maintainer: m.publisher.clone(),
        maintainer_email: String::new(),
        metadata_created: created.clone(),
        metadata_modified: modified,
        name: m.identifier.clone(),
        notes: m.description.clone(),
        num_resources: resources.len(),
        num_tags: tags.len(),
        organization: ckan_organization(&org, &created),
        owner_org: d.organization_id.clone(),
        private: false,
        resources,
        state: "active".into(),
        tags,
        title: m.title.clone(),
        kind: "dataset".into(),
        url: m.landing_page.clone(),
        version: None,
        views: d.views,
    }
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
        let v = serde_json::to_value(dcat_dataset(&sample(), "https://c.tw")).unwrap();
        assert_eq!(v["@type"], "dcat:Dataset");
        assert_eq!(v["dcat:distribution"][0]["dcat:downloadURL"]["@id"], "https://x.tw/a.csv");
        assert!(v["@context"]["dcat"].is_string());
    }

    #[test]
    fn ckan_package_has_the_fields_clients_read() {
        let p = serde_json::to_value(ckan_package(&sample(), "https://c.tw")).unwrap();
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

/// Pins the bytes of the documents against those of the earlier `json!` builders.
#[cfg(test)]
mod golden {
    use super::*;
    use crate::opendata::{DatasetInput, Resource, ResourceInput};

    fn full() -> Dataset {
        Dataset {
            id: 7,
            meta: DatasetInput {
                identifier: "a-1".into(),
                title: "T \"q\" <x>".into(),
                description: "desc".into(),
                field_description: "fd".into(),
                data_type: "原始資料".into(),
                category: "交通".into(),
                license: "政府資料開放授權條款-第1版".into(),
                license_url: "".into(),
                cost: "免費".into(),
                organization: "交通部".into(),
                publisher: "運研所".into(),
                accrual_periodicity: "每月".into(),
                temporal_from: "2020-01-01".into(),
                temporal_to: "2021-01-01".into(),
                issued: "2019-05-05".into(),
                modified: "2024-01-02T03:04:05+08:00".into(),
                spatial: "臺灣".into(),
                language: "zh-TW".into(),
                landing_page: "https://x.tw/p".into(),
                keywords: vec!["k1".into(), "k2".into()],
                notes: "n".into(),
                quality: "金".into(),
                ..Default::default()
            },
            organization_id: "org-abc".into(),
            resources: vec![
                Resource {
                    id: 11,
                    downloads: 3,
                    datastore_active: true,
                    input: ResourceInput {
                        resource_id: "a-1-1".into(),
                        description: "CSV file".into(),
                        format: "CSV".into(),
                        encoding: "UTF-8".into(),
                        modified: "2024-01-02T00:00:00+08:00".into(),
                        access_url: "https://x.tw/a".into(),
                        download_url: "https://x.tw/a.csv".into(),
                        ..Default::default()
                    },
                },
                Resource {
                    id: 12,
                    downloads: 0,
                    datastore_active: false,
                    input: ResourceInput {
                        resource_id: "a-1-2".into(),
                        access_url: "https://x.tw/b".into(),
                        ..Default::default()
                    },
                },
            ],
            views: 5,
            downloads: 3,
            rating: Some(4.5),
            rating_count: 2,
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-02T00:00:00Z".into(),
        }
    }

    fn bare() -> Dataset {
        Dataset {
            id: 8,
            meta: DatasetInput {
                identifier: "b".into(),
                title: "B".into(),
                organization: "O".into(),
                license: "CC".into(),
                license_url: "https://cc".into(),
                ..Default::default()
            },
            organization_id: "org-o".into(),
            resources: vec![],
            views: 0,
            downloads: 0,
            rating: None,
            rating_count: 0,
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    /// The documents as the earlier `json!` builders wrote them, byte for byte:
    /// the typed structs must not change a byte.
    #[test]
    fn documents_keep_their_bytes() {
        let o = "https://c.tw";
        let expected: Vec<&str> = include_str!("testdata/dcat_golden.jsonl").lines().collect();
        let got = [
            serde_json::to_string(&dcat_dataset(&full(), o)).unwrap(),
            serde_json::to_string(&dcat_dataset(&bare(), o)).unwrap(),
            serde_json::to_string(&dcat_catalog(&[full(), bare()], o, 2, 100, 250)).unwrap(),
            serde_json::to_string(&dcat_catalog(&[], o, 1, 100, 0)).unwrap(),
            serde_json::to_string(&ckan_package(&full(), o)).unwrap(),
            serde_json::to_string(&ckan_package(&bare(), o)).unwrap(),
            serde_json::to_string(&ckan_organization(
                &Organization { id: "org-o".into(), title: "O".into(), dataset_count: 4 },
                "2026-01-01T00:00:00Z",
            ))
            .unwrap(),
        ];
        assert_eq!(got.len(), expected.len());
        for (got, expected) in got.iter().zip(expected) {
            assert_eq!(got, expected);
            // Through a `Value` (sorted keys) the bytes are the same too.
            let v: serde_json::Value = serde_json::from_str(got).unwrap();
            assert_eq!(&v.to_string(), got);
        }
    }
}
