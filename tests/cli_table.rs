//! The table the generated program is built from (`cli::Program`), run in
//! process with command lines the real spec's subcommands do not cover:
//! JSON flags, optional parameters, an optional body, a body that is not an
//! object, and the refusals clap makes from the table.

use std::cell::RefCell;
use std::process::ExitCode;

use huaweicloud_iam_mfa::cli::{
    self, Body, Call, CredentialOptions, Flag, Program, Running, Subcommand,
};
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

fn read_optional_body(call: &Call) -> Running<'_> {
    Box::pin(async move {
        let params: Value = call.params()?;
        let body: Option<Value> = call.optional_body()?;
        record(json!({ "params": params, "body": body }))
    })
}

static PROGRAM: Program = Program {
    about: "A program built from a table.",
    endpoint: "http://127.0.0.1:9",
    credentials: CredentialOptions {
        huawei: true,
        token: false,
        bearer: false,
        basic: false,
        env_prefix: "TABLE",
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
    assert!(long.contains("`GET /things`"), "{long}");
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
fn a_body_comes_from_its_field_flags_or_from_a_file_not_both() {
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

    assert_eq!(
        run(&["put-thing", "--body", file, "--thing-id", "t"]),
        (usage(), None)
    );
    let missing = dir.join("missing.json");
    assert_eq!(
        run(&["put-thing", "--body", missing.to_str().unwrap()]),
        (usage(), None)
    );

    std::fs::write(dir.join("list.json"), "[1, 2]").unwrap();
    let list = dir.join("list.json");
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
