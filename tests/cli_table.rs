//! The table the generated program is built from (`cli::Program`), run in
//! process with command lines the real spec's subcommands do not cover:
//! JSON, integer, number, boolean, enum and repeated flags, optional
//! parameters, an optional body, a body that is not an object, a program
//! without a server, and the refusals clap makes from the table.

use std::cell::RefCell;
use std::process::ExitCode;

use huaweicloud_iam_mfa::cli::{
    self, Body, Call, CredentialOptions, Flag, FlagKind, Limit, Program, Running, Subcommand,
};
use huaweicloud_iam_mfa::types::UnbindMfaDeviceRequest;
use serde_json::{json, Value};

thread_local! {
    /// What the last subcommand read from its flags.
    static SEEN: RefCell<Option<Value>> = const { RefCell::new(None) };
}

fn record(value: Value) -> Result<ExitCode, cli::UsageError> {
    SEEN.with(|seen| *seen.borrow_mut() = Some(value));
    Ok(ExitCode::from(cli::EXIT_OK))
}

fn read_params(call: &Call) -> Running<'_> {
    Box::pin(async move { record(call.params::<Value>()?) })
}

fn read_body(call: &Call) -> Running<'_> {
    Box::pin(async move { record(call.body::<Value>()?) })
}

/// Reads the body as the typed request of the real spec, which refuses
/// fields it has not.
fn read_typed_body(call: &Call) -> Running<'_> {
    Box::pin(async move {
        let body: UnbindMfaDeviceRequest = call.body()?;
        record(json!({ "serial_number": body.serial_number }))
    })
}

fn read_optional_body(call: &Call) -> Running<'_> {
    Box::pin(async move {
        let params: Value = call.params()?;
        let body: Option<Value> = call.optional_body()?;
        record(json!({ "params": params, "body": body }))
    })
}

static PROGRAM: Program = Program {
    name: "table-program",
    about: "A program built from a table.",
    endpoint: Some("http://127.0.0.1:9"),
    credentials: CredentialOptions {
        huawei: true,
        token: false,
        bearer: false,
        basic: false,
        env_prefix: "TABLE",
        keys: &[],
    },
    subcommands: &[
        Subcommand {
            name: "list-things",
            summary: "List things.",
            route: "GET /things",
            flags: &[
                Flag::required_param("name", "name", "The name.\n\nSecond paragraph."),
                Flag::param("limit", "limit", "At most this many.").json(),
                Flag::param("tags", "tags", "Tags to match.").json(),
            ],
            body: Body::None,
            run: read_params,
        },
        Subcommand {
            name: "find-things",
            summary: "Find things.",
            route: "GET /things/found",
            flags: &[
                Flag::param("page", "page", "The page.")
                    .kind(FlagKind::Integer {
                        min: Some(1),
                        max: Some(100),
                        wide: false,
                    })
                    .server_default("1"),
                Flag::param("offset", "offset", "Skip this many.").kind(FlagKind::Integer {
                    min: None,
                    max: None,
                    wide: false,
                }),
                Flag::param("ratio", "ratio", "A share.").kind(FlagKind::Number {
                    min: Some(Limit {
                        value: 0.0,
                        exclusive: false,
                    }),
                    max: Some(Limit {
                        value: 1.0,
                        exclusive: true,
                    }),
                }),
                Flag::param("deep", "deep", "Search deeply.")
                    .kind(FlagKind::Bool)
                    .server_default("false"),
                Flag::param("colour", "colour", "The colour.")
                    .kind(FlagKind::Choice(&["red", "green"])),
                Flag::param("level", "level", "The level.")
                    .kind(FlagKind::IntegerChoice(&["-1", "2"])),
                Flag::param("tag", "tag", "A tag.").repeated(),
                Flag::param("size", "size", "A size.")
                    .kind(FlagKind::Integer {
                        min: Some(0),
                        max: None,
                        wide: true,
                    })
                    .repeated(),
            ],
            body: Body::None,
            run: read_params,
        },
        Subcommand {
            name: "unbind",
            summary: "Unbind, with the real spec's typed body.",
            route: "PUT /unbind",
            flags: &[
                Flag::required_field("user-id", "user_id", "The user."),
                Flag::required_field("authentication-code", "authentication_code", "The code."),
                Flag::required_field("serial-number", "serial_number", "The device."),
            ],
            body: Body::Required,
            run: read_typed_body,
        },
        Subcommand {
            name: "put-thing",
            summary: "Put a thing.",
            route: "PUT /things",
            flags: &[
                Flag::required_field("thing-id", "thing_id", "Which thing."),
                Flag::field("size", "size", "Its size.").json(),
            ],
            body: Body::Required,
            run: read_body,
        },
        Subcommand {
            name: "patch-thing",
            summary: "Patch a thing, maybe.",
            route: "PATCH /things",
            flags: &[
                Flag::param("dry", "dry", "Only pretend.").json(),
                Flag::field("colour", "colour", "The new colour."),
            ],
            body: Body::Optional,
            run: read_optional_body,
        },
        Subcommand {
            name: "put-list",
            summary: "Put a list.",
            route: "PUT /list",
            flags: &[],
            body: Body::Required,
            run: read_body,
        },
    ],
};

/// Runs the program with `args`; the exit code and what the subcommand read.
fn run(args: &[&str]) -> (ExitCode, Option<Value>) {
    SEEN.with(|seen| seen.borrow_mut().take());
    let argv = std::iter::once("program").chain(args.iter().copied());
    let code = cli::main_from(&PROGRAM, argv);
    (code, SEEN.with(|seen| seen.borrow_mut().take()))
}

fn ok() -> ExitCode {
    ExitCode::from(cli::EXIT_OK)
}

fn usage() -> ExitCode {
    ExitCode::from(cli::EXIT_USAGE)
}

#[test]
fn the_table_gives_a_valid_command_line() {
    // clap's own consistency checks: ids, conflicts and requirements that
    // name flags which exist, no flag defined twice.
    cli::command(&PROGRAM).debug_assert();
    let help = cli::command(&PROGRAM).render_long_help().to_string();
    for expected in [
        "A program built from a table.",
        "list-things",
        "put-list",
        "Exit codes:",
    ] {
        assert!(help.contains(expected), "--help lacks {expected}:\n{help}");
    }
    let mut command = cli::command(&PROGRAM);
    let sub = command
        .find_subcommand_mut("list-things")
        .expect("the subcommand exists");
    let long = sub.render_long_help().to_string();
    assert!(long.contains("\n\nGET /things\n"), "{long}");
    assert!(!long.contains('`'), "the route is plain text: {long}");
    assert!(long.contains("Second paragraph."), "{long}");
    assert!(long.contains("Given as JSON."), "{long}");
    let short = sub.render_help().to_string();
    assert!(
        short.contains("The name\n"),
        "first paragraph, no period: {short}"
    );
    assert!(!short.contains("Second paragraph."), "{short}");
}

#[test]
fn parameters_are_read_as_text_or_json() {
    let (code, seen) = run(&[
        "list-things",
        "--name",
        "42",
        "--limit",
        "42",
        "--tags",
        r#"["a","b"]"#,
    ]);
    assert_eq!(code, ok());
    assert_eq!(
        seen,
        Some(json!({ "name": "42", "limit": 42, "tags": ["a", "b"] }))
    );
    let (code, seen) = run(&["list-things", "--name", "n"]);
    assert_eq!(code, ok());
    assert_eq!(
        seen,
        Some(json!({ "name": "n" })),
        "absent flags are absent keys"
    );
}

#[test]
fn bad_json_and_missing_required_flags_are_usage_errors() {
    assert_eq!(
        run(&["list-things", "--name", "n", "--limit", "many"]),
        (usage(), None)
    );
    assert_eq!(run(&["list-things", "--limit", "1"]), (usage(), None));
    assert_eq!(run(&["put-thing", "--size", "1"]), (usage(), None));
    assert_eq!(run(&[]), (usage(), None), "a subcommand is required");
    assert_eq!(run(&["no-such-thing"]), (usage(), None));
}

#[test]
fn a_body_comes_from_its_field_flags_or_from_a_file_or_both() {
    let (code, seen) = run(&["put-thing", "--thing-id", "t1", "--size", "3"]);
    assert_eq!(code, ok());
    assert_eq!(seen, Some(json!({ "thing_id": "t1", "size": 3 })));

    let dir = std::env::temp_dir().join(format!("cli-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("body.json");
    std::fs::write(&file, r#"{"thing_id": "from-file"}"#).unwrap();
    let file = file.to_str().unwrap();
    let (code, seen) = run(&["put-thing", "--body", file]);
    assert_eq!(code, ok(), "--body stands in for the required field flags");
    assert_eq!(seen, Some(json!({ "thing_id": "from-file" })));

    let (code, seen) = run(&["put-thing", "--body", file, "--size", "4"]);
    assert_eq!(code, ok(), "field flags add to the file's fields");
    assert_eq!(seen, Some(json!({ "thing_id": "from-file", "size": 4 })));
    let (code, seen) = run(&["put-thing", "--body", file, "--thing-id", "t"]);
    assert_eq!(code, ok(), "field flags replace the file's fields");
    assert_eq!(seen, Some(json!({ "thing_id": "t" })));
    std::fs::write(dir.join("list.json"), "[1, 2]").unwrap();
    let list = dir.join("list.json");
    assert_eq!(
        run(&["put-thing", "--body", list.to_str().unwrap(), "--size", "1"]),
        (usage(), None),
        "field flags cannot go into a body that is not an object"
    );
    let missing = dir.join("missing.json");
    assert_eq!(
        run(&["put-thing", "--body", missing.to_str().unwrap()]),
        (usage(), None)
    );

    let (code, seen) = run(&["put-list", "--body", list.to_str().unwrap()]);
    assert_eq!(code, ok());
    assert_eq!(seen, Some(json!([1, 2])));
    assert_eq!(
        run(&["put-list"]),
        (usage(), None),
        "a whole body is required"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_optional_body_is_sent_only_when_some_of_it_is_given() {
    let (code, seen) = run(&["patch-thing", "--dry", "true"]);
    assert_eq!(code, ok());
    assert_eq!(
        seen,
        Some(json!({ "params": { "dry": true }, "body": null }))
    );
    let (code, seen) = run(&["patch-thing", "--colour", "red"]);
    assert_eq!(code, ok());
    assert_eq!(
        seen,
        Some(json!({ "params": {}, "body": { "colour": "red" } }))
    );
}

/// The table's program for an API whose only scheme is a bearer token.
static BEARER_PROGRAM: Program = Program {
    credentials: CredentialOptions {
        huawei: false,
        token: false,
        bearer: true,
        basic: false,
        env_prefix: "TABLE",
        keys: &[],
    },
    ..PROGRAM
};

#[test]
fn credential_options_are_those_of_the_spec_schemes() {
    let help = cli::command(&BEARER_PROGRAM).render_long_help().to_string();
    assert!(help.contains("--bearer-token"), "{help}");
    assert!(help.contains("TABLE_BEARER_TOKEN"), "{help}");
    for absent in ["--ak", "--sk", "--token ", "HUAWEICLOUD_SDK", "--username"] {
        assert!(!help.contains(absent), "{absent} in {help}");
    }
    let huawei = cli::command(&PROGRAM).render_long_help().to_string();
    assert!(huawei.contains("HUAWEICLOUD_SDK_AK"), "{huawei}");
    assert!(!huawei.contains("--bearer-token"), "{huawei}");

    let argv = ["program", "--ak", "x", "list-things", "--name", "n"];
    assert_eq!(cli::main_from(&BEARER_PROGRAM, argv), usage());
    assert_eq!(
        cli::main_from(
            &PROGRAM,
            [
                "program",
                "--bearer-token",
                "t",
                "list-things",
                "--name",
                "n"
            ]
        ),
        usage(),
        "a Huawei program takes no bearer token"
    );
}

#[test]
fn typed_flags_give_typed_values_and_repeated_flags_arrays() {
    let (code, seen) = run(&[
        "find-things",
        "--page",
        "100",
        "--offset",
        "-3",
        "--ratio",
        "0",
        "--deep",
        "--colour",
        "green",
        "--level",
        "-1",
        "--tag",
        "x",
        "--tag",
        "[\"y\"]",
        "--size",
        "0",
        "--size",
        "7",
    ]);
    assert_eq!(code, ok());
    assert_eq!(
        seen,
        Some(json!({
            "page": 100,
            "offset": -3,
            "ratio": 0.0,
            "deep": true,
            "colour": "green",
            "level": -1,
            "tag": ["x", "[\"y\"]"],
            "size": [0, 7],
        }))
    );
    let (code, seen) = run(&["find-things", "--deep", "false"]);
    assert_eq!(code, ok());
    assert_eq!(seen, Some(json!({ "deep": false })));
    let (code, seen) = run(&["find-things"]);
    assert_eq!(code, ok());
    assert_eq!(seen, Some(json!({})), "defaults are not sent");
}

#[test]
fn values_out_of_range_or_of_the_wrong_type_are_refused() {
    for args in [
        &["find-things", "--page", "0"][..],
        &["find-things", "--page", "101"],
        &["find-things", "--page", "five"],
        &["find-things", "--offset", "2147483648"],
        &["find-things", "--ratio", "1"],
        &["find-things", "--ratio", "-0.1"],
        &["find-things", "--ratio", "NaN"],
        &["find-things", "--deep", "yes please"],
        &["find-things", "--colour", "blue"],
        &["find-things", "--level", "1"],
        &["find-things", "--size", "-1"],
        &["find-things", "--page", "1", "--page", "2"],
    ] {
        assert_eq!(run(args), (usage(), None), "{args:?}");
    }
    let mut command = cli::command(&PROGRAM);
    let sub = command
        .find_subcommand_mut("find-things")
        .expect("the subcommand exists");
    let help = sub.render_long_help().to_string();
    for expected in [
        "[range: 1..=100]",
        "[default: 1]",
        "[range: >= 0 and < 1]",
        "[default: false]",
        "red",
        "green",
        "[repeatable: one item each time]",
    ] {
        assert!(help.contains(expected), "--help lacks {expected}:\n{help}");
    }
    assert!(
        !help.contains("[range: ..]"),
        "no range without limits: {help}"
    );
}

#[test]
fn unknown_fields_of_a_typed_body_are_refused() {
    let dir = std::env::temp_dir().join(format!("cli-table-typed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let known = r#"{"user_id": "u", "authentication_code": "1", "serial_number": "s"}"#;
    let unknown =
        r#"{"user_id": "u", "authentication_code": "1", "serial_number": "s", "serial": "t"}"#;
    std::fs::write(dir.join("known.json"), known).unwrap();
    std::fs::write(dir.join("unknown.json"), unknown).unwrap();
    let known = dir.join("known.json");
    let (code, seen) = run(&["unbind", "--body", known.to_str().unwrap()]);
    assert_eq!(code, ok());
    assert_eq!(seen, Some(json!({ "serial_number": "s" })));
    let unknown = dir.join("unknown.json");
    assert_eq!(
        run(&["unbind", "--body", unknown.to_str().unwrap()]),
        (usage(), None)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The table's program for an API whose spec names no server.
static SERVERLESS_PROGRAM: Program = Program {
    endpoint: None,
    ..PROGRAM
};

#[test]
fn without_a_server_endpoint_is_required_and_version_names_the_program() {
    let argv = ["program", "list-things", "--name", "n"];
    assert_eq!(cli::main_from(&SERVERLESS_PROGRAM, argv), usage());
    let (code, seen) = {
        SEEN.with(|seen| seen.borrow_mut().take());
        let argv = [
            "program",
            "--endpoint",
            "http://127.0.0.1:9",
            "list-things",
            "--name",
            "n",
        ];
        let code = cli::main_from(&SERVERLESS_PROGRAM, argv);
        (code, SEEN.with(|seen| seen.borrow_mut().take()))
    };
    assert_eq!(code, ok());
    assert_eq!(seen, Some(json!({ "name": "n" })));
    let version = cli::command(&PROGRAM).render_version().to_string();
    assert!(version.starts_with("table-program "), "{version}");
    let help = cli::command(&PROGRAM).render_long_help().to_string();
    assert!(help.contains("[default: http://127.0.0.1:9]"), "{help}");
}
