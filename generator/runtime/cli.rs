//! Support for the generated command-line program: global options,
//! credentials, bodies from flags or files, output and exit codes.

use std::future::Future;
use std::io::{Read, Write};
use std::pin::Pin;
use std::process::ExitCode;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::auth::{AkSk, ApiKeys, AuthError, Credentials, Joint};
use crate::error::{ApiError, Error, Response};
use crate::http::{Client, RequestParts};

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: usage or validation error; nothing was sent.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the API answered with an error status.
pub const EXIT_API: u8 = 3;
/// Exit code: the request could not complete.
pub const EXIT_TRANSPORT: u8 = 4;

/// The exit codes, as shown at the end of `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success (the response body, if any, is printed as JSON on stdout)
  2  usage or validation error; nothing was sent
  3  the API answered with an error status; stderr carries one JSON object
     with status, error_code, error_msg and request_id (those present)
  4  the request could not complete (connection, timeout, unreadable response)";

/// Options shared by every subcommand. `Debug` redacts the secret key and
/// the tokens.
#[derive(Clone, clap::Args)]
pub struct GlobalArgs {
    /// The endpoint to call (default: the spec's server).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Access key for AK/SK signing.
    #[arg(long, global = true, env = "HUAWEICLOUD_SDK_AK", value_name = "AK")]
    pub ak: Option<String>,
    /// Secret key for AK/SK signing.
    #[arg(long, global = true, env = "HUAWEICLOUD_SDK_SK", hide_env_values = true, value_name = "SK")]
    pub sk: Option<String>,
    /// Security token of temporary AK/SK credentials.
    #[arg(
        long,
        global = true,
        env = "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub security_token: Option<String>,
    /// Account (domain) id, sent as X-Domain-Id with AK/SK.
    #[arg(long, global = true, env = "HUAWEICLOUD_SDK_DOMAIN_ID", value_name = "ID")]
    pub domain_id: Option<String>,
    /// An IAM token (X-Auth-Token), used when no AK/SK is given.
    #[arg(long, global = true, env = "HUAWEICLOUD_SDK_AUTH_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// An access token, sent in the Authorization header as a bearer token.
    #[arg(long, global = true, hide_env_values = true, value_name = "TOKEN")]
    pub bearer_token: Option<String>,
    /// User name for Basic authentication.
    #[arg(long, global = true, value_name = "NAME")]
    pub username: Option<String>,
    /// Password for Basic authentication.
    #[arg(long, global = true, hide_env_values = true, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Whole-request timeout in seconds.
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Print the status, response headers and request id on stderr.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Print the request as it would be sent (signed when credentials are given, secrets redacted) and send nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
}

impl std::fmt::Debug for GlobalArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = |value: &Option<String>| value.as_ref().map(|_| crate::auth::Secret::new(""));
        f.debug_struct("GlobalArgs")
            .field("endpoint", &self.endpoint)
            .field("ak", &self.ak)
            .field("sk", &secret(&self.sk))
            .field("security_token", &secret(&self.security_token))
            .field("domain_id", &self.domain_id)
            .field("token", &secret(&self.token))
            .field("bearer_token", &secret(&self.bearer_token))
            .field("username", &self.username)
            .field("password", &secret(&self.password))
            .field("timeout", &self.timeout)
            .field("verbose", &self.verbose)
            .field("dry_run", &self.dry_run)
            .finish()
    }
}

/// A failure before anything was sent (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

impl From<crate::error::ValidationError> for UsageError {
    fn from(e: crate::error::ValidationError) -> Self {
        UsageError(e.to_string())
    }
}

impl GlobalArgs {
    /// The client these options describe.
    pub fn client(&self, default_endpoint: &str) -> Result<Client, UsageError> {
        self.client_with_keys(default_endpoint, ApiKeys::new())
    }

    /// The client these options describe, with the API keys `keys`.
    fn client_with_keys(&self, default_endpoint: &str, keys: ApiKeys) -> Result<Client, UsageError> {
        let usage = |e: &dyn std::fmt::Display| UsageError(e.to_string());
        let endpoint = self.endpoint.as_deref().unwrap_or(default_endpoint);
        let mut builder = Client::builder(endpoint);
        match (&self.ak, &self.sk) {
            (Some(ak), Some(sk)) => {
                let mut aksk = AkSk::new(ak.as_str(), sk.as_str()).map_err(|e| usage(&e))?;
                if let Some(token) = &self.security_token {
                    aksk = aksk.with_security_token(token.as_str()).map_err(|e| usage(&e))?;
                }
                if let Some(domain) = &self.domain_id {
                    aksk = aksk.with_domain_id(domain.as_str()).map_err(|e| usage(&e))?;
                }
                builder = builder.credentials(Credentials::AkSk(aksk));
            }
            (Some(_), None) => return Err(UsageError("--ak (HUAWEICLOUD_SDK_AK) is set but --sk (HUAWEICLOUD_SDK_SK) is not".into())),
            (None, Some(_)) => return Err(UsageError("--sk (HUAWEICLOUD_SDK_SK) is set but --ak (HUAWEICLOUD_SDK_AK) is not".into())),
            (None, None) => {
                let credentials = match (&self.token, &self.bearer_token, &self.username, &self.password) {
                    (Some(token), _, _, _) => Some(Credentials::token(token.as_str())),
                    (None, Some(token), _, _) => Some(Credentials::bearer(token.as_str())),
                    (None, None, Some(user), Some(password)) => Some(Credentials::basic(user.as_str(), password.as_str())),
                    (None, None, Some(_), None) => return Err(UsageError("--username is set but --password is not".into())),
                    (None, None, None, Some(_)) => return Err(UsageError("--password is set but --username is not".into())),
                    (None, None, None, None) => None,
                };
                if let Some(credentials) = credentials {
                    builder = builder.credentials(credentials.map_err(|e| usage(&e))?);
                }
            }
        }
        builder = builder.api_keys(keys);
        if let Some(seconds) = self.timeout {
            let timeout = Duration::try_from_secs_f64(seconds)
                .ok()
                .filter(|t| !t.is_zero())
                .ok_or_else(|| UsageError(format!("--timeout {seconds}: expected a positive number of seconds")))?;
            builder = builder.timeout(timeout);
        }
        builder.build().map_err(|e| usage(&e))
    }
}

/// The credential options a program offers: those of its spec's own
/// security schemes. The others are hidden and refused.
#[derive(Clone, Copy, Debug)]
pub struct CredentialOptions {
    /// `--ak`, `--sk`, `--security-token`, `--domain-id` and `--token`, from
    /// the `HUAWEICLOUD_SDK_*` variables: the spec uses AK/SK signing.
    pub huawei: bool,
    /// `--token`: a token or API key the spec puts in a header, query
    /// parameter or cookie.
    pub token: bool,
    /// `--bearer-token`.
    pub bearer: bool,
    /// `--username` and `--password`.
    pub basic: bool,
    /// Prefix of the variables the options other than Huawei's are read
    /// from (`<PREFIX>_TOKEN`, `<PREFIX>_BEARER_TOKEN`, ...): the program's
    /// name in upper case.
    pub env_prefix: &'static str,
    /// One option per API key that a security requirement combines with
    /// other schemes.
    pub keys: &'static [KeyOption],
}

/// The option and variable of an API key that operations require together
/// with other schemes.
#[derive(Clone, Copy, Debug)]
pub struct KeyOption {
    /// The security scheme's name.
    pub scheme: &'static str,
    /// The option's name, without `--`.
    pub option: &'static str,
    /// The environment variable it is read from.
    pub env: &'static str,
    /// What it is for, as `--help` shows it.
    pub help: &'static str,
}

impl CredentialOptions {
    /// (option id, `--name`, offered, environment variable) of each
    /// credential option.
    fn options(&self) -> [(&'static str, &'static str, bool, Option<String>); 8] {
        let prefixed = |suffix: &str| Some(format!("{}_{suffix}", self.env_prefix));
        let token_env = if self.huawei {
            Some(crate::auth::ENV_AUTH_TOKEN.to_owned())
        } else {
            prefixed("TOKEN")
        };
        [
            ("ak", "--ak", self.huawei, Some(crate::auth::ENV_ACCESS_KEY.to_owned())),
            ("sk", "--sk", self.huawei, Some(crate::auth::ENV_SECRET_KEY.to_owned())),
            ("security_token", "--security-token", self.huawei, Some(crate::auth::ENV_SECURITY_TOKEN.to_owned())),
            ("domain_id", "--domain-id", self.huawei, Some(crate::auth::ENV_DOMAIN_ID.to_owned())),
            ("token", "--token", self.huawei || self.token, token_env),
            ("bearer_token", "--bearer-token", self.bearer, prefixed("BEARER_TOKEN")),
            ("username", "--username", self.basic, prefixed("USERNAME")),
            ("password", "--password", self.basic, prefixed("PASSWORD")),
        ]
    }

    /// `command` with the options offered read from their variables, and
    /// the others hidden and never read from the environment.
    fn apply(&self, mut command: clap::Command) -> clap::Command {
        for (id, _, offered, env) in self.options() {
            command = command.mut_arg(id, |arg| match (offered, env) {
                (true, Some(env)) => arg.env(env),
                _ => arg.env(None::<&'static str>).hide(true),
            });
        }
        for key in self.keys {
            command = command.arg(
                clap::Arg::new(key.option)
                    .long(key.option)
                    .global(true)
                    .env(key.env)
                    .hide_env_values(true)
                    .value_name("KEY")
                    .value_parser(clap::builder::ValueParser::string())
                    .action(clap::ArgAction::Set)
                    .help(key.help),
            );
        }
        command
    }

    /// The API keys given on the command line or in the environment.
    fn key_values(&self, matches: &clap::ArgMatches) -> Result<ApiKeys, UsageError> {
        let mut keys = ApiKeys::new();
        for key in self.keys {
            if let Some(value) = matches.try_get_one::<String>(key.option).ok().flatten() {
                keys = keys
                    .with(key.scheme, value.as_str())
                    .map_err(|e| UsageError(format!("--{}: {e}", key.option)))?;
            }
        }
        Ok(keys)
    }

    /// The options and variables of what a combined requirement still
    /// needs, as `error` reports it; `None` when it reports nothing of the kind.
    fn needed(&self, error: &AuthError) -> Option<String> {
        let mut options: Vec<String> = Vec::new();
        let mut variables: Vec<String> = Vec::new();
        for scheme in error.missing_keys() {
            match self.keys.iter().find(|key| key.scheme == *scheme) {
                Some(key) => {
                    options.push(format!("--{}", key.option));
                    variables.push(key.env.to_owned());
                }
                None => options.push(format!("the API key {scheme:?}")),
            }
        }
        let joint: &[&str] = match error.missing_joint() {
            Some(Joint::Bearer) => &["bearer_token"],
            Some(Joint::Basic) => &["username", "password"],
            None => &[],
        };
        for (id, name, _, env) in self.options() {
            if joint.contains(&id) {
                options.push(name.to_owned());
                variables.extend(env);
            }
        }
        match (options.is_empty(), variables.is_empty()) {
            (true, _) => None,
            (false, true) => Some(crate::auth::join(&options)),
            (false, false) => Some(format!(
                "{} (or {})",
                crate::auth::join(&options),
                crate::auth::join(&variables)
            )),
        }
    }

    /// How to give credentials, as an error message says it: what a
    /// combined requirement lacks when `error` says so, else the options
    /// offered and the variables they are read from.
    fn hint(&self, error: &AuthError) -> String {
        if let Some(needed) = self.needed(error) {
            return needed;
        }
        let mut ways = Vec::new();
        if self.huawei {
            ways.push(format!(
                "--ak and --sk (or {} and {}, with --security-token / {} and --domain-id / {} when needed)",
                crate::auth::ENV_ACCESS_KEY,
                crate::auth::ENV_SECRET_KEY,
                crate::auth::ENV_SECURITY_TOKEN,
                crate::auth::ENV_DOMAIN_ID
            ));
        }
        let options = self.options();
        let offered = |id: &str| options.iter().find(|(option, _, offered, _)| *option == id && *offered);
        for ids in [&["token"][..], &["bearer_token"], &["username", "password"]] {
            let found: Vec<_> = ids.iter().filter_map(|id| offered(id)).collect();
            if found.len() != ids.len() {
                continue;
            }
            let names: Vec<&str> = found.iter().map(|(_, name, _, _)| *name).collect();
            let vars: Vec<&str> = found.iter().filter_map(|(_, _, _, env)| env.as_deref()).collect();
            ways.push(format!("{} (or {})", names.join(" and "), vars.join(" and ")));
        }
        if ways.is_empty() {
            return "the credentials the operation needs".to_owned();
        }
        ways.join(", or ")
    }

    /// Refuses the credential options the program does not offer.
    fn check(&self, matches: &clap::ArgMatches) -> Result<(), UsageError> {
        for (id, name, offered, _) in self.options() {
            if !offered && matches.contains_id(id) && matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine) {
                return Err(UsageError(format!("{name}: this API does not accept such credentials")));
            }
        }
        Ok(())
    }
}

/// The program: what it calls, where, and its subcommands.
pub struct Program {
    /// The program's name, shown by `--help` and `--version`.
    pub name: &'static str,
    /// One line on what the program calls, shown by `--help`.
    pub about: &'static str,
    /// The spec's server, used unless `--endpoint` says otherwise; `None`
    /// when the spec names none, and then `--endpoint` is required.
    pub endpoint: Option<&'static str>,
    /// The credential options it offers.
    pub credentials: CredentialOptions,
    /// One subcommand per operation, in the spec's order.
    pub subcommands: &'static [Subcommand],
}

/// One operation as a subcommand: its flags and the function that runs it.
pub struct Subcommand {
    /// The subcommand's name (the operation's method name in kebab case).
    pub name: &'static str,
    /// The operation's summary, shown in the list of subcommands.
    pub summary: &'static str,
    /// `METHOD /path`, shown by the subcommand's `--help`.
    pub route: &'static str,
    /// One flag per parameter, then one per top-level body field.
    pub flags: &'static [Flag],
    /// Whether the operation takes a request body.
    pub body: Body,
    /// Reads the flags, builds the request and sends it.
    pub run: Run,
}

/// Whether an operation takes a request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// No body: no `--body` flag.
    None,
    /// A body is required: from `--body FILE`, or from the field flags.
    Required,
    /// A body may be sent: it is when `--body` or a field flag is given.
    Optional,
}

/// Where a flag's value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A field of the operation's parameter struct.
    Param,
    /// A top-level field of the request body.
    BodyField,
}

/// A `minimum` or `maximum` of a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit {
    /// The limit.
    pub value: f64,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

/// What a flag's text must be, and the JSON value it becomes. The parser
/// checks it, so a wrong value is refused with the parser's own message
/// before anything else happens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FlagKind {
    /// Any text, taken as a JSON string.
    Text,
    /// One of these strings (a string enum), listed by `--help`.
    Choice(&'static [&'static str]),
    /// One of these integers (an integer enum), listed by `--help`.
    IntegerChoice(&'static [&'static str]),
    /// An integer: 64 bits wide or 32, within the spec's inclusive limits.
    Integer {
        /// The smallest value the spec allows.
        min: Option<i64>,
        /// The largest value the spec allows.
        max: Option<i64>,
        /// Whether the type is 64 bits wide (else 32).
        wide: bool,
    },
    /// A number within the spec's limits.
    Number {
        /// `minimum`.
        min: Option<Limit>,
        /// `maximum`.
        max: Option<Limit>,
    },
    /// `true` or `false`; the flag alone means `true`.
    Bool,
    /// Parsed as JSON (objects, and arrays of anything but scalars).
    Json,
}

/// One flag of a subcommand.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    /// `--name`, also the flag's id.
    pub name: &'static str,
    /// The JSON field the value goes to.
    pub key: &'static str,
    /// The parameter's or field's description.
    pub help: &'static str,
    /// Parameter or body field.
    pub place: Place,
    /// What its text must be.
    pub kind: FlagKind,
    /// Whether the value is an array, one item per use of the flag.
    pub repeated: bool,
    /// The spec's default, shown by `--help`: what the service assumes when
    /// the flag is left out (it is then not sent).
    pub default: Option<&'static str>,
    /// Whether it must be given (a body field: unless `--body` is).
    pub required: bool,
}

impl Flag {
    /// An optional text flag for a parameter.
    pub const fn param(name: &'static str, key: &'static str, help: &'static str) -> Flag {
        Flag {
            name,
            key,
            help,
            place: Place::Param,
            kind: FlagKind::Text,
            repeated: false,
            default: None,
            required: false,
        }
    }

    /// A required text flag for a parameter.
    pub const fn required_param(name: &'static str, key: &'static str, help: &'static str) -> Flag {
        Flag {
            required: true,
            ..Flag::param(name, key, help)
        }
    }

    /// An optional text flag for a top-level body field.
    pub const fn field(name: &'static str, key: &'static str, help: &'static str) -> Flag {
        Flag {
            place: Place::BodyField,
            ..Flag::param(name, key, help)
        }
    }

    /// A text flag for a top-level body field, required unless `--body` is given.
    pub const fn required_field(name: &'static str, key: &'static str, help: &'static str) -> Flag {
        Flag {
            required: true,
            ..Flag::field(name, key, help)
        }
    }

    /// The same flag, its value of `kind`.
    pub const fn kind(self, kind: FlagKind) -> Flag {
        Flag { kind, ..self }
    }

    /// The same flag, its value parsed as JSON.
    pub const fn json(self) -> Flag {
        self.kind(FlagKind::Json)
    }

    /// The same flag for an array: given once per item.
    pub const fn repeated(self) -> Flag {
        Flag {
            repeated: true,
            ..self
        }
    }

    /// The same flag, with the service's default shown by `--help`.
    pub const fn server_default(self, default: &'static str) -> Flag {
        Flag {
            default: Some(default),
            ..self
        }
    }

    /// The placeholder of the flag's value in help and usage.
    fn value_name(&self) -> String {
        self.name.to_uppercase().replace('-', "_")
    }

    fn arg(&self) -> clap::Arg {
        let value_name = self.value_name();
        let mut notes = Vec::new();
        if let Some(range) = self.kind.range() {
            notes.push(format!("[range: {range}]"));
        }
        if let Some(default) = self.default {
            notes.push(format!("[default: {default}]"));
        }
        if self.repeated {
            notes.push("[repeatable: one item each time]".to_owned());
        }
        let required_field = self.required && self.place == Place::BodyField;
        if required_field {
            notes.push("[required unless --body is given]".to_owned());
        }
        let text = match self.kind {
            FlagKind::Json => format!("{}\n\nGiven as JSON.", self.help.trim_end()),
            _ => self.help.to_owned(),
        };
        let arg = clap::Arg::new(self.name)
            .long(self.name)
            .value_name(value_name)
            .value_parser(self.kind.parser())
            // `--offset -1` gives a value, not a flag named `-1`.
            .allow_negative_numbers(matches!(
                self.kind,
                FlagKind::Integer { .. } | FlagKind::Number { .. } | FlagKind::IntegerChoice(_)
            ));
        let arg = match (self.repeated, self.kind) {
            (true, _) => arg.action(clap::ArgAction::Append),
            // `--force` alone says `true`; `--force false` says `false`.
            (false, FlagKind::Bool) => arg
                .action(clap::ArgAction::Set)
                .num_args(0..=1)
                .default_missing_value("true"),
            (false, _) => arg.action(clap::ArgAction::Set),
        };
        let arg = with_help(arg, &text, &notes.join(" "));
        match (self.required, self.place) {
            (false, _) => arg,
            (true, Place::Param) => arg.required(true),
            (true, Place::BodyField) => arg.required_unless_present("body"),
        }
    }
}

impl FlagKind {
    /// The parser that checks a flag's text and makes it a JSON value.
    fn parser(self) -> clap::builder::ValueParser {
        use clap::builder::{PossibleValuesParser, TypedValueParser};
        use serde_json::Value;
        match self {
            FlagKind::Text => clap::builder::StringValueParser::new().map(Value::String).into(),
            FlagKind::Choice(values) => PossibleValuesParser::new(values).map(Value::String).into(),
            FlagKind::IntegerChoice(values) => PossibleValuesParser::new(values)
                .try_map(|text| text.parse::<i64>().map(Value::from))
                .into(),
            FlagKind::Integer { min, max, wide } => {
                let (low, high) = if wide {
                    (i64::MIN, i64::MAX)
                } else {
                    (i64::from(i32::MIN), i64::from(i32::MAX))
                };
                // A spec's limit beyond the type's leaves the type's.
                let low = min.map_or(low, |min| min.clamp(low, high));
                let high = max.map_or(high, |max| max.clamp(low, high));
                clap::builder::RangedI64ValueParser::<i64>::new()
                    .range(low..=high)
                    .map(Value::from)
                    .into()
            }
            FlagKind::Number { min, max } => {
                let parse = move |text: &str| -> Result<Value, String> {
                    let number: f64 = text.trim().parse().map_err(|e| format!("{e}"))?;
                    let fits = number.is_finite()
                        && min.is_none_or(|l| number > l.value || (!l.exclusive && number == l.value))
                        && max.is_none_or(|l| number < l.value || (!l.exclusive && number == l.value));
                    if !fits {
                        let range = self.range().unwrap_or_else(|| "finite numbers".to_owned());
                        return Err(format!("{text} is not in {range}"));
                    }
                    serde_json::Number::from_f64(number)
                        .map(Value::Number)
                        .ok_or_else(|| format!("{text} is not a finite number"))
                };
                parse.into()
            }
            FlagKind::Bool => clap::builder::BoolValueParser::new().map(Value::Bool).into(),
            FlagKind::Json => {
                let parse = |text: &str| -> Result<Value, String> {
                    serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))
                };
                parse.into()
            }
        }
    }

    /// The spec's limits, as `--help` shows them: `1..=100` for integers,
    /// comparisons for numbers (`> 0 and <= 1`).
    fn range(self) -> Option<String> {
        match self {
            FlagKind::Integer { min: None, max: None, .. } => None,
            FlagKind::Integer { min, max, .. } => Some(format!(
                "{}..{}",
                min.map(|m| m.to_string()).unwrap_or_default(),
                max.map(|m| format!("={m}")).unwrap_or_default()
            )),
            FlagKind::Number { min, max } => {
                let min = min.map(|l| format!("{} {}", if l.exclusive { ">" } else { ">=" }, l.value));
                let max = max.map(|l| format!("{} {}", if l.exclusive { "<" } else { "<=" }, l.value));
                let parts: Vec<String> = min.into_iter().chain(max).collect();
                (!parts.is_empty()).then(|| parts.join(" and "))
            }
            _ => None,
        }
    }
}

/// What a subcommand's `run` returns.
pub type Running<'a> = Pin<Box<dyn Future<Output = Result<ExitCode, UsageError>> + 'a>>;

/// A subcommand's `run`.
pub type Run = fn(&Call) -> Running<'_>;

/// The help text of a flag: the first paragraph (without its final period)
/// for `-h`, all of it for `--help`; lines of a paragraph joined. `notes`
/// (limits, default) follow in both.
fn with_help(arg: clap::Arg, text: &str, notes: &str) -> clap::Arg {
    let (short, long) = help_texts(text);
    let noted = |text: String, gap: &str| {
        if notes.is_empty() {
            text
        } else if text.is_empty() {
            notes.to_owned()
        } else {
            format!("{text}{gap}{notes}")
        }
    };
    let arg = arg.help(noted(short, " "));
    match long {
        Some(long) => arg.long_help(noted(long, "\n\n")),
        None => arg,
    }
}

/// `(short, long)`: the first paragraph without its final period, and the
/// whole text when it has more than one paragraph.
fn help_texts(text: &str) -> (String, Option<String>) {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let Some(first) = paragraphs.first() else {
        return (String::new(), None);
    };
    let short = match first.strip_suffix('.') {
        Some(s) if !s.ends_with('.') => s.to_owned(),
        _ => first.clone(),
    };
    let long = (paragraphs.len() > 1).then(|| paragraphs.join("\n\n"));
    (short, long)
}

/// What `--help` says of defaults, shown under a subcommand that has any.
const DEFAULTS_HELP: &str = "A [default: ...] is what the service assumes when the flag is \
left out; the flag is then not sent.";

/// The whole command line of `program`: global options, then one
/// subcommand per operation.
pub fn command(program: &Program) -> clap::Command {
    let top = clap::Command::new(program.name).next_help_heading("Global options");
    // Adding the global options sets `about` from their struct: set it after.
    let top = <GlobalArgs as clap::Args>::augment_args(top);
    let top = program.credentials.apply(top)
        .mut_arg("endpoint", |arg| match program.endpoint {
            Some(url) => arg.help(format!("The endpoint to call [default: {url}]")),
            // A global option cannot be a required one for the parser:
            // `main` checks it.
            None => arg.help("The endpoint to call (required: the API description names no server)"),
        })
        .version(env!("CARGO_PKG_VERSION"))
        .about(program.about)
        .after_help(EXIT_CODES_HELP)
        .subcommand_required(true)
        .arg_required_else_help(true);
    program.subcommands.iter().fold(top, |top, sub| top.subcommand(sub.command(program.name)))
}

impl Subcommand {
    fn command(&self, program: &str) -> clap::Command {
        let (about, _) = help_texts(self.summary);
        let long_about = format!("{}\n\n{}", self.summary.trim(), self.route);
        let command = clap::Command::new(self.name).about(about).long_about(long_about);
        let command = self.flags.iter().fold(command, |c, flag| c.arg(flag.arg()));
        let command = if self.flags.iter().any(|f| f.default.is_some()) {
            command.after_help(DEFAULTS_HELP)
        } else {
            command
        };
        if self.body == Body::None {
            return command;
        }
        let body = clap::Arg::new("body")
            .long("body")
            .value_name("FILE")
            .value_parser(clap::builder::ValueParser::string())
            .action(clap::ArgAction::Set);
        // The usage line shows both ways to give a body whose fields are
        // required: the field flags, or a file.
        let required = |f: &&Flag| f.required;
        let command = if self.fields().any(|f| f.required) {
            let flags: Vec<String> = self
                .flags
                .iter()
                .filter(required)
                .map(|f| format!("--{} <{}>", f.name, f.value_name()))
                .collect();
            let params: Vec<String> = self
                .flags
                .iter()
                .filter(|f| f.required && f.place == Place::Param)
                .map(|f| format!("--{} <{}>", f.name, f.value_name()))
                .chain(["--body <FILE>".to_owned()])
                .collect();
            let usage = format!(
                "{program} {name} [OPTIONS] {flags}\n       {program} {name} [OPTIONS] {params}",
                name = self.name,
                flags = flags.join(" "),
                params = params.join(" "),
            );
            command.override_usage(usage)
        } else {
            command
        };
        let body = if self.fields().next().is_none() {
            body.help("The whole JSON request body from FILE, or from standard input when FILE is -")
                .required(self.body == Body::Required)
        } else {
            body.help(
                "The JSON request body from FILE, or from standard input when FILE is -; \
                 the field flags given as well replace those fields of its object",
            )
        };
        command.arg(body)
    }

    fn fields(&self) -> impl Iterator<Item = &'static Flag> {
        self.flags.iter().filter(|f| f.place == Place::BodyField)
    }
}

/// Parses the process's command line and runs the chosen subcommand to its
/// exit code.
pub fn main(program: &'static Program) -> ExitCode {
    main_from(program, std::env::args_os())
}

/// [`main`] with the command line `args` (the program's name first).
pub fn main_from<I, T>(program: &'static Program, args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let parsed = command(program).try_get_matches_from(args).and_then(|matches| {
        <GlobalArgs as clap::FromArgMatches>::from_arg_matches(&matches).map(|global| (global, matches))
    });
    if let Ok((_, matches)) = &parsed {
        if let Err(e) = program.credentials.check(matches) {
            return usage_exit(&e);
        }
    }
    let (global, mut matches) = match parsed {
        Ok(parsed) => parsed,
        // `--help`, `--version` (exit code 0) or a usage error (2), printed
        // as clap prints them.
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE));
        }
    };
    let api_keys = match program.credentials.key_values(&matches) {
        Ok(keys) => keys,
        Err(e) => return usage_exit(&e),
    };
    if program.endpoint.is_none() && global.endpoint.is_none() {
        return usage_exit(&"--endpoint <URL> is required: the API description names no server to call");
    }
    let Some((name, sub_matches)) = matches.remove_subcommand() else {
        return usage_exit(&"a subcommand is required; see --help");
    };
    let Some(subcommand) = program.subcommands.iter().find(|s| s.name == name) else {
        return usage_exit(&format_args!("unknown subcommand `{name}`"));
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_TRANSPORT);
        }
    };
    let call = Call {
        global,
        api_keys,
        program,
        subcommand,
        matches: sub_matches,
    };
    runtime.block_on(async {
        match (subcommand.run)(&call).await {
            Ok(code) => code,
            Err(e) => usage_exit(&e),
        }
    })
}

/// One run of a subcommand: the global options and the flags given.
pub struct Call {
    global: GlobalArgs,
    /// The API keys given, from the options of [`CredentialOptions::keys`].
    api_keys: ApiKeys,
    program: &'static Program,
    subcommand: &'static Subcommand,
    matches: clap::ArgMatches,
}

impl Call {
    /// The global options.
    pub fn global(&self) -> &GlobalArgs {
        &self.global
    }

    /// The parameter struct, from the parameter flags.
    pub fn params<T: DeserializeOwned>(&self) -> Result<T, UsageError> {
        from_object(self.object(Place::Param)?, "the parameters")
    }

    /// The request body: the object of `--body FILE` with the field flags
    /// given replacing its fields, or the field flags alone.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, UsageError> {
        let fields = self.object(Place::BodyField)?;
        let Some(file) = self.body_file()? else {
            return from_object(fields, "the body");
        };
        let mut body = read_json(file)?;
        if !fields.is_empty() {
            let Some(object) = body.as_object_mut() else {
                return Err(UsageError(format!(
                    "--body {file}: field flags were given too, but the file's body is not a JSON object"
                )));
            };
            object.extend(fields);
        }
        from_value(body, &format!("--body {file}"))
    }

    /// The request body when `--body` or any field flag is given.
    pub fn optional_body<T: DeserializeOwned>(&self) -> Result<Option<T>, UsageError> {
        let given = self.body_file()?.is_some() || !self.object(Place::BodyField)?.is_empty();
        if given {
            self.body().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Validates the input and builds the request with `build`; with
    /// `--dry-run` prints it, otherwise sends it with `send` and reports.
    pub async fn send<T, E, Fut>(
        &self,
        build: impl FnOnce() -> Result<RequestParts, crate::error::ValidationError>,
        send: impl FnOnce(Client) -> Fut,
    ) -> Result<ExitCode, UsageError>
    where
        T: Serialize,
        E: ApiError,
        Fut: std::future::Future<Output = Result<Response<T>, Error<E>>>,
    {
        match self.client_unless_dry_run(build())? {
            Some(client) => Ok(report(send(client).await, self.global.verbose)),
            None => Ok(ExitCode::from(EXIT_OK)),
        }
    }

    /// The client to send `parts` with, or `None` when `--dry-run` printed
    /// the request instead. Apart from `send`, so that it is compiled once.
    fn client_unless_dry_run(
        &self,
        parts: Result<RequestParts, crate::error::ValidationError>,
    ) -> Result<Option<Client>, UsageError> {
        // The parser requires `--endpoint` when the spec names no server.
        let client = self
            .global
            .client_with_keys(self.program.endpoint.unwrap_or_default(), self.api_keys.clone())?;
        let parts = parts?;
        // Why the request is shown unsigned, if it is.
        let (prepared, unsigned) = match client.prepare(&parts) {
            Ok(prepared) => (prepared, None),
            // Credentials are given but do not satisfy the operation: name
            // what a combined requirement still lacks, when it is that.
            Err(crate::http::PrepareError::Auth(e)) if !e.is_missing() => {
                return Err(UsageError(match self.program.credentials.needed(&e) {
                    Some(needed) => format!("{e}; give {needed} as well"),
                    None => e.to_string(),
                }));
            }
            Err(crate::http::PrepareError::Auth(e)) if e.is_missing() && !self.global.dry_run => {
                return Err(UsageError(format!(
                    "this operation needs credentials: give {}",
                    self.program.credentials.hint(&e)
                )));
            }
            // A dry run shows the request without credentials, marked so.
            Err(crate::http::PrepareError::Auth(e)) if e.is_missing() => {
                let prepared = client
                    .prepare(&parts.unauthenticated())
                    .map_err(|e| UsageError(e.to_string()))?;
                (prepared, Some(e))
            }
            Err(other) => return Err(UsageError(other.to_string())),
        };
        if !self.global.dry_run {
            return Ok(Some(client));
        }
        let mut shown = String::new();
        if let Some(unsigned) = unsigned {
            shown.push_str(&format!(
                "# Not signed: no credentials were given. To send it, give {}.\n",
                self.program.credentials.hint(&unsigned)
            ));
        }
        shown.push_str(&prepared.to_string());
        // The printed request ends with a line break, body or not.
        if !shown.ends_with('\n') {
            shown.push('\n');
        }
        print!("{shown}");
        let _ = std::io::stdout().flush();
        Ok(None)
    }

    fn body_file(&self) -> Result<Option<&str>, UsageError> {
        if self.subcommand.body == Body::None {
            return Ok(None);
        }
        self.matches
            .try_get_one::<String>("body")
            .map(|value| value.map(String::as_str))
            .map_err(|e| UsageError(format!("--body: {e}")))
    }

    /// The JSON object of the flags given for `place`: a repeated flag's
    /// items as an array.
    fn object(&self, place: Place) -> Result<serde_json::Map<String, serde_json::Value>, UsageError> {
        let mut map = serde_json::Map::new();
        for flag in self.subcommand.flags.iter().filter(|f| f.place == place) {
            let values = self
                .matches
                .try_get_many::<serde_json::Value>(flag.name)
                .map_err(|e| UsageError(format!("--{}: {e}", flag.name)))?;
            let Some(mut values) = values else {
                continue;
            };
            let value = if flag.repeated {
                serde_json::Value::Array(values.cloned().collect())
            } else {
                match values.next() {
                    Some(value) => value.clone(),
                    None => continue,
                }
            };
            map.insert(flag.key.to_owned(), value);
        }
        Ok(map)
    }
}

/// The JSON in `file` (`-` for standard input).
fn read_json(file: &str) -> Result<serde_json::Value, UsageError> {
    let mut text = String::new();
    let read = if file == "-" {
        std::io::stdin().read_to_string(&mut text)
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|e| UsageError(format!("--body {file}: {e}")))?;
    serde_json::from_str(&text).map_err(|e| UsageError(format!("--body {file}: not valid JSON: {e}")))
}

/// Where an unknown field is, as the input spells it: `pot.size`,
/// `items.0.name` (an optional value or a newtype adds no step).
fn field_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    let (parent, step) = match path {
        Path::Root => return String::new(),
        Path::Seq { parent, index } => (parent, index.to_string()),
        Path::Map { parent, key } => (parent, key.clone()),
        Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => {
            return field_path(parent);
        }
    };
    let parent = field_path(parent);
    if parent.is_empty() {
        step
    } else {
        format!("{parent}.{step}")
    }
}

fn from_object<T: DeserializeOwned>(
    object: serde_json::Map<String, serde_json::Value>,
    what: &str,
) -> Result<T, UsageError> {
    from_value(serde_json::Value::Object(object), what)
}

/// `value` as a `T`, refusing fields `T` does not have. The types accept
/// unknown fields so that responses may grow, but input naming a field the
/// request has not would be dropped silently: a misspelt field is refused.
fn from_value<T: DeserializeOwned>(value: serde_json::Value, what: &str) -> Result<T, UsageError> {
    let mut unknown = Vec::new();
    let parsed = serde_ignored::deserialize(value, |path| unknown.push(format!("`{}`", field_path(&path))));
    let parsed = parsed.map_err(|e| UsageError(format!("{what}: invalid input: {e}")))?;
    if unknown.is_empty() {
        Ok(parsed)
    } else {
        Err(UsageError(format!(
            "{what}: unknown field{} {}: the request has no such field",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", ")
        )))
    }
}

/// Reports a usage or validation error on stderr: exit code 2.
pub fn usage_exit(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(EXIT_USAGE)
}

fn verbose_headers(status: u16, headers: &reqwest::header::HeaderMap, request_id: Option<&str>) {
    eprintln!("HTTP {status}");
    for (name, value) in headers {
        let text = String::from_utf8_lossy(value.as_bytes());
        let shown = if value.is_sensitive() {
            "<redacted>".into()
        } else {
            crate::http::redact(name.as_str(), &text)
        };
        eprintln!("{name}: {shown}");
    }
    if let Some(id) = request_id {
        eprintln!("request id: {id}");
    }
}

/// Prints the outcome of a call and picks the exit code.
pub fn report<T: Serialize, E: ApiError>(result: Result<Response<T>, Error<E>>, verbose: bool) -> ExitCode {
    // Only the body's conversion depends on the operation; the rest is
    // compiled once.
    match result {
        Ok(response) => {
            if verbose {
                verbose_headers(response.status(), response.headers(), response.request_id());
            }
            print_body(serde_json::to_value(response.body()))
        }
        Err(Error::Validation(e)) => usage_exit(&e),
        Err(Error::Auth(e)) if e.is_missing() => {
            usage_exit(&"this operation needs credentials; see --help for the credential options")
        }
        Err(Error::Auth(e)) => usage_exit(&e),
        Err(Error::Transport(e)) => transport_exit(&e),
        Err(Error::Api(e)) => api_exit(e.details(), verbose),
    }
}

/// Prints a response body as JSON (nothing for no body): exit code 0.
fn print_body(body: serde_json::Result<serde_json::Value>) -> ExitCode {
    match body {
        Ok(serde_json::Value::Null) => {}
        Ok(body) => println!("{}", serde_json::to_string_pretty(&body).unwrap_or_default()),
        Err(e) => eprintln!("warning: the response body cannot be shown: {e}"),
    }
    ExitCode::from(EXIT_OK)
}

/// Reports a request that could not complete: exit code 4.
fn transport_exit(error: &crate::error::TransportError) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(EXIT_TRANSPORT)
}

/// Reports an error status as one JSON object on stderr: exit code 3.
fn api_exit(details: &dyn crate::error::ResponseDetails, verbose: bool) -> ExitCode {
    let request_id = details.request_id();
    if verbose {
        verbose_headers(details.status(), details.headers(), request_id.as_deref());
    }
    let mut object = serde_json::Map::new();
    object.insert("status".into(), details.status().into());
    if let Some(code) = details.error_code() {
        object.insert("error_code".into(), code.into());
    }
    if let Some(message) = details.error_msg() {
        object.insert("error_msg".into(), message.into());
    }
    if let Some(id) = request_id {
        object.insert("request_id".into(), id.into_owned().into());
    }
    if let Some(problem) = details.problem() {
        object.insert("problem".into(), problem.into());
    }
    eprintln!("{}", serde_json::Value::Object(object));
    // A success status whose body could not be read is not the service's
    // refusal: the response could not be read.
    if (200..300).contains(&details.status()) {
        ExitCode::from(EXIT_TRANSPORT)
    } else {
        ExitCode::from(EXIT_API)
    }
}
