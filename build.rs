//! Generates the low-level client from `openapi/opentok.yaml` with progenitor.
//!
//! The output lands in `$OUT_DIR/opentok_api.rs` and is `include!`d by `src/raw.rs`. Any edit under
//! `openapi/` reruns this script, so the client always matches the spec.

use std::{env, fs, path::Path};

use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};

const SPEC: &str = "openapi/opentok.yaml";

/// The response schemas that the generated client returns as plain JSON objects (see `main`).
const RESPONSE_MODELS: &[&str] = &["Archive", "ArchiveList", "Stream", "Connection", "SipCall", "SessionCreated"];

fn main() {
    println!("cargo:rerun-if-changed=openapi");
    println!("cargo:rerun-if-changed=build.rs");

    let text = fs::read_to_string(SPEC).expect("openapi/opentok.yaml: cannot read the spec");
    let spec: openapiv3::OpenAPI =
        serde_yaml::from_str(&text).expect("openapi/opentok.yaml: not a valid OpenAPI 3.0 document");

    let mut settings = GenerationSettings::default();
    settings.with_interface(InterfaceStyle::Builder).with_tag(TagStyle::Merged).with_inner_type(quote_inner());
    // Response models are handed over as the JSON object received, untouched: the public models
    // (`Archive`, `Stream`, ...) read it and keep every member, `null`s and number spellings included.
    // The generated structs cannot be the public models: typify turns `nullable` into `Option` with
    // `skip_serializing_if`, so an explicit `null` comes back absent; `number` becomes `f64`, so a
    // duration of `328` comes back as `328.0`; and replacing them with the public models would make this
    // transport floor import the areas above it.
    for model in RESPONSE_MODELS {
        settings.with_replacement(
            model,
            "::serde_json::Map<::std::string::String, ::serde_json::Value>",
            std::iter::empty::<progenitor::TypeImpl>(),
        );
    }
    let tokens = Generator::new(&settings)
        .generate_tokens(&spec)
        .expect("openapi/opentok.yaml: progenitor could not generate a client from the spec");
    let file = syn::parse2(tokens).expect("openapi/opentok.yaml: generated code does not parse");
    // The generated usage examples are sketches, not tests: keep them out of the doctest run.
    let code = prettyplease::unparse(&file).replace("```ignore", "```text");

    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join("opentok_api.rs");
    fs::write(out, code).expect("cannot write the generated client to OUT_DIR");
}

/// The generated `Client` carries the request signer as its inner value; `src/raw.rs` implements the
/// request hook that uses it.
fn quote_inner() -> proc_macro2::TokenStream {
    "crate::auth::Signer".parse().expect("a valid type path")
}
