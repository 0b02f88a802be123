//! The maintainer's loop: a copy of the repository's spec is edited as the
//! API reference might change, the copy of the committed crate is
//! regenerated, and the generator's report must classify each change, bump
//! the version as semver requires and record the release in `CHANGELOG.md`.
//! Regenerating again changes nothing.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value as Json;
use serde_yaml::Value;
use support::{copy_dir, repo_root};

/// Runs the generator on `spec` and `out`, with `extra` arguments.
fn generate(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huaweicloud-codegen"))
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run huaweicloud-codegen")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn succeeded(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// The repository's spec, as a YAML value to edit.
fn spec() -> Value {
    let text = std::fs::read_to_string(repo_root().join("spec/iam-mfa.yaml")).expect("read spec");
    serde_yaml::from_str(&text).expect("the spec is YAML")
}

fn write_spec(path: &Path, spec: &Value) {
    std::fs::write(path, serde_yaml::to_string(spec).expect("YAML")).expect("write spec");
}

/// The node at `keys` under `value`, which must exist.
fn at<'a>(value: &'a mut Value, keys: &[&str]) -> &'a mut Value {
    keys.iter().fold(value, |node, key| {
        node.get_mut(*key)
            .unwrap_or_else(|| panic!("the spec has no {key:?} in {keys:?}"))
    })
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML")
}

/// `api.json` of the crate in `out`, without its header (which names the
/// spec's path, different for the copy).
fn api_json(out: &Path) -> Json {
    let text = std::fs::read_to_string(out.join("api.json")).expect("api.json");
    let mut json: Json = serde_json::from_str(&text).expect("api.json is JSON");
    json.as_object_mut().expect("an object").remove("generated");
    json
}

/// The package version as Cargo reads the manifest.
fn manifest_version(out: &Path) -> String {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
        ])
        .arg("--manifest-path")
        .arg(out.join("Cargo.toml"))
        .output()
        .expect("run cargo metadata");
    let metadata: Json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("cargo metadata: {e}\n{}", text(&output.stderr)));
    metadata["packages"][0]["version"]
        .as_str()
        .expect("a version")
        .to_owned()
}

/// A copy of the committed crate and of the spec, in a temporary folder.
fn workspace() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("crate");
    copy_dir(&repo_root().join("generated"), &out);
    let spec_path = dir.path().join("iam-mfa.yaml");
    (dir, out, spec_path)
}

#[test]
fn the_committed_crate_records_the_spec_s_api() {
    let (_dir, out, spec_path) = workspace();
    write_spec(&spec_path, &spec());
    let before = api_json(&out);
    let output = generate(&spec_path, &out, &[]);
    assert_eq!(succeeded(&output), "", "nothing to report on stdout");
    let version = before["version"].as_str().expect("a version");
    assert!(
        text(&output.stderr).starts_with(&format!("no API changes since {version}\n")),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        api_json(&out),
        before,
        "no API change leaves api.json as it was"
    );
}

#[test]
fn a_changed_spec_is_reported_classified_versioned_and_recorded() {
    let (_dir, out, spec_path) = workspace();
    let before = api_json(&out);
    let old_version = semver::Version::parse(before["version"].as_str().unwrap()).unwrap();
    assert!(
        old_version.major > 0,
        "the rules below are those from 1.0 on"
    );
    let old_changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap();

    let mut spec = spec();
    // A new required field of a request body.
    let unbind = at(
        &mut spec,
        &["components", "schemas", "UnbindMfaDeviceRequest"],
    );
    at(unbind, &["properties"])
        .as_mapping_mut()
        .unwrap()
        .insert(
            "device_label".into(),
            yaml("{type: string, description: Label shown to the user.}"),
        );
    at(unbind, &["required"])
        .as_sequence_mut()
        .unwrap()
        .push("device_label".into());
    // A new documented error status.
    let delete = at(
        &mut spec,
        &["paths", "/v3.0/OS-MFA/virtual-mfa-devices", "delete"],
    );
    at(delete, &["responses"]).as_mapping_mut().unwrap().insert(
        "409".into(),
        yaml("{description: The device is still bound to a user.}"),
    );
    // A new optional query parameter.
    at(delete, &["parameters"])
        .as_sequence_mut()
        .unwrap()
        .push(yaml(
            "{name: force, in: query, required: false, schema: {type: boolean}, \
         description: Delete even when bound.}",
        ));
    // A raised maxLength.
    let serial = at(
        &mut spec,
        &[
            "components",
            "schemas",
            "DisableMfaDeviceV5Request",
            "properties",
            "serial_number",
        ],
    );
    let old_max = at(serial, &["maxLength"]).as_u64().expect("a maxLength");
    *at(serial, &["maxLength"]) = (old_max + 50).into();
    write_spec(&spec_path, &spec);

    let report = succeeded(&generate(&spec_path, &out, &[]));
    let new_version = format!("{}.0.0", old_version.major + 1);
    let expected = [
        format!("API changes since {old_version}:"),
        "  breaking: DeleteMfaDeviceError gains variant Conflict (409)".to_owned(),
        "  breaking: UnbindMfaDeviceRequest gains required field device_label".to_owned(),
        "  additive: DeleteMfaDeviceParams gains optional field force".to_owned(),
        format!(
            "  additive: maxLength of DisableMfaDeviceV5Request.serial_number raised from {old_max} to {}",
            old_max + 50
        ),
        format!(
            "version: {old_version} -> {new_version} (a breaking change bumps the major version)"
        ),
    ];
    assert_eq!(report.lines().collect::<Vec<_>>(), expected, "{report}");

    let after = api_json(&out);
    assert_eq!(after["version"], new_version.as_str());
    assert_eq!(manifest_version(&out), new_version);
    let release = &after["releases"][0];
    assert_eq!(release["version"], new_version.as_str());
    assert_eq!(release["breaking"].as_array().unwrap().len(), 2);
    assert_eq!(release["additive"].as_array().unwrap().len(), 2);
    assert_eq!(
        after["releases"].as_array().unwrap()[1..],
        before["releases"].as_array().unwrap()[..],
        "earlier releases are kept"
    );

    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap();
    let entry = format!(
        "\n## {new_version}\n\n### Breaking\n\n\
         - DeleteMfaDeviceError gains variant Conflict (409)\n\
         - UnbindMfaDeviceRequest gains required field device_label\n\n\
         ### Added\n\n\
         - DeleteMfaDeviceParams gains optional field force\n\
         - maxLength of DisableMfaDeviceV5Request.serial_number raised from {old_max} to {}\n",
        old_max + 50
    );
    assert!(changelog.contains(&entry), "{changelog}");
    let old_entries = &old_changelog[old_changelog.find("\n## ").unwrap()..];
    assert!(
        changelog.ends_with(old_entries),
        "earlier releases are kept:\n{changelog}"
    );

    // A fixpoint: the same spec again changes nothing.
    let again = generate(&spec_path, &out, &[]);
    assert_eq!(succeeded(&again), "");
    assert!(
        text(&again.stderr).starts_with(&format!("no API changes since {new_version}\n")),
        "{}",
        text(&again.stderr)
    );
    succeeded(&generate(&spec_path, &out, &["--check"]));
    assert_eq!(api_json(&out), after);

    // A description alone is documentation: a patch release.
    let description = at(
        &mut spec,
        &["paths", "/v3.0/OS-MFA/virtual-mfa-devices", "delete"],
    );
    *at(description, &["summary"]) = "Delete a virtual MFA device for good.".into();
    write_spec(&spec_path, &spec);
    let check = generate(&spec_path, &out, &["--check"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "--check finds the crate stale"
    );
    let check_report = text(&check.stdout);
    let doc_line = "  documentation only: the summary of `Client::delete_mfa_device` changes";
    assert!(check_report.contains(doc_line), "{check_report}");
    assert!(
        check_report.contains("+++ b/CHANGELOG.md"),
        "--check prints the diff too"
    );
    let report = succeeded(&generate(&spec_path, &out, &[]));
    let patch = format!("{}.0.1", old_version.major + 1);
    assert!(report.contains(doc_line), "{report}");
    assert!(
        report.contains(&format!("version: {new_version} -> {patch}")),
        "{report}"
    );
    assert_eq!(manifest_version(&out), patch);
}

#[test]
fn a_0x_crate_bumps_minor_for_a_break_and_the_spec_can_pin_the_version() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("crate");
    let spec_path = dir.path().join("small.yaml");
    let small = |statuses: &str, pin: &str| {
        yaml(&format!(
            "openapi: 3.0.3\n\
             info: {{title: Small, version: '0.4.2'{pin}}}\n\
             paths:\n  /v1/items:\n    get:\n      operationId: ListItems\n      \
             responses: {{'200': {{description: Listed.}}{statuses}}}\n"
        ))
    };
    write_spec(&spec_path, &small("", ""));
    let first = succeeded(&generate(&spec_path, &out, &[]));
    assert_eq!(first, "new crate at version 0.4.2\n");

    write_spec(&spec_path, &small(", '404': {description: Missing.}", ""));
    let report = succeeded(&generate(&spec_path, &out, &[]));
    assert!(
        report.contains("breaking: ListItemsError gains variant NotFound (404)"),
        "{report}"
    );
    assert!(report.contains("version: 0.4.2 -> 0.5.0"), "{report}");

    write_spec(
        &spec_path,
        &small(
            ", '404': {description: Missing.}, '409': {description: Busy.}",
            ", x-rust-crate-version: '0.5.0'",
        ),
    );
    let pinned = succeeded(&generate(&spec_path, &out, &[]));
    assert!(pinned.contains("version: 0.5.0 -> 0.5.0"), "{pinned}");
    assert!(
        pinned.contains("info.x-rust-crate-version sets 0.5.0, where semver requires 0.6.0"),
        "{pinned}"
    );
    // Both breaking changes made under 0.5.0 are in its one entry.
    let api = api_json(&out);
    assert_eq!(api["releases"][0]["version"], "0.5.0");
    assert_eq!(api["releases"][0]["breaking"].as_array().unwrap().len(), 2);
    assert_eq!(api["releases"][1]["version"], "0.4.2");
}

#[test]
fn an_unreadable_api_json_is_an_error_naming_it() {
    let (_dir, out, spec_path) = workspace();
    write_spec(&spec_path, &spec());
    let mut api = api_json(&out);
    api["surface"]["operations"] = Json::from(7);
    std::fs::write(out.join("api.json"), api.to_string()).unwrap();
    let output = generate(&spec_path, &out, &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("api.json: #/surface/operations: invalid type"),
        "{stderr}"
    );
}
