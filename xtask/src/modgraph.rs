//! The module graph of a crate, read from its source: which module names
//! which. A test keeps the graph of every crate free of cycles, and keeps
//! the services layered (`accounts` and the shared part below the services,
//! nothing below Q&A's feet depending on Q&A).
//!
//! A module is a file (`a/b.rs` or `a/b/mod.rs` is `a::b`). An edge `m → n`
//! is any path `crate::…` (or `super::…`) in `m` whose longest prefix that
//! names a module is `n`, other than `m` itself and its own ancestors (a
//! module naming its parent's items is how Rust nests, not a dependency).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path → the modules it names.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_string();
    }
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts.join("::")
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Strips comments and string literals, so a path in a doc comment or a
/// message is not read as a dependency.
fn code_only(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Expands `use a::{b, c::{d}}` groups into `a::b` and `a::c::d` paths.
fn expand_groups(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for stmt in code.split(';') {
        let Some(pos) = stmt.find("use ") else { continue };
        let body: String = stmt[pos + 4..].chars().filter(|c| !c.is_whitespace()).collect();
        expand(&body, "", &mut paths);
    }
    paths
}

fn expand(body: &str, prefix: &str, out: &mut Vec<String>) {
    match body.find('{') {
        None => out.push(format!("{prefix}{body}")),
        Some(open) => {
            let head = &body[..open];
            let inner = body[open + 1..].strip_suffix('}').unwrap_or(&body[open + 1..]);
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&inner[start..i], &format!("{prefix}{head}"), out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            if start < inner.len() {
                expand(&inner[start..], &format!("{prefix}{head}"), out);
            }
        }
    }
}

/// The graph of the crate whose `src/` is `src`.
pub fn graph(src: &Path) -> Graph {
    let mut paths = Vec::new();
    files(src, &mut paths);
    let modules: BTreeSet<String> = paths.iter().filter_map(|p| p.strip_prefix(src).ok()).map(module_of).collect();
    let mut g = Graph::new();
    for p in &paths {
        let Ok(rel) = p.strip_prefix(src) else { continue };
        let me = module_of(rel);
        let text = std::fs::read_to_string(p).unwrap_or_default();
        // Unit tests sit at the end of a file; what they import is not a
        // dependency of the module.
        let shipped = text.split("#[cfg(test)]").next().unwrap_or("");
        let code = code_only(shipped);
        let mut named: Vec<String> = expand_groups(&code);
        // Paths written inline, outside `use`.
        for (i, _) in code.match_indices("crate::") {
            let tail: String =
                code[i..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            named.push(tail);
        }
        let mut deps = BTreeSet::new();
        for path in named {
            let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let absolute: Vec<String> = match segs.first() {
                Some(&"crate") => segs[1..].iter().map(|s| s.to_string()).collect(),
                Some(&"super") => {
                    let mut base: Vec<String> = me.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
                    let mut rest = &segs[..];
                    while rest.first() == Some(&"super") {
                        base.pop();
                        rest = &rest[1..];
                    }
                    base.extend(rest.iter().map(|s| s.to_string()));
                    base
                }
                _ => continue,
            };
            // The longest prefix that is a module.
            let target = (1..=absolute.len()).rev().map(|n| absolute[..n].join("::")).find(|m| modules.contains(m));
            if let Some(t) = target {
                let is_ancestor = me == t || me.starts_with(&format!("{t}::")) || t.is_empty();
                if !is_ancestor {
                    deps.insert(t);
                }
            }
        }
        g.insert(me, deps);
    }
    g
}

/// Every cycle of `g` (its strongly connected components of more than one
/// module), each as its modules in order.
pub fn cycles(g: &Graph) -> Vec<Vec<String>> {
    // Tarjan's algorithm.
    struct T<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        let deps: Vec<&'a str> = t.g.get(v).map(|d| d.iter().map(String::as_str).collect()).unwrap_or_default();
        for w in deps {
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low[v];
                t.low.insert(v, lv.min(lw));
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low[v];
                t.low.insert(v, lv.min(iw));
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.reverse();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

/// The edges of `g` from a module under `from` to a module under `to`
/// (the first segment of the module path).
pub fn edges_between(g: &Graph, from: &str, to: &str) -> Vec<String> {
    let top = |m: &str| m.split("::").next().unwrap_or("").to_string();
    g.iter()
        .flat_map(|(m, deps)| deps.iter().map(move |d| (m, d)))
        .filter(|(m, d)| top(m) == from && top(d) == to)
        .map(|(m, d)| format!("{m} → {d}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_graph(name: &str) -> Graph {
        graph(&crate::root().join(name).join("src"))
    }

    #[test]
    fn no_crate_has_a_cycle_between_its_modules() {
        for name in ["domain", "worker", "frontend", "xtask", "tests"] {
            let g = crate_graph(name);
            assert!(g.len() >= 3, "{name}: read only {} modules", g.len());
            let c = cycles(&g);
            assert!(c.is_empty(), "{name} has module cycles: {c:?}");
        }
    }

    #[test]
    fn the_worker_is_layered_by_service() {
        let g = crate_graph("worker");
        let shared = ["ctx", "http", "db", "error", "crypto"];
        let services = ["accounts", "opendata", "booking", "qa"];
        let mut wrong = Vec::new();
        for s in shared {
            for svc in services {
                wrong.extend(edges_between(&g, s, svc));
            }
        }
        for svc in ["opendata", "booking", "qa"] {
            wrong.extend(edges_between(&g, "accounts", svc));
        }
        for svc in ["opendata", "booking"] {
            wrong.extend(edges_between(&g, svc, "qa"));
        }
        assert!(wrong.is_empty(), "dependencies against the layering:\n{}", wrong.join("\n"));
    }

    #[test]
    fn a_planted_cycle_is_found() {
        let mut g = Graph::new();
        g.insert("a".into(), ["b".to_string()].into());
        g.insert("b".into(), ["c".to_string()].into());
        g.insert("c".into(), ["a".to_string()].into());
        g.insert("d".into(), ["a".to_string()].into());
        assert_eq!(cycles(&g), vec![vec!["a".to_string(), "b".to_string(), "c".to_string()]]);
    }

    #[test]
    fn groups_and_super_paths_resolve() {
        assert_eq!(expand_groups("use crate::{a::{b, c}, d};"), vec!["crate::a::b", "crate::a::c", "crate::d"]);
        assert_eq!(code_only("let x = \"crate::nope\"; // crate::no\ncrate::yes"), "let x = \"\"; \ncrate::yes");
    }
}
