//! The crate's floors point only down (ARCHITECTURE.md): no module uses a module on a higher floor, and
//! no two modules use each other, directly or through others. Read from the sources: every `crate::`
//! path in code (comments, doc links and `#[cfg(test)]` modules aside), with the crate root's re-exports
//! resolved to the module that defines them.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::Path,
};

/// Bottom up. A module may use modules on its own floor or below; the same floor only without cycles.
const FLOORS: &[(&str, &[&str])] = &[
    ("primitives", &["clock", "jws", "macros", "wire"]),
    ("error", &["error"]),
    ("ids", &["ids"]),
    ("credentials", &["credentials"]),
    ("transport", &["transport"]),
    ("client", &["client"]),
    ("paging", &["paging"]),
    ("composition", &["composition"]),
    (
        "areas",
        &[
            "token",
            "session",
            "archive",
            "broadcast",
            "moderation",
            "signal",
            "stream",
            "sip",
            "checks",
            "captions",
            "render",
            "audio_connector",
            "webhook",
        ],
    ),
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|(_, modules)| modules.contains(&module))
}

/// Code without comments, and without a file's `#[cfg(test)]` module (which may use anything).
fn code_of(text: &str) -> String {
    code_with_tests(text, false)
}

/// Code without comments; with or without a file's `#[cfg(test)]` module.
fn code_with_tests(text: &str, tests: bool) -> String {
    let mut code = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") && !tests {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let line = match line.find("//") {
            // A `//` inside a string (a URL) is rare in `use` lines; cutting there only drops text.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// The first segment of every path that follows `crate::`, including each item of a `crate::{..}` group.
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before == Some('$') || before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `$crate::` in macros, or `opentok_crate::`-like names
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            found.push(item);
        } else {
            found.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    found
        .into_iter()
        .map(|p| p.trim().split("::").next().unwrap_or("").trim().to_owned())
        .filter(|p| !p.is_empty() && p != "self")
        .collect()
}

/// Names the crate root re-exports (`pub use client::{OpenTok, ..}`, `use transport::raw;`) → their module.
fn root_exports(lib: &str) -> BTreeMap<String, String> {
    let mut exports = BTreeMap::new();
    let code = code_of(lib);
    for statement in code.split(';') {
        // The statement starts on the line that starts with `use` (what comes before ended another item).
        let Some(start) =
            statement.lines().map(str::trim_start).position(|l| l.starts_with("use ") || l.starts_with("pub use "))
        else {
            continue;
        };
        let statement: String = statement.lines().skip(start).collect::<Vec<_>>().join(" ");
        let statement = statement.trim();
        let Some(path) = statement.strip_prefix("pub use ").or_else(|| statement.strip_prefix("use ")) else {
            continue;
        };
        let Some((module, names)) = path.split_once("::") else { continue };
        let names = names.trim().trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',') {
            let name = name.trim();
            let name = name.rsplit(" as ").next().unwrap_or(name).rsplit("::").next().unwrap_or(name).trim();
            if !name.is_empty() {
                exports.insert(name.to_owned(), module.trim().to_owned());
            }
        }
    }
    exports
}

/// Module → the modules it uses, outside its tests.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    graph_of(src, false)
}

/// Module → the modules it uses, in its tests too if `tests`.
fn graph_of(src: &Path, tests: bool) -> BTreeMap<String, BTreeSet<String>> {
    let exports = root_exports(&fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs"));
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("readable src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") || path == src.join("lib.rs") {
                continue;
            }
            let relative = path.strip_prefix(src).expect("under src");
            let first = relative.components().next().expect("a component").as_os_str().to_string_lossy();
            let module = first.trim_end_matches(".rs").to_owned();
            let code = code_with_tests(&fs::read_to_string(&path).expect("readable file"), tests);
            let uses = edges.entry(module.clone()).or_default();
            for name in crate_paths(&code) {
                let target = exports.get(&name).cloned().unwrap_or(name);
                if target != module {
                    uses.insert(target);
                }
            }
        }
    }
    edges
}

/// A cycle in the graph, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

#[test]
fn floors_point_only_down_and_nothing_is_circular() {
    let edges = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let mut problems = Vec::new();
    for (module, uses) in &edges {
        let Some(floor) = floor_of(module) else {
            problems.push(format!("`{module}` is on no floor: add it to FLOORS and ARCHITECTURE.md"));
            continue;
        };
        for target in uses {
            match floor_of(target) {
                None => problems.push(format!("`{module}` uses `{target}`, which is on no floor")),
                Some(t) if t > floor => problems.push(format!(
                    "`{module}` (floor {}) uses `{target}` (floor {}): floors point only down",
                    FLOORS[floor].0, FLOORS[t].0
                )),
                Some(_) => {}
            }
        }
    }
    // Webhooks only read what the platform sends: they never call it.
    for below in ["client", "transport", "credentials"] {
        if edges.get("webhook").is_some_and(|uses| uses.contains(below)) {
            problems.push(format!("`webhook` uses `{below}`: webhooks never call the platform"));
        }
    }
    if let Some(cycle) = find_cycle(&edges) {
        problems.push(format!("import cycle: {}", cycle.join(" -> ")));
    }
    assert!(problems.is_empty(), "{}\n\nthe graph: {edges:#?}", problems.join("\n"));
    // The check sees real edges: the client uses the transport, archives use the client.
    assert!(edges["client"].contains("transport") && edges["archive"].contains("client"), "{edges:#?}");
}

/// Archives and broadcasts share what they share through `composition`, the floor below both: neither
/// uses the other, not even in its tests.
#[test]
fn archives_and_broadcasts_do_not_use_each_other() {
    let edges = graph_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), true);
    assert!(!edges["archive"].contains("broadcast"), "`archive` uses `broadcast`: {:?}", edges["archive"]);
    assert!(!edges["broadcast"].contains("archive"), "`broadcast` uses `archive`: {:?}", edges["broadcast"]);
    // The check sees real edges: both use what they share, and a test module's imports count.
    assert!(edges["archive"].contains("composition") && edges["broadcast"].contains("composition"), "{edges:#?}");
    let with_test = code_with_tests("use crate::a::X;\n#[cfg(test)]\nmod tests { use crate::broadcast::B; }", true);
    assert_eq!(crate_paths(&with_test), ["a", "broadcast"]);
}

#[test]
fn the_checker_finds_cycles_and_group_imports() {
    let code = code_of(
        "use crate::{auth::Credentials, error::{Error, Result}, OpenTok};\n// crate::commented\nfn f() { crate::ids::x(); $crate::hidden }\n#[cfg(test)]\nmod tests { use crate::everything; }",
    );
    assert_eq!(crate_paths(&code), ["auth", "error", "OpenTok", "ids"]);
    let mut edges = BTreeMap::new();
    edges.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    edges.insert("b".to_owned(), BTreeSet::from(["c".to_owned()]));
    edges.insert("c".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(find_cycle(&edges).unwrap(), ["a", "b", "c", "a"]);
    edges.get_mut("c").unwrap().clear();
    assert_eq!(find_cycle(&edges), None);
    let exports = root_exports(
        "mod auth {\n    x();\n}\npub use client::{ClientBuilder,\n    OpenTok};\nuse transport::raw;\npub use error::{Error as E};",
    );
    assert_eq!(exports["OpenTok"], "client");
    assert_eq!(exports["raw"], "transport");
    assert_eq!(exports["E"], "error");
}
