//! Proves that the crates generated from the test specs build: every test
//! spec's crate goes into one Cargo workspace that is checked once with
//! `cargo check --workspace` (the library, and the program with the `cli`
//! feature); an error or a warning in a generated crate fails its test.
//! Test targets are not checked: the only test code in a generated crate
//! is the runtime's, the same in every crate, and `generated/` runs it.
//!
//! The workspace also holds a few crates generated from small regression
//! specs, each for a fixed bug whose symptom was a compile error; each has
//! its own test below, so that a regression shows up as one failing test.
//!
//! The workspace lives at `<target>/snapshot-check-workspace` and is
//! compiled into `<target>`, the folder this test was built in, with the
//! same flags, so that build scripts and proc-macros already built there
//! are reused (warnings are read from cargo's JSON messages rather than
//! turned into errors by `RUSTFLAGS`, which would change every
//! fingerprint). The workspace stays between runs and the members are
//! rewritten only where they changed, so a run with nothing changed finds
//! everything checked already; cargo replays the warnings it recorded.

#[path = "support/nested_cargo.rs"]
mod nested_cargo;
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use huaweicloud_codegen::{generate_from_str, output, Options, OutputFile};
use support::{repo_root, spec_file_names, spec_stem};

/// Small regression specs for fixed bugs whose symptom was a compile error
/// (or warning) in the generated crate: (member folder, spec).
const REGRESSION_SPECS: &[(&str, &str)] = &[
    (
        // A component schema named like a prelude type shadows it in
        // `types.rs`, where the generated code says `Result<(), ValidationError>`
        // and `Option<...>`.
        "regression-prelude-names",
        r##"
openapi: 3.0.3
info: {title: Prelude names, version: 1.0.0, x-rust-crate-name: regression-prelude-names}
security: [{token: []}]
paths:
  /v1/results:
    get:
      operationId: GetResult
      responses:
        "200":
          description: A result.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Result"}
        "404":
          description: Missing.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Option"}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
  schemas:
    Result:
      type: object
      properties:
        passed: {type: boolean}
    Option:
      type: object
      properties:
        name: {type: string, maxLength: 10}
"##,
    ),
    (
        // Operation ids that snake-case to methods the runtime already
        // defines on `Client` (`execute`, `send`, `prepare`).
        "regression-client-method-names",
        r##"
openapi: 3.0.3
info: {title: Client method names, version: 1.0.0, x-rust-crate-name: regression-client-method-names}
security: [{token: []}]
paths:
  /v1/jobs:
    get:
      operationId: Prepare
      parameters:
        - {name: q, in: query, schema: {type: string, maxLength: 4}}
      responses:
        "204": {description: Prepared.}
        "404":
          description: Missing.
          content:
            application/json:
              schema: {type: object, properties: {code: {type: string}}}
        "409": {description: Conflict.}
    post:
      operationId: Execute
      responses:
        "204": {description: Executed.}
    put:
      operationId: Send
      responses:
        "204": {description: Sent.}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
"##,
    ),
    (
        // Operation id `Api` gives the error enum `ApiError`, the name of the
        // trait `operation_errors.rs` imports from `crate::error`.
        "regression-api-error-name",
        r##"
openapi: 3.0.3
info: {title: Api error name, version: 1.0.0, x-rust-crate-name: regression-api-error-name}
security: [{token: []}]
paths:
  /v1/api:
    get:
      operationId: Api
      parameters:
        - {name: q, in: query, schema: {type: string, maxLength: 4}}
      responses:
        "204": {description: Done.}
        "404":
          description: Missing.
          content:
            application/json:
              schema: {type: object, properties: {code: {type: string}}}
        "409": {description: Conflict.}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
"##,
    ),
    (
        // Checks wherever the schema puts constraints (through aliases, on
        // array items and map values, on a whole body), bodies that are not
        // structs (optional too), optional authentication, parameters that
        // are aliases, and an operation whose CLI arguments are `GlobalArgs`.
        "regression-check-shapes",
        r##"
openapi: 3.0.3
info: {title: Check shapes, version: 1.0.0, x-rust-crate-name: regression-check-shapes}
paths:
  /v1/parts/{part_id}:
    put:
      operationId: ReplaceParts
      security: [{}, {token: []}]
      parameters:
        - {name: part_id, in: path, required: true, schema: {$ref: "#/components/schemas/Identifier"}}
        - {name: kind, in: query, schema: {$ref: "#/components/schemas/KindAlias"}}
        - {name: tags, in: query, schema: {$ref: "#/components/schemas/Tags"}}
        - {name: X-Trace, in: header, schema: {$ref: "#/components/schemas/Identifier"}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/PartList"}
      responses:
        "204": {description: Replaced.}
  /v1/labels:
    post:
      operationId: Global
      requestBody:
        content:
          application/json:
            schema:
              type: array
              maxItems: 7
              items: {type: string, maxLength: 3}
      responses:
        "200":
          description: The labels.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Labels"}
    patch:
      operationId: PatchLabels
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Labels"}
      responses:
        "204": {description: Patched.}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
  schemas:
    Identifier: {type: string, minLength: 1, maxLength: 36}
    Kind: {type: string, enum: [a, b]}
    KindAlias: {$ref: "#/components/schemas/Kind"}
    Tags: {type: array, maxItems: 3, items: {type: string, minLength: 1}}
    Labels: {type: object, additionalProperties: {type: string, maxLength: 5}}
    Part:
      type: object
      required: [sku]
      additionalProperties: false
      properties:
        sku: {type: string, maxLength: 13}
        id: {$ref: "#/components/schemas/Identifier"}
        labels: {$ref: "#/components/schemas/Labels"}
        state: {type: string, nullable: true, enum: [on, off, null]}
        grid:
          type: array
          items: {type: array, maxItems: 2, items: {$ref: "#/components/schemas/Identifier"}}
        parent: {$ref: "#/components/schemas/Part"}
    PartList:
      type: array
      maxItems: 7
      items: {$ref: "#/components/schemas/Part"}
"##,
    ),
];

/// A spec with schemas but no operations: nothing to generate.
const NO_OPERATIONS_SPEC: &str = r##"
openapi: 3.0.3
info: {title: No operations, version: 1.0.0, x-rust-crate-name: regression-no-operations}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string, maxLength: 10}
"##;

/// One diagnostic of the generated crates.
#[derive(Debug)]
struct Diagnostic {
    /// A lint name (`dead_code`, ...) for a warning, an `E` code or
    /// nothing for a hard error.
    code: Option<String>,
    rendered: String,
}

impl Diagnostic {
    /// Whether this is a compile error rather than a lint's warning.
    fn is_hard_error(&self) -> bool {
        match &self.code {
            None => true,
            Some(code) => {
                code.len() == 5
                    && code.starts_with('E')
                    && code[1..].bytes().all(|b| b.is_ascii_digit())
            }
        }
    }
}

#[derive(Debug, Default)]
struct MemberResult {
    /// Errors and warnings, deduplicated (the two feature sets report the same ones).
    errors: Vec<Diagnostic>,
    /// Targets that compiled (`lib`, and the program with `cli`).
    artifacts: usize,
}

#[derive(Debug)]
struct CheckRun {
    command: String,
    success: bool,
    stderr: String,
    members: BTreeMap<String, MemberResult>,
}

impl CheckRun {
    fn member(&self, name: &str) -> &MemberResult {
        static EMPTY: OnceLock<MemberResult> = OnceLock::new();
        self.members
            .get(name)
            .unwrap_or_else(|| EMPTY.get_or_init(MemberResult::default))
    }

    /// Fails unless `name` was compiled at all (its diagnostics or artifacts
    /// were seen), printing cargo's stderr otherwise.
    fn assert_reached(&self, name: &str) {
        let member = self.member(name);
        assert!(
            member.artifacts > 0 || !member.errors.is_empty(),
            "cargo never compiled {name}.\n{}\n--- cargo stderr ---\n{}",
            self.command,
            self.stderr
        );
    }

    fn render(&self, name: &str, hard_only: bool) -> String {
        self.member(name)
            .errors
            .iter()
            .filter(|d| !hard_only || d.is_hard_error())
            .map(|d| d.rendered.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A hand-written member with one warning, which the check must see: a
/// warning in a generated crate is not turned into an error, so this is
/// what shows that warnings are read at all.
const CONTROL: &str = "control-one-warning";

fn control_crate() -> Vec<OutputFile> {
    let file = |path: &str, contents: &str| OutputFile {
        path: path.to_owned(),
        contents: contents.to_owned(),
    };
    vec![
        file(
            "Cargo.toml",
            "[package]\nname = \"control-one-warning\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n",
        ),
        file("src/lib.rs", "//! A crate with one warning.\n\nfn never_called() {}\n"),
    ]
}

#[test]
fn the_check_sees_a_warning() {
    let run = check_run();
    run.assert_reached(CONTROL);
    let found = &run.member(CONTROL).errors;
    assert!(
        found.len() == 1 && found[0].code.as_deref() == Some("dead_code"),
        "the control crate's one dead_code warning, in {found:?}\n{}",
        run.command
    );
}

/// Where the checked workspace is kept between runs.
fn workspace_dir() -> PathBuf {
    nested_cargo::target_dir().join("snapshot-check-workspace")
}

/// Generates every crate into the kept workspace (writing only files that
/// changed, and removing members no spec makes any more), runs
/// `cargo check` once, and collects its diagnostics per member.
fn check_run() -> &'static CheckRun {
    static RUN: OnceLock<CheckRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let workspace = workspace_dir();
        let root = workspace.as_path();
        std::fs::create_dir_all(root).unwrap_or_else(|e| panic!("create {}: {e}", root.display()));
        let mut members = Vec::new();
        for file_name in spec_file_names() {
            let member = spec_stem(&file_name).to_owned();
            write_crate(&support::generate_spec(&file_name), &root.join(&member));
            members.push(member);
        }
        for (member, spec) in REGRESSION_SPECS {
            let options = Options::new(format!("{member}.yaml"), *member);
            let files = generate_from_str(spec, &options)
                .unwrap_or_else(|e| panic!("{member}: the spec should generate: {e}"));
            write_crate(&files, &root.join(member));
            members.push((*member).to_owned());
        }
        write_crate(&control_crate(), &root.join(CONTROL));
        members.push(CONTROL.to_owned());
        remove_other_members(root, &members);
        let list = members
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        // Written only when they change: the folder is kept between runs.
        let lock =
            std::fs::read_to_string(repo_root().join("Cargo.lock")).expect("read Cargo.lock");
        let manifest = format!("[workspace]\nmembers = [{list}]\nresolver = \"2\"\n");
        for (name, contents) in [("Cargo.toml", manifest.as_str()), ("Cargo.lock", &lock)] {
            nested_cargo::write_if_changed(&root.join(name), contents.as_bytes());
        }

        let started = std::time::Instant::now();
        let mut run = run_cargo_check(root, true);
        if !run.success && run.stderr.to_lowercase().contains("offline") {
            // Resolution needs something the local registry cache lacks.
            run = run_cargo_check(root, false);
        }
        eprintln!(
            "cargo check of {} generated crates took {:.1?}",
            members.len(),
            started.elapsed()
        );
        run
    })
}

/// Removes the folders of members from earlier runs that are not in `members`.
fn remove_other_members(root: &Path, members: &[String]) {
    let entries =
        std::fs::read_dir(root).unwrap_or_else(|e| panic!("list {}: {e}", root.display()));
    for entry in entries {
        let entry = entry.expect("directory entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && !members.contains(&name) {
            std::fs::remove_dir_all(entry.path())
                .unwrap_or_else(|e| panic!("remove {}: {e}", entry.path().display()));
        }
    }
}

fn write_crate(files: &[OutputFile], dir: &Path) {
    output::write(files, dir).unwrap_or_else(|e| panic!("write {}: {e}", dir.display()));
}

fn run_cargo_check(root: &Path, offline: bool) -> CheckRun {
    // Twice: the library alone (default features), then with the `cli`
    // feature, which adds the program and the serde derives it needs.
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut success = true;
    let mut commands = Vec::new();
    for features in [None, Some("--all-features")] {
        let mut args = vec!["check"];
        if offline {
            args.push("--offline");
        }
        args.extend(["--workspace", "--keep-going", "--message-format=json"]);
        args.extend(features);
        let target = nested_cargo::target_dir();
        commands.push(format!(
            "CARGO_TARGET_DIR={} cargo {} (in {})",
            target.display(),
            args.join(" "),
            root.display()
        ));
        let output = nested_cargo::cargo(&target, "the crates generated from the test specs")
            .args(&args)
            .current_dir(root)
            .output()
            .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
        success &= output.status.success();
        stdout.push_str(&String::from_utf8_lossy(&output.stdout));
        stderr.push_str(&String::from_utf8_lossy(&output.stderr));
    }
    let command = commands.join("; ");
    let mut members: BTreeMap<String, MemberResult> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(member) = message["manifest_path"]
            .as_str()
            .map(Path::new)
            .and_then(|p| p.parent())
            .filter(|dir| dir.starts_with(root))
            .and_then(|dir| dir.file_name())
            .map(|n| n.to_string_lossy().into_owned())
        else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => members.entry(member).or_default().artifacts += 1,
            Some("compiler-message") => {
                let diagnostic = &message["message"];
                // Errors, and warnings about the code; not the closing
                // "N warnings emitted", which has neither a code nor a place.
                let located = diagnostic["code"].is_object()
                    || diagnostic["spans"]
                        .as_array()
                        .is_some_and(|s| !s.is_empty());
                match diagnostic["level"].as_str() {
                    Some("error") => {}
                    Some("warning") if located => {}
                    _ => continue,
                }
                let rendered = diagnostic["rendered"]
                    .as_str()
                    .or(diagnostic["message"].as_str())
                    .unwrap_or_default()
                    .to_owned();
                if seen.insert((member.clone(), rendered.clone())) {
                    members.entry(member).or_default().errors.push(Diagnostic {
                        code: diagnostic["code"]["code"].as_str().map(str::to_owned),
                        rendered,
                    });
                }
            }
            _ => {}
        }
    }
    CheckRun {
        command,
        success,
        stderr,
        members,
    }
}

/// Every test spec's crate passes `cargo check` without an
/// error or a warning.
#[test]
fn every_test_spec_crate_builds_without_warnings() {
    let run = check_run();
    let mut failures = Vec::new();
    for file_name in spec_file_names() {
        let member = spec_stem(&file_name);
        run.assert_reached(member);
        let result = run.member(member);
        if !result.errors.is_empty() || result.artifacts == 0 {
            failures.push(format!(
                "=== {member} (from tests/specs/{file_name}) ===\n{}",
                run.render(member, false)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the test specs' crates do not build cleanly.\n{}\n\n{}\n\n--- cargo stderr ---\n{}",
        failures.len(),
        run.command,
        failures.join("\n\n"),
        run.stderr
    );
}

/// Whether a crate type-checks, warnings aside: separates generated code
/// that is wrong from generated code that merely warns.
fn assert_no_compile_errors(member: &str) {
    let run = check_run();
    run.assert_reached(member);
    let hard = run.render(member, true);
    assert!(
        hard.is_empty(),
        "the crate generated for {member} has compile errors:\n{}\n\n{hard}\n\n--- cargo stderr ---\n{}",
        run.command,
        run.stderr
    );
}

macro_rules! type_check_tests {
    ($($test:ident => $member:literal,)*) => {
        $(
            #[test]
            fn $test() {
                assert_no_compile_errors($member);
            }
        )*

        #[test]
        fn every_spec_has_a_type_check_test() {
            let listed: BTreeSet<&str> = [$($member),*].into_iter().collect();
            let names = spec_file_names();
            let on_disk: BTreeSet<&str> = names.iter().map(|f| spec_stem(f)).collect();
            assert_eq!(listed, on_disk, "update the list in type_check_tests! to match tests/specs/");
        }
    };
}

type_check_tests! {
    allof_crate_type_checks => "allof",
    auth_crate_type_checks => "auth",
    cli_program_crate_type_checks => "cli_program",
    constraints_crate_type_checks => "constraints",
    cookies_crate_type_checks => "cookies",
    defaults_crate_type_checks => "defaults",
    discriminator_crate_type_checks => "discriminator",
    forms_crate_type_checks => "forms",
    hostile_names_crate_type_checks => "hostile_names",
    hostile_text_crate_type_checks => "hostile_text",
    minimal_crate_type_checks => "minimal",
    untyped_crate_type_checks => "untyped",
    allof_members_crate_type_checks => "allof_members",
    approximations_crate_type_checks => "approximations",
    allof_own_keywords_crate_type_checks => "allof_own_keywords",
    enums_open_crate_type_checks => "enums_open",
    models_crate_type_checks => "models",
    naming_crate_type_checks => "naming",
    no_success_crate_type_checks => "no_success",
    openapi31_crate_type_checks => "openapi31",
    outcomes_crate_type_checks => "outcomes",
    params_crate_type_checks => "params",
    params_styles_crate_type_checks => "params_styles",
    recursive_crate_type_checks => "recursive",
    refs_deep_crate_type_checks => "refs_deep",
    responses_crate_type_checks => "responses",
    security_combined_crate_type_checks => "security_combined",
    security_schemes_crate_type_checks => "security_schemes",
    swagger2_crate_type_checks => "swagger2",
    type_lists_crate_type_checks => "type_lists",
    unions_crate_type_checks => "unions",
}

/// Regression: a component schema called `Result` or `Option` shadows the prelude
/// type inside the generated `types.rs`.
#[test]
fn schemas_named_result_and_option_compile() {
    assert_no_compile_errors("regression-prelude-names");
}

/// Regression: operation ids `Execute`, `Send` and `Prepare` become methods that
/// collide with the runtime's own `Client::execute`/`send`/`prepare`.
#[test]
fn operation_ids_named_like_client_internals_compile() {
    assert_no_compile_errors("regression-client-method-names");
}

/// Regression: operation id `Api` makes an error enum `ApiError`, which clashes
/// with the `ApiError` trait imported in `operation_errors.rs`.
#[test]
fn operation_id_api_compiles() {
    assert_no_compile_errors("regression-api-error-name");
}

/// A spec without operations used to give a crate full of unused imports
/// and dead code; there is nothing to generate, so it is refused.
#[test]
fn spec_without_operations_is_refused() {
    let options = Options::new("regression-no-operations.yaml", "regression-no-operations");
    match generate_from_str(NO_OPERATIONS_SPEC, &options) {
        Ok(files) => panic!(
            "a spec without operations was accepted ({} files)",
            files.len()
        ),
        Err(huaweicloud_codegen::Error::Invalid {
            pointer, message, ..
        }) => {
            assert_eq!(pointer, "#/paths");
            assert!(message.contains("no operations"), "{message}");
        }
        Err(other) => panic!("expected an Invalid error at #/paths, got {other:?}"),
    }
}

/// Checks through aliases, on items, map values and whole bodies, bodies
/// that are not structs, optional authentication and alias parameters all
/// compile, without a single warning.
#[test]
fn checks_of_every_shape_build_without_warnings() {
    let run = check_run();
    run.assert_reached("regression-check-shapes");
    let all = run.render("regression-check-shapes", false);
    assert!(
        all.is_empty(),
        "the crate for regression-check-shapes does not build cleanly:\n{all}\n\n--- cargo stderr ---\n{}",
        run.stderr
    );
}

/// Runs `cargo metadata` on a crate generated from `spec` alone, which
/// parses its manifest exactly as a build would.
fn manifest_error(spec: &str) -> Option<String> {
    let dir = tempfile::Builder::new()
        .prefix("huaweicloud-codegen-manifest-")
        .tempdir()
        .expect("create a temporary folder");
    let crate_dir = dir.path().join("client");
    let files =
        generate_from_str(spec, &Options::new("spec.yaml", "client")).expect("the spec generates");
    write_crate(&files, &crate_dir);
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(crate_dir.join("Cargo.toml"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    if output.status.success() {
        None
    } else {
        Some(format!(
            "{}\n--- Cargo.toml ---\n{}",
            String::from_utf8_lossy(&output.stderr),
            support::file(&files, "Cargo.toml")
        ))
    }
}

fn one_operation_spec(info: &str) -> String {
    format!(
        r##"
openapi: 3.0.3
info: {info}
paths:
  /v1/ping:
    get:
      operationId: Ping
      responses:
        "204": {{description: Alive.}}
"##
    )
}

/// Control for the two manifest tests below: an ordinary spec gives a
/// manifest that Cargo accepts.
#[test]
fn ordinary_info_gives_a_valid_manifest() {
    let spec = one_operation_spec(r#"{title: "Plain API", version: "2026.11.0"}"#);
    if let Some(error) = manifest_error(&spec) {
        panic!("Cargo rejects the generated manifest:\n{error}");
    }
}

/// Regression: `info.version` `2026.01.0` is copied into `Cargo.toml`, but Cargo
/// rejects leading zeros in semver numbers.
#[test]
fn info_version_with_leading_zero_gives_a_valid_manifest() {
    let spec = one_operation_spec(r#"{title: "Leading zero", version: "2026.01.0"}"#);
    if let Some(error) = manifest_error(&spec) {
        panic!("Cargo rejects the generated manifest:\n{error}");
    }
}

/// Regression: the title goes into `description = ...` through Rust's `{:?}`,
/// which writes a combining mark as `\u{301}`: not a TOML escape.
#[test]
fn title_with_combining_mark_gives_a_valid_manifest() {
    let spec = one_operation_spec(r#"{title: "Cafe\u0301 API", version: "1.0.0"}"#);
    if let Some(error) = manifest_error(&spec) {
        panic!("Cargo rejects the generated manifest:\n{error}");
    }
}
