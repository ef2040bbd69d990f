"""Drives Commons' CKAN-compatible Action API with the real `ckanapi` client,
and loads its DCAT JSON-LD with the real `rdflib` parser.

Usage: ckan_client.py BASE_URL DATASTORE_RESOURCE_ID DATASET_NAME
Exits non-zero (with an AssertionError trace) on the first disagreement.
"""

import json
import sys

import ckanapi
from rdflib import RDF, Graph, Namespace, URIRef

BASE, RESOURCE_ID, DATASET = sys.argv[1:4]
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
PACKAGE_KEYS = ["id", "name", "title", "notes", "resources", "tags", "organization", "owner_org",
                "metadata_created", "metadata_modified", "num_resources", "num_tags", "license_id"]


def check_package(p):
    for key in PACKAGE_KEYS:
        assert key in p, f"package lacks {key}: {sorted(p)}"
    assert p["num_resources"] == len(p["resources"])
    for r in p["resources"]:
        for key in ["id", "package_id", "url", "format", "name"]:
            assert key in r, f"resource lacks {key}"


def ckan_api(ck, dict_params=True):
    status = ck.action.status_show()
    assert status["ckan_version"].startswith("2."), status

    # package_search with fq, facets, sort and paging.
    facet_fields = json.dumps(["organization", "res_format", "tags"])
    page1 = ck.action.package_search(q="年金", fq="res_format:CSV", rows=5, start=0,
                                     sort="views_recent desc", **{"facet.field": facet_fields})
    assert page1["count"] > 5, page1["count"]
    assert len(page1["results"]) == 5
    for p in page1["results"]:
        check_package(p)
        assert any(r["format"] == "CSV" for r in p["resources"]), p["name"]
    assert page1["facets"]["res_format"]["CSV"] == page1["count"], page1["facets"]["res_format"]
    items = page1["search_facets"]["organization"]["items"]
    assert items and all({"name", "display_name", "count"} <= set(i) for i in items)
    assert sum(i["count"] for i in items) == page1["count"]
    page2 = ck.action.package_search(q="年金", fq="res_format:CSV", rows=5, start=5, sort="views_recent desc")
    assert page2["count"] == page1["count"]
    ids1 = {p["name"] for p in page1["results"]}
    ids2 = {p["name"] for p in page2["results"]}
    assert ids1.isdisjoint(ids2), "pages overlap"
    views = [p["views"] for p in page1["results"] + page2["results"]]
    assert views == sorted(views, reverse=True), views

    # package_show, and CKAN's NotFound for a missing one.
    shown = ck.action.package_show(id=DATASET)
    check_package(shown)
    assert shown["name"] == DATASET
    try:
        ck.action.package_show(id="no-such-dataset-anywhere")
        raise AssertionError("package_show of a missing dataset succeeded")
    except ckanapi.NotFound:
        pass

    # organization_list, plain and with all fields; fq by organization agrees.
    names = ck.action.organization_list()
    orgs = ck.action.organization_list(all_fields=True)
    assert len(names) == len(orgs) >= 50, len(orgs)
    assert all(isinstance(n, str) for n in names)
    top = orgs[0]
    for key in ["id", "name", "title", "package_count", "is_organization"]:
        assert key in top, key
    by_org = ck.action.package_search(fq=f"organization:{top['name']}", rows=0)
    assert by_org["count"] == top["package_count"], (by_org["count"], top)
    shown_org = ck.action.organization_show(id=top["name"], include_datasets=True)
    assert shown_org["title"] == top["title"] and shown_org["packages"]

    tags = ck.action.tag_list()
    assert tags and all(isinstance(t, str) for t in tags)

    # datastore_search: paging, sort and filters, CKAN's field list with _id.
    first = ck.action.datastore_search(resource_id=RESOURCE_ID, limit=3)
    assert first["total"] == 10, first["total"]
    assert [f["id"] for f in first["fields"]][0] == "_id"
    assert len(first["records"]) == 3 and first["records"][0]["_id"] == 1
    rest = ck.action.datastore_search(resource_id=RESOURCE_ID, limit=100, offset=3)
    assert len(rest["records"]) == 7
    top_year = ck.action.datastore_search(resource_id=RESOURCE_ID, sort="客服案量 desc", limit=1)
    cases = [r["客服案量"] for r in first["records"] + rest["records"]]
    assert top_year["records"][0]["客服案量"] == max(cases)
    if dict_params:
        # A dict parameter only travels in a JSON body (as with real CKAN).
        only = ck.action.datastore_search(resource_id=RESOURCE_ID, filters={"西元年": 2004})
        assert only["total"] == 1 and only["records"][0]["客服案量"] == 31245, only
    try:
        ck.action.datastore_search(resource_id="999999999")
        raise AssertionError("datastore_search of a missing resource succeeded")
    except ckanapi.NotFound:
        pass
    return page1["count"]


def dcat():
    g = Graph()
    g.parse(f"{BASE}/api/datasets/{DATASET}.jsonld", format="json-ld")
    subject = URIRef(f"{BASE}/data/datasets/{DATASET}")
    assert (subject, RDF.type, DCAT.Dataset) in g, "no dcat:Dataset triple"
    titles = list(g.objects(subject, DCT.title))
    assert titles and titles[0].language == "zh-TW", titles
    dists = list(g.objects(subject, DCAT.distribution))
    assert dists, "no distributions"
    for d in dists:
        assert (d, RDF.type, DCAT.Distribution) in g
        assert list(g.objects(d, DCAT.accessURL)), "distribution without accessURL"
    publisher = next(g.objects(subject, DCT.publisher))
    assert list(g.objects(publisher, URIRef("http://xmlns.com/foaf/0.1/name")))

    cat = Graph()
    cat.parse(f"{BASE}/api/catalog.jsonld?page=1", format="json-ld")
    catalog = URIRef(f"{BASE}/api/catalog.jsonld")
    assert (catalog, RDF.type, DCAT.Catalog) in cat
    linked = list(cat.objects(catalog, DCAT.dataset))
    assert len(linked) == 100, len(linked)
    assert len(set(cat.subjects(RDF.type, DCAT.Dataset))) == 100
    return len(g), len(cat)


if __name__ == "__main__":
    post_client = ckanapi.RemoteCKAN(BASE, user_agent="commons-tests/1.0")
    get_client = ckanapi.RemoteCKAN(BASE, user_agent="commons-tests/1.0", get_only=True)
    found = ckan_api(post_client)
    ckan_api(get_client, dict_params=False)
    triples = dcat()
    print(f"ckanapi ok over POST and GET ({found} hits for 年金 CSV); rdflib parsed {triples[0]} + {triples[1]} triples")
