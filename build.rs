//! Generates the low-level client from `openapi/opentok.yaml` with progenitor.
//!
//! The output lands in `$OUT_DIR/opentok_api.rs` and is `include!`d by `src/transport/raw.rs`. Any edit under
//! `openapi/` reruns this script, so the client always matches the spec.

use std::{env, fs, path::Path};

use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};

const SPEC: &str = "openapi/opentok.yaml";

/// The response schemas that the generated client returns as plain JSON objects (see `main`).
const RESPONSE_MODELS: &[&str] = &[
    "Archive",
    "ArchiveList",
    "Stream",
    "Connection",
    "SipCall",
    "SessionCreated",
    "Broadcast",
    "BroadcastList",
    "CaptionsStarted",
    "Render",
    "RenderList",
    "AudioConnectorStarted",
];

fn main() {
    println!("cargo:rerun-if-changed=openapi");
    println!("cargo:rerun-if-changed=build.rs");

    let text = fs::read_to_string(SPEC).expect("openapi/opentok.yaml: cannot read the spec");
    let spec: openapiv3::OpenAPI =
        serde_yaml::from_str(&text).expect("openapi/opentok.yaml: not a valid OpenAPI 3.0 document");

    let mut settings = GenerationSettings::default();
    settings.with_interface(InterfaceStyle::Builder).with_tag(TagStyle::Merged).with_inner_type(quote_inner());
    // Response models are handed over as the JSON object's members as received (`wire::Members`), untouched: the public models
    // (`Archive`, `Stream`, ...) read it and keep every member, `null`s and number spellings included.
    // The generated structs cannot be the public models: typify turns `nullable` into `Option` with
    // `skip_serializing_if`, so an explicit `null` comes back absent; `number` becomes `f64`, so a
    // duration of `328` comes back as `328.0`; and replacing them with the public models would make this
    // transport floor import the areas above it.
    for model in RESPONSE_MODELS {
        settings.with_replacement(model, "crate::wire::Members", std::iter::empty::<progenitor::TypeImpl>());
    }
    let tokens = Generator::new(&settings)
        .generate_tokens(&spec)
        .expect("openapi/opentok.yaml: progenitor could not generate a client from the spec");
    let file = syn::parse2(tokens).expect("openapi/opentok.yaml: generated code does not parse");
    // The generated usage examples are sketches, not tests: keep them out of the doctest run.
    let code = prettyplease::unparse(&file).replace("```ignore", "```text");

    let out_dir = env::var("OUT_DIR").expect("OUT_DIR is set by cargo");
    fs::write(Path::new(&out_dir).join("opentok_api.rs"), code).expect("cannot write the generated client to OUT_DIR");
    fs::write(Path::new(&out_dir).join("operation_paths.rs"), operation_paths(&spec))
        .expect("cannot write the operation paths to OUT_DIR");
}

/// `path_template(operation_id)`: each operation's path as the spec writes it (`/v2/project/{apiKey}/archive`),
/// for tracing spans, which must name the operation without its ids.
fn operation_paths(spec: &openapiv3::OpenAPI) -> String {
    let mut arms = String::new();
    for (path, item) in spec.paths.iter() {
        let openapiv3::ReferenceOr::Item(item) = item else { continue };
        for (_, operation) in item.iter() {
            if let Some(id) = &operation.operation_id {
                // The generated client names operations in snake case (`getArchive` -> `get_archive`).
                let snake: String = id
                    .chars()
                    .flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c.to_ascii_lowercase()] } else { vec![c] })
                    .collect();
                arms.push_str(&format!("        {snake:?} => {path:?},\n"));
            }
        }
    }
    format!(
        "/// The spec's path template of an operation, or `\"\"` for an unknown id.\n\
         pub(crate) fn path_template(operation_id: &str) -> &'static str {{\n    match operation_id {{\n{arms}        _ => \"\",\n    }}\n}}\n"
    )
}

/// The generated `Client` carries the transport as its inner value; `src/transport/raw.rs` implements the
/// request hook that hands it every request.
fn quote_inner() -> proc_macro2::TokenStream {
    "crate::transport::Transport".parse().expect("a valid type path")
}
