//! The HTTP client: configuration, request assembly, authentication and
//! response reading. Operations call it; it knows nothing about them.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use tracing::Instrument;

use crate::auth::{ApiKeys, AuthError, AuthScheme, Credentials, Joint, KeyLocation};
use crate::error::{
    Error, ErrorResponse, FromUnexpected, Response, TransportError, UnexpectedResponse,
    ValidationError,
};
use crate::retry::RetryPolicy;
use crate::signer;

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole request, response body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Content type sent with requests that have no body, as the official SDKs do.
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";
/// Default limit on a response body; a longer body is cut and reported.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// An asynchronous client for the API. Cheap to clone: clones share one
/// connection pool and configuration, and may be used from many tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The endpoint without a trailing slash, e.g. `https://iam.myhuaweicloud.com`.
    base: String,
    /// Path prefix of the endpoint (may be empty), decoded.
    base_path: String,
    /// The `Host` header value for this endpoint.
    host: String,
    credentials: Option<Credentials>,
    api_keys: ApiKeys,
    user_agent: String,
    clock: Clock,
    max_response_bytes: usize,
    retry: RetryPolicy,
    connect_timeout: Duration,
    timeout: Duration,
}

/// The system's resolver (as `reqwest` uses by default), with a failure
/// that says which name could not be resolved.
struct Resolver;

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map(|addresses| addresses.collect::<Vec<std::net::SocketAddr>>());
            match found {
                Ok(addresses) => {
                    let addresses: reqwest::dns::Addrs = Box::new(addresses.into_iter());
                    Ok(addresses)
                }
                Err(cause) => Err(Box::new(crate::error::NameNotResolved { name: host, cause })
                    as Box<dyn std::error::Error + Send + Sync>),
            }
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.base)
            .field("credentials", &self.inner.credentials)
            .field("api_keys", &self.inner.api_keys)
            .field("user_agent", &self.inner.user_agent)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    endpoint: String,
    credentials: Option<Credentials>,
    api_keys: ApiKeys,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    clock: Clock,
    max_response_bytes: usize,
    retry: RetryPolicy,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("api_keys", &self.api_keys)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// The client could not be built.
#[derive(Debug)]
pub struct BuildError {
    message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the client: {}", self.message)
    }
}

impl std::error::Error for BuildError {}

impl ClientBuilder {
    /// Uses `credentials` for every request.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Uses `keys` for the operations that require API keys of several
    /// schemes together, each sent where its scheme says; besides
    /// [`ClientBuilder::credentials`], which operations requiring a bearer
    /// token or a user name and password as well take from there.
    pub fn api_keys(mut self, keys: ApiKeys) -> Self {
        self.api_keys = keys;
        self
    }

    /// Reads credentials from the environment (see [`Credentials::from_env`]);
    /// missing or half-set variables are an error here, not at the first call.
    pub fn credentials_from_env(self) -> Result<Self, AuthError> {
        Ok(self.credentials(Credentials::from_env()?))
    }

    /// Time allowed to open a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Largest response body read (default 8 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How failed attempts are retried (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The clock used for `X-Sdk-Date` (tests fix it to sign exactly).
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let error = |message: String| BuildError { message };
        let url = reqwest::Url::parse(&self.endpoint)
            .map_err(|e| error(format!("endpoint {:?} is not a URL: {e}", self.endpoint)))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(error(format!(
                "endpoint {:?} must be http or https",
                self.endpoint
            )));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(error(format!(
                "endpoint {:?} must not have a query or fragment",
                self.endpoint
            )));
        }
        let Some(host_name) = url.host_str() else {
            return Err(error(format!("endpoint {:?} has no host", self.endpoint)));
        };
        let host = match url.port() {
            Some(port) => format!("{host_name}:{port}"),
            None => host_name.to_owned(),
        };
        if HeaderValue::from_str(&self.user_agent).is_err() {
            return Err(error("the user agent is not a valid header value".into()));
        }
        let base_path = url.path().trim_end_matches('/').to_owned();
        let base = format!("{}://{host}{base_path}", url.scheme());
        let base_path = percent_decode(&base_path);
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(Resolver))
            .build()
            .map_err(|e| error(e.to_string()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                base_path,
                host,
                credentials: self.credentials,
                api_keys: self.api_keys,
                user_agent: self.user_agent,
                clock: self.clock,
                max_response_bytes: self.max_response_bytes,
                retry: self.retry,
                connect_timeout: self.connect_timeout,
                timeout: self.timeout,
            }),
        })
    }
}

impl Client {
    /// A builder for a client talking to `endpoint`, such as
    /// [`crate::DEFAULT_ENDPOINT`].
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            endpoint: endpoint.into(),
            credentials: None,
            api_keys: ApiKeys::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: crate::USER_AGENT.to_owned(),
            clock: Arc::new(SystemTime::now),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
        }
    }

    /// A client for `endpoint` with default settings and `credentials`.
    pub fn new(endpoint: impl Into<String>, credentials: Credentials) -> Result<Self, BuildError> {
        Self::builder(endpoint).credentials(credentials).build()
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.inner.base
    }

    /// Turns request parts into the exact request that would be sent now:
    /// URL, headers (signed where the credentials call for it) and body.
    /// Nothing is sent; the result can be shown (secrets redacted) or sent.
    pub fn prepare(&self, parts: &RequestParts) -> Result<PreparedRequest, PrepareError> {
        let inner = &*self.inner;
        for (name, value) in &parts.headers {
            if HeaderName::from_bytes(name.as_bytes()).is_err()
                || HeaderValue::from_str(value).is_err()
            {
                return Err(PrepareError::Validation(ValidationError::new(
                    *name,
                    "cannot be sent as a header: it holds a line break or another forbidden character",
                )));
            }
        }
        let scheme = crate::auth::choose(
            inner.credentials.as_ref(),
            &inner.api_keys,
            parts.auth,
            parts.operation,
        )
        .map_err(PrepareError::Auth)?;
        let path = format!("{}{}", inner.base_path, parts.path);
        let mut query = Cow::Borrowed(&parts.query);
        let mut secret_query = Vec::new();
        // The values that travel in the query, by parameter name.
        let mut query_keys: Vec<(&'static str, &str)> = Vec::new();
        match (scheme, &inner.credentials) {
            (Some(AuthScheme::ApiKeyQuery(name)), Some(Credentials::Token(token))) => {
                query_keys.push((name, token.expose()));
            }
            (Some(AuthScheme::Combined { keys, .. }), _) => {
                for key in keys {
                    if let (KeyLocation::Query(name), Some(value)) =
                        (key.location, inner.api_keys.get(key.scheme))
                    {
                        query_keys.push((name, value.expose()));
                    }
                }
            }
            _ => {}
        }
        for (name, value) in query_keys {
            query.to_mut().push((name.to_owned(), value.to_owned()));
            secret_query.push(name);
        }
        // The query goes out in canonical order, as the official SDKs send it,
        // so the URL is exactly what the signature covers.
        let mut url = format!("{}{}", inner.base, encode_path(&parts.path));
        if !query.is_empty() {
            url.push('?');
            url.push_str(&signer::canonical_query_string(&query));
        }
        // Header order follows the official SDKs: User-Agent, Content-Type
        // (sent even without a body), parameters, then authentication.
        let content_type = parts
            .body
            .as_ref()
            .map_or(DEFAULT_CONTENT_TYPE, |(t, _)| t.as_ref());
        let mut headers: Vec<(String, String)> = Vec::with_capacity(parts.headers.len() + 7);
        headers.push(("User-Agent".into(), inner.user_agent.clone()));
        headers.push(("Content-Type".into(), content_type.into()));
        for (name, value) in &parts.headers {
            headers.push(((*name).into(), value.clone()));
        }
        let parameters_end = headers.len();
        let body = parts
            .body
            .as_ref()
            .map(|(_, body)| body.clone())
            .unwrap_or_default();
        match (scheme, &inner.credentials) {
            (Some(AuthScheme::TokenHeader(header)), Some(Credentials::Token(token))) => {
                headers.push((header.into(), token.expose().into()));
            }
            (Some(AuthScheme::ApiKeyCookie(name)), Some(Credentials::Token(token))) => {
                add_cookie(&mut headers, name, token.expose());
            }
            (Some(AuthScheme::Bearer), Some(credentials @ Credentials::Bearer(_)))
            | (Some(AuthScheme::Basic), Some(credentials @ Credentials::Basic { .. })) => {
                headers.extend(authorization(credentials));
            }
            (Some(AuthScheme::Combined { keys, with }), credentials) => {
                for key in keys {
                    let Some(value) = inner.api_keys.get(key.scheme) else {
                        continue;
                    };
                    match key.location {
                        KeyLocation::Header(name) => {
                            headers.push((name.into(), value.expose().into()));
                        }
                        KeyLocation::Cookie(name) => add_cookie(&mut headers, name, value.expose()),
                        KeyLocation::Query(_) => {}
                    }
                }
                match (with, credentials) {
                    (Some(Joint::Bearer), Some(credentials @ Credentials::Bearer(_)))
                    | (Some(Joint::Basic), Some(credentials @ Credentials::Basic { .. })) => {
                        headers.extend(authorization(credentials));
                    }
                    _ => {}
                }
            }
            (Some(AuthScheme::AkSkSigning), Some(Credentials::AkSk(aksk))) => {
                let unix = (inner.clock)()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                let sdk_date = signer::format_sdk_date(unix);
                if let Some(domain) = aksk.domain_id() {
                    headers.push((signer::HEADER_DOMAIN_ID.into(), domain.into()));
                }
                if let Some(token) = aksk.security_token() {
                    headers.push((signer::HEADER_SECURITY_TOKEN.into(), token.expose().into()));
                }
                headers.push((signer::HEADER_SDK_DATE.into(), sdk_date.clone()));
                headers.push(("Host".into(), inner.host.clone()));
                let signature = signer::sign(
                    &signer::SignableRequest {
                        method: parts.method.as_str(),
                        path: &path,
                        query: &parts.query,
                        headers: &headers,
                        body: &body,
                    },
                    aksk.access_key(),
                    aksk.secret_key().expose(),
                    &sdk_date,
                );
                headers.push((signer::HEADER_AUTHORIZATION.into(), signature.authorization));
            }
            _ => {}
        }
        // Credentials reach here checked by their constructors, except a
        // `Secret` wrapped by hand: one the HTTP stack would refuse must stop
        // the request rather than let it go without the header.
        for (name, value) in &headers[parameters_end..] {
            if HeaderValue::from_str(value).is_err() {
                return Err(PrepareError::Auth(AuthError::new(format!(
                    "the credentials cannot be sent in the {name} header: they contain a control character"
                ))));
            }
        }
        Ok(PreparedRequest {
            operation: parts.operation,
            method: parts.method.clone(),
            url,
            secret_query,
            headers,
            body,
        })
    }

    /// Prepares, sends and reads one request, retrying as the client's
    /// [`RetryPolicy`] allows; every attempt is prepared (and signed) afresh.
    ///
    /// Only this wrapper is generic over the operation's error type: the
    /// work is done once for all operations, not compiled once for each.
    pub(crate) async fn execute<E>(&self, parts: RequestParts) -> Result<RawResponse, Error<E>> {
        self.execute_any(parts).await.map_err(Failure::into_error)
    }

    async fn execute_any(&self, parts: RequestParts) -> Result<RawResponse, Failure> {
        let span = tracing::info_span!(
            "huaweicloud_request",
            operation = parts.operation,
            method = %parts.method,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        if span.is_disabled() {
            // No subscriber wants it: skip the instrumentation wrapper.
            return self.execute_with_retries(parts, &span).await;
        }
        self.execute_with_retries(parts, &span)
            .instrument(span.clone())
            .await
    }

    async fn execute_with_retries(
        &self,
        parts: RequestParts,
        span: &tracing::Span,
    ) -> Result<RawResponse, Failure> {
        let policy = &self.inner.retry;
        let started = std::time::Instant::now();
        let mut attempt = 1;
        loop {
            span.record("attempt", attempt);
            let prepared = self.prepare(&parts).map_err(Failure::Prepare)?;
            let outcome = self.send(prepared).await;
            let retry_after = match &outcome {
                Ok(response) => {
                    span.record("status", response.status);
                    if let Some(id) = response.request_id() {
                        span.record("request_id", id);
                    }
                    if !policy.retries_status(&parts.method, response.status) {
                        span.record("duration_ms", started.elapsed().as_millis() as u64);
                        return outcome.map_err(Failure::Transport);
                    }
                    response
                        .headers
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                }
                // Only a connection that was never made is certainly unsent.
                Err(e) if e.kind() == crate::error::TransportErrorKind::Connect => None,
                Err(_) => {
                    span.record("duration_ms", started.elapsed().as_millis() as u64);
                    return outcome.map_err(Failure::Transport);
                }
            };
            let delay = policy.delay(
                attempt + 1,
                retry_after.as_deref(),
                (self.inner.clock)(),
                crate::retry::jitter(),
            );
            match delay {
                Some(delay) if attempt < policy.attempts() => {
                    tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                _ => {
                    span.record("duration_ms", started.elapsed().as_millis() as u64);
                    return outcome.map_err(Failure::Transport);
                }
            }
        }
    }

    /// Sends a prepared request once and reads its response, body included
    /// (up to the client's size limit).
    pub async fn send(&self, prepared: PreparedRequest) -> Result<RawResponse, TransportError> {
        let inner = &*self.inner;
        let mut headers = HeaderMap::with_capacity(prepared.headers.len());
        for (name, value) in &prepared.headers {
            // Checked in `prepare`; a failure here is skipped rather than sent half-formed.
            if let (Ok(name), Ok(mut value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                // Hidden from `Debug` of the HTTP stack, and never indexed by HTTP/2.
                value.set_sensitive(is_sensitive_header(name.as_str()));
                headers.append(name, value);
            }
        }
        let mut request = inner
            .http
            .request(prepared.method, prepared.url)
            .headers(headers);
        if !prepared.body.is_empty() {
            request = request.body(prepared.body);
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| {
                TransportError::from_reqwest(e, false, inner.connect_timeout, inner.timeout)
            })?;
        let status = response.status().as_u16();
        let mut headers = std::mem::take(response.headers_mut());
        // Marked so that `Debug` of a response or an error, and the
        // program's `--verbose`, never show them.
        for (name, value) in headers.iter_mut() {
            if is_sensitive_header(name.as_str()) {
                value.set_sensitive(true);
            }
        }
        let limit = inner.max_response_bytes;
        let mut body = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| {
                TransportError::from_reqwest(e, true, inner.connect_timeout, inner.timeout)
            })?
        {
            let room = limit.saturating_sub(body.len());
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            headers,
            body: bytes::Bytes::from(body),
            truncated,
        })
    }
}

/// Adds `name=value` to the request's `Cookie` header, starting it when
/// there is none yet.
fn add_cookie(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    let pair = format!("{name}={}", encode_cookie_value(value));
    match headers.iter_mut().find(|(header, _)| header == "Cookie") {
        Some((_, cookies)) => {
            cookies.push_str("; ");
            cookies.push_str(&pair);
        }
        None => headers.push(("Cookie".into(), pair)),
    }
}

/// The `Authorization` header of bearer and Basic credentials.
fn authorization(credentials: &Credentials) -> Option<(String, String)> {
    match credentials {
        Credentials::Bearer(token) => Some((
            "Authorization".into(),
            format!("Bearer {}", token.expose()),
        )),
        Credentials::Basic { username, password } => {
            use base64::Engine as _;
            let pair = format!("{username}:{}", password.expose());
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            Some(("Authorization".into(), format!("Basic {encoded}")))
        }
        Credentials::AkSk(_) | Credentials::Token(_) => None,
    }
}

/// Why a request could not be prepared.
#[derive(Debug)]
pub enum PrepareError {
    /// A header value cannot be sent.
    Validation(ValidationError),
    /// The client has no credentials the operation accepts.
    Auth(AuthError),
}

impl fmt::Display for PrepareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrepareError::Validation(e) => fmt::Display::fmt(e, f),
            PrepareError::Auth(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for PrepareError {}

impl PrepareError {
    /// As an operation error.
    pub fn into_error<E>(self) -> Error<E> {
        match self {
            PrepareError::Validation(e) => Error::Validation(e),
            PrepareError::Auth(e) => Error::Auth(e),
        }
    }
}

/// Why [`Client::execute`] got no response, before it becomes the
/// operation's error type.
enum Failure {
    Prepare(PrepareError),
    Transport(TransportError),
}

impl Failure {
    fn into_error<E>(self) -> Error<E> {
        match self {
            Failure::Prepare(e) => e.into_error(),
            Failure::Transport(e) => Error::Transport(e),
        }
    }
}

/// A request ready to go: exactly what [`Client::send`] puts on the wire.
///
/// `Debug` and `Display` redact tokens and the signature.
#[derive(Clone)]
pub struct PreparedRequest {
    operation: &'static str,
    method: reqwest::Method,
    url: String,
    /// The query parameters holding API keys, redacted wherever the URL is shown.
    secret_query: Vec<&'static str>,
    headers: Vec<(String, String)>,
    body: bytes::Bytes,
}

impl PreparedRequest {
    /// The operation id.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &reqwest::Method {
        &self.method
    }

    /// The full URL, query included.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The full URL with the values of the query parameters that carry
    /// API keys replaced by `<redacted>`.
    pub fn redacted_url(&self) -> Cow<'_, str> {
        if self.secret_query.is_empty() {
            return Cow::Borrowed(&self.url);
        }
        let Some((base, query)) = self.url.split_once('?') else {
            return Cow::Borrowed(&self.url);
        };
        let secret: Vec<String> = self
            .secret_query
            .iter()
            .map(|name| signer::percent_encode(name))
            .collect();
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) if secret.iter().any(|s| s == name) => {
                    format!("{name}=<redacted>")
                }
                _ => pair.to_owned(),
            })
            .collect();
        Cow::Owned(format!("{base}?{}", pairs.join("&")))
    }

    /// The headers in sending order, unredacted.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("url", &self.redacted_url())
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// The request as HTTP/1.1 text, secrets redacted.
impl fmt::Display for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.redacted_url();
        let target = url
            .find("://")
            .and_then(|scheme| url[scheme + 3..].find('/').map(|p| scheme + 3 + p))
            .map_or("/", |start| &url[start..]);
        writeln!(f, "{} {} HTTP/1.1", self.method, target)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {}", redact(name, value))?;
        }
        writeln!(f)?;
        f.write_str(&String::from_utf8_lossy(&self.body))
    }
}

struct RedactedHeaders<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.0
                    .iter()
                    .map(|(name, value)| (name, redact(name, value))),
            )
            .finish()
    }
}

/// A header value as it may be shown: secrets replaced (see
/// [`is_sensitive_header`]), the signature cut off `Authorization`.
pub fn redact<'v>(name: &str, value: &'v str) -> Cow<'v, str> {
    if name.eq_ignore_ascii_case("authorization") {
        match value.find("Signature=") {
            Some(at) => Cow::Owned(format!("{}Signature=<redacted>", &value[..at])),
            None => Cow::Borrowed("<redacted>"),
        }
    } else if is_sensitive_header(name) {
        Cow::Borrowed("<redacted>")
    } else {
        Cow::Borrowed(value)
    }
}

/// Whether a header (of a request or a response) carries a secret: the
/// known credential headers, any name containing a word that marks one,
/// and the headers the spec names as credentials. IAM answers token
/// requests with the new token in `X-Subject-Token`, so responses need it
/// as much as requests.
pub fn is_sensitive_header(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-auth-token",
        "x-subject-token",
        "x-security-token",
        "x-api-key",
    ];
    const WORDS: &[&str] = &[
        "token",
        "secret",
        "password",
        "passwd",
        "api-key",
        "apikey",
        "api_key",
        "credential",
        "signature",
        "session",
        "private",
    ];
    let lower = name.to_ascii_lowercase();
    NAMES.contains(&lower.as_str())
        || WORDS.iter().any(|word| lower.contains(word))
        || crate::CREDENTIAL_HEADERS
            .iter()
            .any(|header| header.eq_ignore_ascii_case(name))
}

/// The pieces of one request, built by the functions in [`crate::requests`]
/// from validated input; [`Client::prepare`] turns them into a request.
///
/// `Debug` redacts secret headers, as [`PreparedRequest`] does.
#[derive(Clone)]
pub struct RequestParts {
    operation: &'static str,
    method: reqwest::Method,
    auth: &'static [AuthScheme],
    /// Decoded path, e.g. `/v3.0/OS-MFA/virtual-mfa-devices`.
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<(Cow<'static, str>, bytes::Bytes)>,
}

impl fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        f.debug_struct("RequestParts")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("auth", &self.auth)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &RedactedHeaders(&headers))
            .field("body", &self.body.as_ref().map(|(t, b)| (t, b.len())))
            .finish()
    }
}

impl RequestParts {
    pub(crate) fn new(
        operation: &'static str,
        method: reqwest::Method,
        auth: &'static [AuthScheme],
    ) -> Self {
        RequestParts {
            operation,
            method,
            auth,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// The same request, sent without credentials: what a dry run shows
    /// when none were given.
    #[allow(dead_code)] // only the command-line program uses it
    pub(crate) fn unauthenticated(self) -> Self {
        RequestParts { auth: &[], ..self }
    }

    /// The operation id.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Appends literal path text or a (validated) path parameter value.
    pub(crate) fn path(&mut self, piece: &str) {
        self.path.push_str(piece);
    }

    /// Adds one query pair.
    #[allow(dead_code)] // only specs with query parameters use it
    pub(crate) fn query(&mut self, name: &str, value: impl ParamValue) {
        self.query
            .push((name.to_owned(), value.to_param().into_owned()));
    }

    /// Adds one query pair when the optional parameter is set.
    #[allow(dead_code)] // only specs with optional query parameters use it
    pub(crate) fn optional_query(&mut self, name: &str, value: Option<impl ParamValue>) {
        if let Some(value) = value {
            self.query(name, value);
        }
    }

    /// Adds one request header.
    #[allow(dead_code)] // only specs with header parameters use it
    pub(crate) fn header(&mut self, name: &'static str, value: impl ParamValue) {
        self.headers.push((name, value.to_param().into_owned()));
    }

    /// Adds one cookie to the `Cookie` header (`name=value; name2=value2`),
    /// which is then sent and signed like every other header. The value is
    /// percent-encoded where a cookie value cannot hold it as it is.
    #[allow(dead_code)] // only specs with cookie parameters use it
    pub(crate) fn cookie(&mut self, name: &str, value: impl ParamValue) {
        let pair = format!("{name}={}", encode_cookie_value(&value.to_param()));
        match self
            .headers
            .iter_mut()
            .find(|(header, _)| *header == "Cookie")
        {
            Some((_, cookies)) => {
                cookies.push_str("; ");
                cookies.push_str(&pair);
            }
            None => self.headers.push(("Cookie", pair)),
        }
    }

    /// Sets a body of raw bytes sent as `content_type`.
    #[allow(dead_code)] // only specs with non-JSON request bodies use it
    pub(crate) fn bytes(&mut self, content_type: &'static str, body: bytes::Bytes) {
        self.body = Some((Cow::Borrowed(content_type), body));
    }

    /// Adds the pairs an array, object or union value makes as the query
    /// parameter `name` in `style`.
    #[allow(dead_code)] // only specs with structured query parameters use it
    pub(crate) fn query_value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        style: Style,
        explode: bool,
        value: &T,
    ) -> Result<(), ValidationError> {
        let value = to_json_value(name, value)?;
        value_pairs(name, style, explode, &value, &mut self.query);
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body: one pair per
    /// property, in name order (as the value's JSON object holds them),
    /// nested values in brackets (`a[b]=1`, `a[0]=x`) unless `styles`
    /// names the property with a style of its own.
    #[allow(dead_code)] // only specs with form bodies use it
    pub(crate) fn form<T: serde::Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        body: &T,
        styles: &[(&str, Style, bool)],
    ) -> Result<(), ValidationError> {
        let value = to_json_value("body", body)?;
        let serde_json::Value::Object(properties) = &value else {
            return Err(ValidationError::new(
                "body",
                "a form body must be an object of named fields",
            ));
        };
        let mut pairs = Vec::new();
        for (key, item) in properties {
            let (style, explode) = styles
                .iter()
                .find(|(name, _, _)| name == key)
                .map_or((Style::DeepObject, true), |(_, style, explode)| {
                    (*style, *explode)
                });
            value_pairs(key, style, explode, item, &mut pairs);
        }
        let encoded = pairs
            .iter()
            .map(|(key, value)| {
                format!(
                    "{}={}",
                    signer::percent_encode(key),
                    signer::percent_encode(value)
                )
            })
            .collect::<Vec<_>>()
            .join("&");
        self.body = Some((Cow::Borrowed(content_type), bytes::Bytes::from(encoded)));
        Ok(())
    }

    /// Sets a `multipart/form-data` body: in name order, one part per property (one per
    /// item of an array of scalars), objects as JSON parts, and the
    /// properties `files` names (with their content types) as file parts
    /// holding the property's bytes. The boundary is the first of
    /// `boundary-0`, `boundary-1`, ... that no part contains, so the same
    /// input always makes the same bytes.
    #[allow(dead_code)] // only specs with multipart bodies use it
    pub(crate) fn multipart<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        files: &[(&str, &str)],
    ) -> Result<(), ValidationError> {
        use serde_json::Value;
        let value = to_json_value("body", body)?;
        let Value::Object(properties) = &value else {
            return Err(ValidationError::new(
                "body",
                "a multipart body must be an object of named fields",
            ));
        };
        let mut parts: Vec<Part<'_>> = Vec::new();
        let part = |name, file, content_type, content| Part {
            name,
            file,
            content_type,
            content,
        };
        for (key, item) in properties {
            if let Some((_, file_type)) = files.iter().find(|(name, _)| name == key) {
                let content = match item {
                    Value::Null => continue,
                    Value::String(text) => text.as_bytes().to_vec(),
                    Value::Array(bytes) => bytes
                        .iter()
                        .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                        .collect::<Option<Vec<u8>>>()
                        .ok_or_else(|| ValidationError::new(key.as_str(), "is not bytes"))?,
                    _ => return Err(ValidationError::new(key.as_str(), "is not bytes")),
                };
                parts.push(part(key, true, Some(file_type), content));
                continue;
            }
            match item {
                Value::Null => {}
                Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => {
                    for item in items {
                        parts.push(part(key, false, None, value_text(item).into_bytes()));
                    }
                }
                Value::Array(_) | Value::Object(_) => {
                    parts.push(part(
                        key,
                        false,
                        Some("application/json"),
                        value_text(item).into_bytes(),
                    ));
                }
                _ => parts.push(part(key, false, None, value_text(item).into_bytes())),
            }
        }
        let contains = |haystack: &[u8], needle: &[u8]| {
            haystack.windows(needle.len()).any(|window| window == needle)
        };
        let boundary = (0u64..)
            .map(|n| format!("boundary-{n}"))
            .find(|b| !parts.iter().any(|p| contains(&p.content, b.as_bytes())))
            .unwrap_or_default();
        let mut out = Vec::new();
        for part in &parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quoted_part_name(part.name);
            let disposition = match part.file {
                true => format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\n"),
                false => format!("Content-Disposition: form-data; name=\"{name}\"\r\n"),
            };
            out.extend_from_slice(disposition.as_bytes());
            if let Some(content_type) = part.content_type {
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.content);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some((
            Cow::Owned(format!("multipart/form-data; boundary={boundary}")),
            bytes::Bytes::from(out),
        ));
        Ok(())
    }

    /// Sets a JSON body, serialized as the official SDKs do.
    #[allow(dead_code)] // only specs with request bodies use it
    pub(crate) fn json<T: serde::Serialize>(
        &mut self,
        content_type: &'static str,
        body: &T,
    ) -> Result<(), ValidationError> {
        let bytes = crate::json::to_vec(body)
            .map_err(|e| ValidationError::new("body", format!("cannot be encoded as JSON: {e}")))?;
        self.body = Some((Cow::Borrowed(content_type), bytes::Bytes::from(bytes)));
        Ok(())
    }
}

/// A value that can travel in a path, query or header.
pub trait ParamValue {
    /// The value as text, before percent-encoding.
    fn to_param(&self) -> Cow<'_, str>;
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

display_param!(bool, i32, i64, u64, f32, f64);

/// A cookie value with every byte outside RFC 6265's `cookie-octet` (and
/// `%` itself) percent-encoded.
#[allow(dead_code)] // only specs with cookie parameters use it
fn encode_cookie_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        let plain = matches!(byte, 0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
        if plain {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Joins the values of a non-exploded array parameter with `delimiter`
/// (`,` in `form` and `simple` style).
#[allow(dead_code)] // only specs with `explode: false` arrays use it
pub(crate) fn join_values<T: ParamValue>(values: &[T], delimiter: &str) -> String {
    values
        .iter()
        .map(|v| v.to_param().into_owned())
        .collect::<Vec<_>>()
        .join(delimiter)
}

/// How an array or object value is spelled in a query, path, header or
/// form body (OpenAPI's `style`); scalars are the same in every style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `a=1&a=2` exploded, `a=1,2` not; an object's properties as pairs
    /// of their own exploded, `a=k,v,k2,v2` not.
    Form,
    /// `1,2`; an object as `k,v,k2,v2`, or `k=v,k2=v2` exploded.
    Simple,
    /// An array as `a=1 2`.
    SpaceDelimited,
    /// An array as `a=1|2`.
    PipeDelimited,
    /// `a[k]=v`, nested as deep as the value (`a[k][0]=v`).
    DeepObject,
}

/// The text of a scalar, and JSON text for anything else (a value nested
/// deeper than its style can spell).
#[allow(dead_code)] // only specs with structured parameters or form bodies use it
fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => value.to_string(),
        _ => crate::json::to_vec(value)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default(),
    }
}

/// The pairs `value` makes as the query parameter or form field `name`.
/// `null` makes none.
#[allow(dead_code)] // only specs with structured parameters or form bodies use it
pub(crate) fn value_pairs(
    name: &str,
    style: Style,
    explode: bool,
    value: &serde_json::Value,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    match (value, style) {
        (Value::Null, _) => {}
        (Value::Array(items), Style::DeepObject) => {
            for (index, item) in items.iter().enumerate() {
                value_pairs(&format!("{name}[{index}]"), style, explode, item, out);
            }
        }
        (Value::Object(properties), Style::DeepObject) => {
            for (key, item) in properties {
                value_pairs(&format!("{name}[{key}]"), style, explode, item, out);
            }
        }
        (Value::Array(items), Style::Form) if explode => {
            out.extend(items.iter().map(|item| (name.to_owned(), value_text(item))));
        }
        (Value::Object(properties), Style::Form) if explode => {
            out.extend(
                properties
                    .iter()
                    .filter(|(_, item)| !item.is_null())
                    .map(|(key, item)| (key.clone(), value_text(item))),
            );
        }
        (Value::Array(_) | Value::Object(_), _) => {
            out.push((name.to_owned(), joined_value(value, style, explode)));
        }
        _ => out.push((name.to_owned(), value_text(value))),
    }
}

/// An array or object as one value: items joined by the style's
/// delimiter; an object's keys and values alternating, or `key=value`
/// when exploded in `simple` style.
#[allow(dead_code)] // only specs with structured parameters use it
pub(crate) fn joined_value(value: &serde_json::Value, style: Style, explode: bool) -> String {
    let delimiter = match style {
        Style::SpaceDelimited => " ",
        Style::PipeDelimited => "|",
        Style::Form | Style::Simple | Style::DeepObject => ",",
    };
    match value {
        serde_json::Value::Array(items) => items
            .iter()
            .map(value_text)
            .collect::<Vec<_>>()
            .join(delimiter),
        serde_json::Value::Object(properties) => properties
            .iter()
            .filter(|(_, item)| !item.is_null())
            .map(|(key, item)| {
                if explode && style == Style::Simple {
                    format!("{key}={}", value_text(item))
                } else {
                    format!("{key}{delimiter}{}", value_text(item))
                }
            })
            .collect::<Vec<_>>()
            .join(delimiter),
        _ => value_text(value),
    }
}

/// `value` as JSON, for a parameter or body the styles spell.
#[allow(dead_code)] // only specs with structured parameters or form bodies use it
pub(crate) fn to_json_value<T: serde::Serialize + ?Sized>(
    field: &str,
    value: &T,
) -> Result<serde_json::Value, ValidationError> {
    serde_json::to_value(value)
        .map_err(|e| ValidationError::new(field, format!("cannot be encoded: {e}")))
}

/// One part of a multipart body.
#[allow(dead_code)] // only specs with multipart bodies use it
struct Part<'a> {
    name: &'a str,
    /// Whether it is a file part (with a `filename`).
    file: bool,
    content_type: Option<&'a str>,
    content: Vec<u8>,
}

/// A part name as it may stand between quotes in `Content-Disposition`:
/// quotes, backslashes and line breaks percent-encoded, as browsers do.
#[allow(dead_code)] // only specs with multipart bodies use it
fn quoted_part_name(name: &str) -> String {
    name.replace('%', "%25")
        .replace('"', "%22")
        .replace('\\', "%5C")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A response as read from the wire, before the operation decodes it.
#[derive(Debug)]
pub struct RawResponse {
    status: u16,
    headers: HeaderMap,
    body: bytes::Bytes,
    truncated: bool,
}

impl RawResponse {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as read (cut at the client's size limit).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Whether the body was longer than the client's size limit.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// The `X-Request-Id` response header, when present.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    fn too_large(&self) -> Option<String> {
        self.truncated.then(|| {
            format!(
                "the body is larger than the {} bytes the client reads",
                self.body.len()
            )
        })
    }

    /// A success without a body to decode.
    #[allow(dead_code)] // only specs with a success response without a body use it
    pub(crate) fn empty(self) -> Response<()> {
        Response::new(self.status, self.headers, ())
    }

    /// A success with a JSON body.
    #[allow(dead_code)] // only specs whose success responses have a body use it
    pub(crate) fn json<T: serde::de::DeserializeOwned>(
        self,
    ) -> Result<Response<T>, UnexpectedResponse> {
        let body = self.decode::<T>()?;
        Ok(Response::new(self.status, self.headers, body))
    }

    /// A success whose body is not JSON: the raw bytes.
    #[allow(dead_code)] // only specs with non-JSON success bodies use it
    pub(crate) fn bytes(self) -> Result<Response<bytes::Bytes>, UnexpectedResponse> {
        if let Some(problem) = self.too_large() {
            return Err(UnexpectedResponse::new(
                self.status,
                self.headers,
                &self.body,
                Some(problem),
            ));
        }
        Ok(Response::new(self.status, self.headers, self.body))
    }

    /// A documented error status whose body is not JSON: the raw bytes.
    #[allow(dead_code)] // only specs with non-JSON error bodies use it
    pub(crate) fn error_bytes(self) -> Result<ErrorResponse<bytes::Bytes>, UnexpectedResponse> {
        if let Some(problem) = self.too_large() {
            return Err(UnexpectedResponse::new(
                self.status,
                self.headers,
                &self.body,
                Some(problem),
            ));
        }
        Ok(ErrorResponse::new(
            self.status,
            self.headers,
            self.body.clone(),
            self.body,
        ))
    }

    /// A documented error status with a JSON body.
    #[allow(dead_code)] // only specs documenting an error status with a body use it
    pub(crate) fn error_json<T: serde::de::DeserializeOwned>(
        self,
    ) -> Result<ErrorResponse<T>, UnexpectedResponse> {
        let body = self.decode::<T>()?;
        Ok(ErrorResponse::new(
            self.status,
            self.headers,
            body,
            self.body,
        ))
    }

    /// A documented error status without a documented body.
    #[allow(dead_code)] // only specs documenting an error status without a body use it
    pub(crate) fn error_empty(self) -> ErrorResponse<()> {
        ErrorResponse::new(self.status, self.headers, (), self.body)
    }

    /// A status the spec does not document.
    pub(crate) fn unexpected(self) -> UnexpectedResponse {
        let problem = self.too_large();
        UnexpectedResponse::new(self.status, self.headers, &self.body, problem)
    }

    /// A success with a JSON body, or `E`'s `Unexpected` variant when it
    /// does not decode.
    #[allow(dead_code)] // only specs whose success responses have a body use it
    pub(crate) fn ok_json<T: serde::de::DeserializeOwned, E: FromUnexpected>(
        self,
    ) -> Result<Response<T>, Error<E>> {
        self.json().map_err(|u| Error::Api(E::from_unexpected(u)))
    }

    /// A success with a raw body, or `E`'s `Unexpected` variant when it is too large.
    #[allow(dead_code)] // only specs with non-JSON success bodies use it
    pub(crate) fn ok_bytes<E: FromUnexpected>(self) -> Result<Response<bytes::Bytes>, Error<E>> {
        self.bytes().map_err(|u| Error::Api(E::from_unexpected(u)))
    }

    /// A documented error status with a JSON body, as `variant`, or as
    /// `Unexpected` when the body does not decode.
    #[allow(dead_code)] // only specs documenting an error status with a body use it
    pub(crate) fn fail_json<T: serde::de::DeserializeOwned, S, E: FromUnexpected>(
        self,
        variant: fn(ErrorResponse<T>) -> E,
    ) -> Result<S, Error<E>> {
        Err(Error::Api(
            self.error_json().map_or_else(E::from_unexpected, variant),
        ))
    }

    /// A documented error status whose body is not JSON, as `variant`.
    #[allow(dead_code)] // only specs with non-JSON error bodies use it
    pub(crate) fn fail_bytes<S, E: FromUnexpected>(
        self,
        variant: fn(ErrorResponse<bytes::Bytes>) -> E,
    ) -> Result<S, Error<E>> {
        Err(Error::Api(
            self.error_bytes().map_or_else(E::from_unexpected, variant),
        ))
    }

    /// A documented error status without a documented body, as `variant`.
    #[allow(dead_code)] // only specs documenting an error status without a body use it
    pub(crate) fn fail_empty<S, E>(self, variant: fn(ErrorResponse<()>) -> E) -> Result<S, Error<E>> {
        Err(Error::Api(variant(self.error_empty())))
    }

    /// A status the spec does not document, as `E`'s `Unexpected` variant.
    pub(crate) fn fail<S, E: FromUnexpected>(self) -> Result<S, Error<E>> {
        Err(Error::Api(E::from_unexpected(self.unexpected())))
    }

    fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, UnexpectedResponse> {
        let problem = match self.too_large() {
            Some(problem) => problem,
            None => match serde_json::from_slice::<T>(&self.body) {
                Ok(body) => return Ok(body),
                Err(e) => format!("the body is not the documented JSON: {e}"),
            },
        };
        Err(UnexpectedResponse::new(
            self.status,
            self.headers.clone(),
            &self.body,
            Some(problem),
        ))
    }
}

/// Percent-encodes each segment of a decoded path, keeping the slashes.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(signer::percent_encode)
        .collect::<Vec<_>>()
        .join("/")
}

/// Decodes `%XX` escapes (for an endpoint's own path prefix).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
