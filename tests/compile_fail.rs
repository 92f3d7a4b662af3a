//! Option combinations the platform refuses do not compile, in any call order, and the compiler says what
//! to call instead. One case per forbidden combination and order: `tests/ui/archive_*.rs` for
//! `StartArchive`, `tests/ui/broadcast_*.rs` for `StartBroadcast`, `tests/ui/session_*.rs` for
//! `CreateSession`, `tests/ui/option_*.rs` for option values whose required fields are missing; each with
//! the compiler's expected output in the `.stderr` beside it. To regenerate the expected output after a
//! deliberate change: `UI_OVERWRITE=1 cargo test --test compile_fail`, then review the diff.
//!
//! Each case is type-checked by `rustc` against exactly the library this test was built with, as rustdoc
//! does for a `compile_fail` doctest. Which `libopentok_sdk-*.rlib` beside this test's executable that is
//! cannot be told by name or age: a target directory shared with other projects holds one per feature set,
//! profile and dependent workspace (`.ci/shared-target-dir` builds one more and runs this test). It is
//! told by content: the crate's symbols carry a hash of the build's own metadata, and the library is the
//! one whose object code defines the crate's symbols linked into this executable.
//! trybuild, used before, rebuilt the whole dependency graph in a second target directory with its own
//! flags: 160 of the 456 seconds the README's test command took from a clean checkout on two cores. Here
//! the 128 cases take a few seconds, with the same message checks.
//!
//! The output is kept as rustc prints it, with two changes so that an edit elsewhere in the crate does
//! not change every snapshot: a location outside the case file loses its line and column (`src/x.rs`),
//! and the line-number gutter is as wide as the case file's own line numbers need.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
    process::Command,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Mutex,
    },
};

const UI_DIR: &str = "tests/ui";

/// Every case fails to compile with exactly the expected output.
#[test]
fn typestate_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let library = linked_library(&deps);
    let cases = case_files(root);
    let overwrite = std::env::var_os("UI_OVERWRITE").is_some();
    let out_dir = std::env::temp_dir().join(format!("opentok-ui-{}", std::process::id()));
    fs::create_dir_all(&out_dir).unwrap();

    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(failure) = check_case(root, &deps, &library, &out_dir, case, overwrite) {
                        failures.lock().unwrap().push(failure);
                    }
                }
            });
        }
    });
    let _ = fs::remove_dir_all(&out_dir);
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Every case's expected output is the crate's own message (from `#[diagnostic::on_unimplemented]`, not a
/// bare "trait bound is not satisfied"), and it names a call to make instead.
#[test]
fn every_case_says_what_to_call_instead() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases = case_files(root);
    for case in &cases {
        let name = case.display();
        let stderr = fs::read_to_string(root.join(case).with_extension("stderr"))
            .unwrap_or_else(|e| panic!("{name} has no .stderr beside it: {e}"));
        // `option_*`: option values built with typed-builder, whose message names the missing field.
        if case.file_name().is_some_and(|f| f.to_string_lossy().starts_with("option_")) {
            assert!(stderr.contains("Missing required field"), "{name}: no missing-field message:\n{stderr}");
            continue;
        }
        let first = stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with("error[E0277]: "), "{name}: the first error is not a typestate rule: {first}");
        assert!(!first.contains("the trait bound"), "{name}: the marker trait has no message of its own: {first}");
        let advice = stderr.lines().filter(|l| l.contains("^ ") || l.trim_start().starts_with("= note:"));
        assert!(advice.into_iter().any(|l| l.contains("`.")), "{name}: no label or note names a call:\n{stderr}");
    }
    assert!(cases.len() >= 44, "only {} compile-fail cases in tests/ui", cases.len());
}

/// The normalization keeps what matters and drops what moves.
#[test]
fn normalize_strips_other_files_lines_and_narrows_the_gutter() {
    let raw = "\
error[E0277]: no
   --> tests/ui/a.rs:3:47
    |
  3 |     call();
    |     ^^^^ label
    |
    = note: a note
note: required by a bound in `f`
   --> src/archive/start.rs:236:12
    |
234 |     pub fn f()
    |            - here
...
236 |         S: Bound,
    |            ^^^^^ required

error: aborting due to 1 previous error

For more information about this error, try `rustc --explain E0277`.
";
    let expected = "\
error[E0277]: no
 --> tests/ui/a.rs:3:47
  |
3 |     call();
  |     ^^^^ label
  |
  = note: a note
note: required by a bound in `f`
 --> src/archive/start.rs
  |
  |     pub fn f()
  |            - here
...
  |         S: Bound,
  |            ^^^^^ required
";
    assert_eq!(normalize(raw, "tests/ui/a.rs"), expected);
}

/// The `tests/ui/*.rs` cases, relative to the crate root, sorted.
fn case_files(root: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(root.join(UI_DIR))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| Path::new(UI_DIR).join(path.file_name().unwrap()))
        .collect();
    cases.sort();
    cases
}

/// The library to check the cases against: the `libopentok_sdk-*.rlib` in `deps` that defines the
/// crate's symbols linked into this executable (their mangled names carry the build's metadata hash).
fn linked_library(deps: &Path) -> PathBuf {
    // At least one symbol of the crate is linked in: this function's.
    std::hint::black_box(opentok_sdk::is_retryable_status as fn(_) -> bool);
    let exe = std::env::current_exe().unwrap();
    let exe_bytes = fs::read(&exe).unwrap();
    let linked = crate_symbols(&exe_bytes);
    assert!(!linked.is_empty(), "no opentok_sdk symbol in {} (stripped?)", exe.display());
    let mut matching = Vec::new();
    for entry in fs::read_dir(deps).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with("libopentok_sdk-") && name.ends_with(".rlib") {
            let library_bytes = fs::read(&path).unwrap();
            if !crate_symbols(archive_symbol_table(&library_bytes)).is_disjoint(&linked) {
                matching.push(path);
            }
        }
    }
    match <[PathBuf; 1]>::try_from(matching) {
        Ok([library]) => library,
        Err(matching) => panic!(
            "{} libopentok_sdk-*.rlib in {} define the crate's symbols linked into {}, not one: {matching:?}",
            matching.len(),
            deps.display(),
            exe.display()
        ),
    }
}

/// An `ar` archive's symbol table (its first member, `/` or `/SYM64/`): the names of the symbols its
/// object files define, a few percent of the file. The whole file if it has none.
fn archive_symbol_table(rlib: &[u8]) -> &[u8] {
    let table = rlib.strip_prefix(b"!<arch>\n").and_then(|rest| {
        let (header, body) = (rest.get(..60)?, rest.get(60..)?);
        let name = std::str::from_utf8(&header[..16]).ok()?.trim_end();
        let size: usize = std::str::from_utf8(&header[48..58]).ok()?.trim().parse().ok()?;
        (name == "/" || name == "/SYM64/").then(|| body.get(..size)).flatten()
    });
    table.unwrap_or(rlib)
}

/// The mangled names (legacy `_ZN11opentok_sdk…E` or v0 `_R…11opentok_sdk…`) of this crate's symbols in
/// an executable or a library.
fn crate_symbols(bytes: &[u8]) -> BTreeSet<&[u8]> {
    const CRATE: &[u8] = b"11opentok_sdk";
    let symbol_byte = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.');
    let mut symbols = BTreeSet::new();
    let mut from = 0;
    while let Some(at) = bytes[from..].windows(CRATE.len()).position(|w| w == CRATE).map(|at| from + at) {
        let start = bytes[..at].iter().rposition(|b| !symbol_byte(b)).map_or(0, |p| p + 1);
        let end = bytes[at..].iter().position(|b| !symbol_byte(b)).map_or(bytes.len(), |p| at + p);
        let symbol = &bytes[start..end];
        if symbol.starts_with(b"_ZN") || symbol.starts_with(b"_R") {
            symbols.insert(symbol);
        }
        from = end.max(at + 1);
    }
    symbols
}

/// Type-checks one case; `Err` says how it failed.
fn check_case(
    root: &Path,
    deps: &Path,
    library: &Path,
    out_dir: &Path,
    case: &Path,
    overwrite: bool,
) -> Result<(), String> {
    let name = case.display();
    let stem = case.file_stem().unwrap().to_string_lossy();
    let output = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .current_dir(root)
        .args(["--edition", "2021", "--crate-type", "bin", "--emit=metadata", "--color", "never"])
        .args(["--crate-name", &format!("ui_{stem}")])
        .arg("-o")
        .arg(out_dir.join(format!("{stem}.rmeta")))
        .arg("--extern")
        .arg(format!("opentok_sdk={}", library.display()))
        .arg(format!("-Ldependency={}", deps.display()))
        .arg(case)
        .output()
        .map_err(|e| format!("{name}: could not run rustc: {e}"))?;
    let actual = normalize(&String::from_utf8_lossy(&output.stderr), &case.to_string_lossy());
    if output.status.success() {
        return Err(format!("{name}: compiled, but must not:\n{actual}"));
    }
    let expected_path = root.join(case).with_extension("stderr");
    if overwrite {
        return fs::write(&expected_path, &actual).map_err(|e| format!("{name}: {e}"));
    }
    let expected = fs::read_to_string(&expected_path).unwrap_or_default();
    if expected.trim_end() == actual.trim_end() {
        return Ok(());
    }
    Err(format!("{name}: the compiler said\n{actual}\nbut {} expects\n{expected}", expected_path.display()))
}

/// rustc's human-readable output, without the closing summary, line numbers of other files, or a gutter
/// wider than the case file's line numbers need.
fn normalize(raw: &str, case: &str) -> String {
    let lines: Vec<&str> = raw
        .lines()
        .take_while(|l| !l.starts_with("error: aborting due to") && !l.starts_with("For more information"))
        .collect();
    let mut out = String::new();
    // One diagnostic at a time: from an `error`/`warning` line to the next.
    let mut start = 0;
    while start < lines.len() {
        let end = (start + 1..lines.len())
            .find(|&i| lines[i].starts_with("error") || lines[i].starts_with("warning"))
            .unwrap_or(lines.len());
        normalize_diagnostic(&lines[start..end], case, &mut out);
        start = end;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn normalize_diagnostic(lines: &[&str], case: &str, out: &mut String) {
    // rustc's gutter width: the spaces before the first `-->`.
    let width = lines.iter().find_map(|l| l.find("--> ").filter(|&at| l[..at].bytes().all(|b| b == b' ')));
    let Some(width) = width else {
        lines.iter().for_each(|l| push_line(out, l));
        return;
    };
    // The new width: the case file's largest line number's digits.
    let mut in_case = false;
    let mut new_width = 1;
    for line in lines {
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            in_case = true;
        }
        if let Some(path) = arrow_path(line, width) {
            in_case = path.starts_with(case);
        } else if in_case {
            if let Some(number) = gutter_number(line, width) {
                new_width = new_width.max(number.len());
            }
        }
    }
    in_case = false;
    for line in lines {
        // A suggestion (`help:` without a `-->` of its own) shows the case file.
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            in_case = true;
        }
        let (Some(gutter), Some(rest)) = (line.get(..width), line.get(width..)) else {
            push_line(out, line);
            continue;
        };
        if let Some(path) = arrow_path(line, width) {
            in_case = path.starts_with(case);
            let path = if in_case { path } else { path.split(':').next().unwrap_or(path) };
            push_line(out, &format!("{:new_width$}--> {path}", ""));
        } else if gutter.bytes().all(|b| b == b' ') && !rest.is_empty() && rest.starts_with(' ') {
            push_line(out, &format!("{:new_width$}{rest}", ""));
        } else if let Some(number) = gutter_number(line, width) {
            let number = if in_case { number } else { "" };
            push_line(out, &format!("{number:>new_width$}{rest}"));
        } else {
            push_line(out, line);
        }
    }
}

/// The path of a `--> path:line:col` line with a gutter of `width`.
fn arrow_path(line: &str, width: usize) -> Option<&str> {
    let (gutter, rest) = (line.get(..width)?, line.get(width..)?);
    (gutter.bytes().all(|b| b == b' ')).then_some(())?;
    rest.strip_prefix("--> ")
}

/// The line number in a `  12 | code` line with a gutter of `width`.
fn gutter_number(line: &str, width: usize) -> Option<&str> {
    let (gutter, rest) = (line.get(..width)?, line.get(width..)?);
    let number = gutter.trim_start();
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(" |")).then_some(number)
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}
