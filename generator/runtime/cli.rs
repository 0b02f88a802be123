//! Support for the generated command-line program: global options,
//! credentials, bodies from flags or files, output and exit codes.

use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::auth::{AkSk, Credentials};
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

/// Options shared by every subcommand.
#[derive(Clone, Debug, clap::Args)]
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
    /// Whole-request timeout in seconds.
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Print the status, response headers and request id on stderr.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Print the fully signed request (secrets redacted) and send nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
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
                if let Some(token) = &self.token {
                    builder = builder.credentials(Credentials::token(token.as_str()).map_err(|e| usage(&e))?);
                }
            }
        }
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

/// How a flag's text becomes a JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// Taken as a JSON string.
    Text,
    /// Parsed as JSON (numbers, booleans, arrays, objects).
    Json,
}

/// Builds a value from `--body FILE` (`-` for stdin) or from the flags,
/// each `(name, value, kind)` with `name` the JSON field name.
pub fn value_from<T: DeserializeOwned>(
    body_file: Option<&str>,
    flags: &[(&str, Option<&str>, FlagKind)],
) -> Result<T, UsageError> {
    let value = match body_file {
        Some(file) => {
            let mut text = String::new();
            let read = if file == "-" {
                std::io::stdin().read_to_string(&mut text)
            } else {
                std::fs::File::open(file).and_then(|mut f| f.read_to_string(&mut text))
            };
            read.map_err(|e| UsageError(format!("--body {file}: {e}")))?;
            serde_json::from_str(&text).map_err(|e| UsageError(format!("--body {file}: not valid JSON: {e}")))?
        }
        None => {
            let mut map = serde_json::Map::new();
            for (name, value, kind) in flags {
                let Some(raw) = value else { continue };
                let value = match kind {
                    FlagKind::Text => serde_json::Value::String((*raw).to_owned()),
                    FlagKind::Json => serde_json::from_str(raw)
                        .map_err(|e| UsageError(format!("--{}: not a valid value: {e}", name.replace('_', "-"))))?,
                };
                map.insert((*name).to_owned(), value);
            }
            serde_json::Value::Object(map)
        }
    };
    serde_json::from_value(value).map_err(|e| UsageError(format!("invalid input: {e}")))
}

/// Runs one subcommand: `build` validates input and builds the request;
/// with `--dry-run` it is printed, otherwise `call` sends it.
pub async fn run<T, E, Fut>(
    global: &GlobalArgs,
    default_endpoint: &str,
    build: impl FnOnce() -> Result<RequestParts, UsageError>,
    call: impl FnOnce(Client) -> Fut,
) -> ExitCode
where
    T: Serialize,
    E: ApiError,
    Fut: std::future::Future<Output = Result<Response<T>, Error<E>>>,
{
    let client = match global.client(default_endpoint) {
        Ok(client) => client,
        Err(e) => return usage_exit(&e),
    };
    let parts = match build() {
        Ok(parts) => parts,
        Err(e) => return usage_exit(&e),
    };
    if global.dry_run {
        return match client.prepare(&parts) {
            Ok(prepared) => {
                print!("{prepared}");
                let _ = std::io::stdout().flush();
                ExitCode::from(EXIT_OK)
            }
            Err(e) => usage_exit(&e),
        };
    }
    report(call(client).await, global.verbose)
}

/// Reports a usage or validation error on stderr: exit code 2.
pub fn usage_exit(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(EXIT_USAGE)
}

fn verbose_headers(status: u16, headers: &reqwest::header::HeaderMap, request_id: Option<&str>) {
    eprintln!("HTTP {status}");
    for (name, value) in headers {
        eprintln!("{name}: {}", String::from_utf8_lossy(value.as_bytes()));
    }
    if let Some(id) = request_id {
        eprintln!("request id: {id}");
    }
}

/// Prints the outcome of a call and picks the exit code.
pub fn report<T: Serialize, E: ApiError>(result: Result<Response<T>, Error<E>>, verbose: bool) -> ExitCode {
    match result {
        Ok(response) => {
            if verbose {
                verbose_headers(response.status(), response.headers(), response.request_id());
            }
            match serde_json::to_value(response.body()) {
                Ok(serde_json::Value::Null) => {}
                Ok(body) => println!("{}", serde_json::to_string_pretty(&body).unwrap_or_default()),
                Err(e) => eprintln!("warning: the response body cannot be shown: {e}"),
            }
            ExitCode::from(EXIT_OK)
        }
        Err(Error::Validation(e)) => usage_exit(&e),
        Err(Error::Auth(e)) => usage_exit(&e),
        Err(Error::Transport(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_TRANSPORT)
        }
        Err(Error::Api(e)) => {
            let details = e.details();
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
            eprintln!("{}", serde_json::Value::Object(object));
            ExitCode::from(EXIT_API)
        }
    }
}
