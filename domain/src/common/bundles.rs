//! The SPA's bundles and which URLs each serves: one table that the
//! frontend (to know which pages it holds) and `cargo xtask build` (which
//! compiles each bundle and writes the same rule into `boot.js`) both read.

/// One SPA bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundle {
    /// Asset name (`app-<name>-<hash>.wasm`).
    pub name: &'static str,
    /// The frontend Cargo feature that builds it (empty: the shell).
    pub feature: &'static str,
    /// URL prefixes it serves, each a whole path segment.
    pub prefixes: &'static [&'static str],
}

/// The shell (home, accounts, 404: every URL no service claims), then one bundle per service.
pub const BUNDLES: [Bundle; 4] = [
    Bundle { name: "shell", feature: "", prefixes: &[] },
    Bundle { name: "data", feature: "opendata", prefixes: &["/data"] },
    Bundle { name: "booking", feature: "booking", prefixes: &["/booking"] },
    Bundle { name: "qa", feature: "qa", prefixes: &["/qa"] },
];

/// The bundle that serves `path`.
pub fn bundle_for(path: &str) -> &'static Bundle {
    let under = |p: &str| path == p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/'));
    BUNDLES.iter().find(|b| b.prefixes.iter().any(|p| under(p))).unwrap_or(&BUNDLES[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_maps_to_the_bundle_that_holds_its_page() {
        let name = |p| bundle_for(p).name;
        assert_eq!(name("/"), "shell");
        assert_eq!(name("/login"), "shell");
        assert_eq!(name("/data"), "data");
        assert_eq!(name("/data/datasets/abc"), "data");
        // A prefix is a whole path segment: /database is not open data.
        assert_eq!(name("/database"), "shell");
        assert_eq!(name("/booking/instruments/7"), "booking");
        assert_eq!(name("/qa/questions/1"), "qa");
        assert_eq!(name("/qanda"), "shell");
    }
}
