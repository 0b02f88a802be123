//! Errors and responses shared by every operation.

use std::borrow::Cow;
use std::fmt;

use reqwest::header::HeaderMap;

/// How many bytes of an unexpected body are kept for diagnostics.
pub const RAW_BODY_PREFIX: usize = 4096;

/// A successful response: status, headers and the decoded body.
#[derive(Clone, Debug)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: u16, headers: HeaderMap, body: T) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `X-Request-Id` response header, when present.
    pub fn request_id(&self) -> Option<&str> {
        header_str(&self.headers, "x-request-id")
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

/// What every error response offers, documented or not.
pub trait ResponseDetails {
    /// The HTTP status code.
    fn status(&self) -> u16;
    /// The response headers.
    fn headers(&self) -> &HeaderMap;
    /// The raw body as received (at most [`RAW_BODY_PREFIX`] bytes for
    /// unexpected responses).
    fn raw_body(&self) -> &[u8];

    /// The request id: the `X-Request-Id` header, or else the `request_id`
    /// field of a JSON error body.
    fn request_id(&self) -> Option<Cow<'_, str>> {
        header_str(self.headers(), "x-request-id")
            .map(Cow::Borrowed)
            .or_else(|| envelope(self.raw_body()).request_id.map(Cow::Owned))
    }

    /// The service's error code, from an `{"error_code": ...}` or a
    /// Keystone-style `{"error": {"code": ...}}` body.
    fn error_code(&self) -> Option<String> {
        envelope(self.raw_body()).code
    }

    /// The service's error message, from an `{"error_msg": ...}` or a
    /// Keystone-style `{"error": {"message": ...}}` body.
    fn error_msg(&self) -> Option<String> {
        envelope(self.raw_body()).message
    }

    /// Why the body could not be decoded as documented, when it could not.
    fn problem(&self) -> Option<&str> {
        None
    }
}

/// A documented error status with its documented body (`()` when the
/// status documents none).
#[derive(Clone, Debug)]
pub struct ErrorResponse<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
    raw: bytes::Bytes,
}

impl<T> ErrorResponse<T> {
    #[allow(dead_code)] // only specs documenting an error status use it
    pub(crate) fn new(status: u16, headers: HeaderMap, body: T, raw: bytes::Bytes) -> Self {
        ErrorResponse {
            status,
            headers,
            body,
            raw,
        }
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id: the `X-Request-Id` header, or else the body's `request_id`.
    pub fn request_id(&self) -> Option<Cow<'_, str>> {
        ResponseDetails::request_id(self)
    }

    /// The service's error code, when the body carried one.
    pub fn error_code(&self) -> Option<String> {
        ResponseDetails::error_code(self)
    }

    /// The service's error message, when the body carried one.
    pub fn error_msg(&self) -> Option<String> {
        ResponseDetails::error_msg(self)
    }
}

impl<T> ResponseDetails for ErrorResponse<T> {
    fn status(&self) -> u16 {
        self.status
    }
    fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    fn raw_body(&self) -> &[u8] {
        &self.raw
    }
}

/// A response the spec does not describe: an undocumented status, or a
/// documented one whose body could not be decoded.
#[derive(Clone, Debug)]
pub struct UnexpectedResponse(Box<Unexpected>);

#[derive(Clone, Debug)]
struct Unexpected {
    status: u16,
    headers: HeaderMap,
    body_prefix: bytes::Bytes,
    problem: Option<String>,
}

impl UnexpectedResponse {
    pub(crate) fn new(
        status: u16,
        headers: HeaderMap,
        body: &bytes::Bytes,
        problem: Option<String>,
    ) -> Self {
        let keep = body.len().min(RAW_BODY_PREFIX);
        UnexpectedResponse(Box::new(Unexpected {
            status,
            headers,
            body_prefix: body.slice(..keep),
            problem,
        }))
    }

    /// Why the body could not be decoded; `None` for an undocumented status.
    pub fn problem(&self) -> Option<&str> {
        self.0.problem.as_deref()
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.0.status
    }
}

impl ResponseDetails for UnexpectedResponse {
    fn problem(&self) -> Option<&str> {
        self.0.problem.as_deref()
    }
    fn status(&self) -> u16 {
        self.0.status
    }
    fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }
    fn raw_body(&self) -> &[u8] {
        &self.0.body_prefix
    }
}

/// Implemented by each operation's error enum.
pub trait ApiError: std::error::Error {
    /// The response behind the error, whichever variant it is.
    fn details(&self) -> &dyn ResponseDetails;
}

/// Builds an operation error enum's `Unexpected` variant.
pub(crate) trait FromUnexpected {
    /// The `Unexpected` variant holding `response`.
    fn from_unexpected(response: UnexpectedResponse) -> Self;
}

/// Implements `Debug` (as the derive would), [`ApiError`], `Display`,
/// `std::error::Error` and `FromUnexpected` for an operation's error enum:
/// its name, its operation id, and its variants other than `Unexpected`
/// (each holds an [`ErrorResponse`]). The methods are `#[inline]`, so a
/// crate with thousands of operations compiles them only where they are
/// used.
macro_rules! api_error {
    ($name:ident, $operation:literal, [$($variant:ident),* $(,)?]) => {
        impl ::std::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(Self::$variant(details) => f.debug_tuple(stringify!($variant)).field(details).finish(),)*
                    Self::Unexpected(details) => f.debug_tuple("Unexpected").field(details).finish(),
                }
            }
        }

        impl $crate::error::ApiError for $name {
            #[inline]
            fn details(&self) -> &dyn $crate::error::ResponseDetails {
                match self {
                    $(Self::$variant(details) => details,)*
                    Self::Unexpected(details) => details,
                }
            }
        }

        impl $crate::error::FromUnexpected for $name {
            #[inline]
            fn from_unexpected(response: $crate::error::UnexpectedResponse) -> Self {
                Self::Unexpected(response)
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::error::describe(f, $operation, $crate::error::ApiError::details(self))
            }
        }

        impl ::std::error::Error for $name {}

        impl $name {
            /// The HTTP status.
            #[inline]
            pub fn status(&self) -> u16 {
                $crate::error::ApiError::details(self).status()
            }

            /// The request id: the `X-Request-Id` header, or else the body's `request_id`.
            #[inline]
            pub fn request_id(&self) -> Option<::std::borrow::Cow<'_, str>> {
                $crate::error::ApiError::details(self).request_id()
            }

            /// The service's error code, when the body carried one.
            #[inline]
            pub fn error_code(&self) -> Option<String> {
                $crate::error::ApiError::details(self).error_code()
            }

            /// The service's error message, when the body carried one.
            #[inline]
            pub fn error_msg(&self) -> Option<String> {
                $crate::error::ApiError::details(self).error_msg()
            }
        }
    };
}
pub(crate) use api_error;

/// A value rejected before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    field: String,
    message: String,
}

impl ValidationError {
    /// A validation error about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ValidationError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The field at fault, e.g. `serial_number` or `items[2].name`.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong with it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// The request could not be completed: nothing usable came back.
///
/// `Display` names the host and the cause (connection refused, name not
/// resolved, a timeout and its length, or the lowest-level error's own
/// words, such as a TLS failure); the underlying `reqwest::Error` is
/// available from [`TransportError::reqwest`] rather than as `source()`,
/// whose text `Display` already carries.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    host: Option<String>,
    cause: String,
    source: Option<reqwest::Error>,
}

/// What kind of transport failure happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made.
    Connect,
    /// A timeout expired.
    Timeout,
    /// The request could not be built or sent.
    Request,
    /// The response body could not be read.
    Body,
}

/// The error a client's resolver gives for a host name with no address;
/// [`TransportError`] finds it among the causes to say so.
#[derive(Debug)]
pub(crate) struct NameNotResolved {
    pub(crate) name: String,
    pub(crate) cause: std::io::Error,
}

impl fmt::Display for NameNotResolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "name {:?} not resolved: {}", self.name, self.cause)
    }
}

impl std::error::Error for NameNotResolved {}

impl TransportError {
    /// `error` from `reqwest`, in a client whose connect timeout is
    /// `connect_timeout` and whose whole-request timeout is `timeout`.
    pub(crate) fn from_reqwest(
        error: reqwest::Error,
        while_reading_body: bool,
        connect_timeout: std::time::Duration,
        timeout: std::time::Duration,
    ) -> Self {
        let kind = if error.is_timeout() {
            TransportErrorKind::Timeout
        } else if error.is_connect() {
            TransportErrorKind::Connect
        } else if while_reading_body {
            TransportErrorKind::Body
        } else {
            TransportErrorKind::Request
        };
        let host = error.url().and_then(|url| {
            let host = url.host_str()?;
            Some(match url.port_or_known_default() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            })
        });
        let cause = if error.is_timeout() {
            let (which, limit) = if error.is_connect() {
                ("connecting", connect_timeout)
            } else {
                ("the whole request", timeout)
            };
            format!("timed out after {} s ({which})", seconds(limit))
        } else {
            cause_of(&error)
        };
        TransportError {
            kind,
            host,
            cause,
            source: Some(error.without_url()),
        }
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The host (and port) the request went to, when known.
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// The underlying HTTP client's error.
    pub fn reqwest(&self) -> Option<&reqwest::Error> {
        self.source.as_ref()
    }
}

/// A duration in seconds as people write it: `10`, `0.5`.
fn seconds(duration: std::time::Duration) -> String {
    let text = format!("{:.3}", duration.as_secs_f64());
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The cause of a transport failure in a few words: found by the type of an
/// error along the chain of causes where one says it exactly, else the
/// lowest-level error's own text.
fn cause_of(error: &reqwest::Error) -> String {
    let mut current: &(dyn std::error::Error + 'static) = error;
    loop {
        if let Some(name) = current.downcast_ref::<NameNotResolved>() {
            return name.to_string();
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return "connection refused".into(),
                std::io::ErrorKind::ConnectionReset => return "connection reset".into(),
                std::io::ErrorKind::ConnectionAborted => return "connection aborted".into(),
                _ => {}
            }
        }
        match current.source() {
            Some(next) => current = next,
            None => return current.to_string(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "no answer",
            TransportErrorKind::Request => "could not send the request",
            TransportErrorKind::Body => "could not read the response body",
        };
        match (self.kind, &self.host) {
            (TransportErrorKind::Body, Some(host)) => write!(f, "{what} from {host}")?,
            (_, Some(host)) => write!(f, "{what} to {host}")?,
            (_, None) => f.write_str(what)?,
        }
        write!(f, ": {}", self.cause)
    }
}

impl std::error::Error for TransportError {}

/// Everything an operation can fail with; `E` is the operation's own error
/// enum, one variant per documented status.
#[derive(Debug)]
pub enum Error<E> {
    /// A value was rejected before anything was sent.
    Validation(ValidationError),
    /// The client has no credentials the operation accepts, or they are unusable.
    Auth(crate::auth::AuthError),
    /// The request did not complete.
    Transport(TransportError),
    /// The service answered with an error status (or an unreadable response).
    Api(E),
}

impl<E: ApiError> Error<E> {
    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.details().status()),
            _ => None,
        }
    }

    /// The request id, when the service answered with one.
    pub fn request_id(&self) -> Option<Cow<'_, str>> {
        match self {
            Error::Api(e) => e.details().request_id(),
            _ => None,
        }
    }

    /// The service's error code, when the body carried one.
    pub fn error_code(&self) -> Option<String> {
        match self {
            Error::Api(e) => e.details().error_code(),
            _ => None,
        }
    }

    /// The service's error message, when the body carried one.
    pub fn error_msg(&self) -> Option<String> {
        match self {
            Error::Api(e) => e.details().error_msg(),
            _ => None,
        }
    }
}

/// Each variant shows its error's text; `source()` continues from that
/// error's own cause, so a chain of causes prints each message once.
impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "request not sent: {e}"),
            Error::Auth(e) => write!(f, "request not sent: {e}"),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Api(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => e.source(),
            Error::Auth(e) => e.source(),
            Error::Transport(e) => e.source(),
            Error::Api(e) => e.source(),
        }
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

/// Writes the one-line description shared by every operation error.
pub fn describe(
    f: &mut fmt::Formatter<'_>,
    operation: &str,
    details: &dyn ResponseDetails,
) -> fmt::Result {
    write!(f, "{operation} failed with HTTP {}", details.status())?;
    if let Some(code) = details.error_code() {
        write!(f, ": {code}")?;
    }
    if let Some(message) = details.error_msg() {
        write!(f, ": {message}")?;
    }
    if let Some(id) = details.request_id() {
        write!(f, " (request id {id})")?;
    }
    if let Some(problem) = details.problem() {
        write!(f, "; the response could not be read: {problem}")?;
    }
    Ok(())
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The fields of an error envelope, whichever style the service used.
#[derive(Default)]
struct Envelope {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

fn envelope(raw: &[u8]) -> Envelope {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(raw)
    else {
        return Envelope::default();
    };
    let text = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let keystone = map.get("error").and_then(|e| e.as_object());
    Envelope {
        code: text(map.get("error_code")).or_else(|| keystone.and_then(|e| text(e.get("code")))),
        message: text(map.get("error_msg"))
            .or_else(|| keystone.and_then(|e| text(e.get("message")))),
        request_id: text(map.get("request_id")),
    }
}
