//! Real CKAN and RDF clients against Commons: Python's `ckanapi` drives the
//! Action API (package_search with fq, facets and paging, package_show,
//! organization_list, datastore_search) and `rdflib` loads the DCAT JSON-LD.
//! The script is `tests/python/ckan_client.py`; `cargo xtask test` provides
//! the interpreter (a venv with the pinned clients) in `COMMONS_PYTHON`.

use commons_tests::*;

#[tokio::test]
async fn ckanapi_and_rdflib_work_against_the_site_unchanged() {
    let Ok(python) = std::env::var("COMMONS_PYTHON") else {
        eprintln!(
            "SKIP: COMMONS_PYTHON is not set (run through `cargo xtask test`, which installs ckanapi and rdflib)"
        );
        return;
    };
    // A DataStore resource the script can page, sort and filter: the ten-year
    // help-desk table printed in the newsletter (written out here, so this test
    // does not need ../shared).
    let mut csv = String::from("民國年,西元年,客服案量\n");
    for (roc, cases) in (93..=102).zip([31245, 40616, 31268, 35826, 36410, 33962, 36200, 37012, 35410, 32001]) {
        csv.push_str(&format!("{roc},{},{cases}\n", roc + 1911));
    }
    let r = upload_csv(&publisher().await, &publisher_dataset().await, "ckan-client", csv.into_bytes()).await;
    assert_eq!(r.status(), 201);
    let resource = r.json::<serde_json::Value>().await.expect("json")["resource"]["id"].as_i64().expect("id");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python/ckan_client.py");
    let out = tokio::process::Command::new(&python)
        .arg(&script)
        .arg(base())
        .arg(resource.to_string())
        .arg("demo-00007")
        .output()
        .await
        .expect("run python");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ckan_client.py failed:\n{stdout}\n{stderr}");
    println!("{stdout}");
}
