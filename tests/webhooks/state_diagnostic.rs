//! The `SignedEvent` extractor with an application's own state (issue 22, item 1): without
//! `FromRef<AppState> for Verifier` a handler does not compile, and the compiler's message (with
//! `#[axum::debug_handler]`) names the verifier and the `FromRef` bound; with the impl, the same code
//! compiles. Type-checked by `rustc` against the libraries this test was built with, as
//! tests/compile_fail.rs does for the typestate rules.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

const CASE: &str = "tests/webhooks/ui/state_without_verifier.rs";

/// The fix the documentation gives.
const FROM_REF: &str = "
impl axum::extract::FromRef<AppState> for Verifier {
    fn from_ref(state: &AppState) -> Self {
        state.verifier.clone()
    }
}
";

/// `lib<name>-*.rlib` in `deps`, newest first.
fn libraries(deps: &Path, name: &str) -> Vec<PathBuf> {
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(deps)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let file = path.file_name().unwrap().to_string_lossy();
            file.starts_with(&format!("lib{name}-")) && file.ends_with(".rlib")
        })
        .map(|path| (std::fs::metadata(&path).and_then(|m| m.modified()).unwrap(), path))
        .collect();
    found.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    found.into_iter().map(|(_, path)| path).collect()
}

fn check(source: &Path, sdk: &Path, axum: &Path, deps: &Path) -> Output {
    let out = std::env::temp_dir().join(format!("opentok-state-{}.rmeta", std::process::id()));
    Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--edition", "2021", "--crate-type", "bin", "--emit=metadata", "--color", "never"])
        .arg("-o")
        .arg(&out)
        .arg("--extern")
        .arg(format!("opentok_sdk={}", sdk.display()))
        .arg("--extern")
        .arg(format!("axum={}", axum.display()))
        .arg(format!("-Ldependency={}", deps.display()))
        .arg(source)
        .output()
        .expect("rustc runs")
}

#[test]
fn an_app_state_without_from_ref_is_a_compile_error_naming_the_verifier_and_compiles_with_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let case = std::fs::read_to_string(root.join(CASE)).unwrap();
    let fixed = std::env::temp_dir().join(format!("opentok-state-fixed-{}.rs", std::process::id()));
    std::fs::write(&fixed, format!("{case}{FROM_REF}")).unwrap();

    // The libraries this test was linked with: the newest pair with which the documented fix compiles
    // (cargo keeps one per feature set; the SDK's must have the `axum` feature, axum's `macros`).
    let pair = libraries(&deps, "opentok_sdk").into_iter().find_map(|sdk| {
        libraries(&deps, "axum")
            .into_iter()
            .find(|axum| check(&fixed, &sdk, axum, &deps).status.success())
            .map(|a| (sdk, a))
    });
    let _ = std::fs::remove_file(&fixed);
    let (sdk, axum) = pair.expect("the app state with `impl FromRef<AppState> for Verifier` compiles");

    let output = check(Path::new(CASE), &sdk, &axum, &deps);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "compiled without the FromRef impl");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.contains("`SignedEvent: FromRequest<AppState, _>` is not satisfied"), "{stderr}");
    assert!(stderr.contains("FromRequest<Verifier, "), "names the verifier:\n{stderr}");
    assert!(stderr.contains("Verifier: FromRef<S>"), "shows the bound to satisfy:\n{stderr}");
}
