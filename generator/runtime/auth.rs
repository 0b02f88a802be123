//! Credentials, configured once on the client, and how they reach a request.

use std::fmt;

/// Environment variable holding the access key.
pub const ENV_ACCESS_KEY: &str = "HUAWEICLOUD_SDK_AK";
/// Environment variable holding the secret key.
pub const ENV_SECRET_KEY: &str = "HUAWEICLOUD_SDK_SK";
/// Environment variable holding the security token of temporary credentials.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// Environment variable holding the account (domain) id.
pub const ENV_DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
/// Environment variable holding an IAM token.
pub const ENV_AUTH_TOKEN: &str = "HUAWEICLOUD_SDK_AUTH_TOKEN";

/// A secret string: never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it must be used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// An access key / secret key pair, optionally temporary (with a security
/// token) and scoped to an account (domain) id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AkSk {
    access_key: String,
    secret_key: Secret,
    security_token: Option<Secret>,
    domain_id: Option<String>,
}

impl AkSk {
    /// Permanent credentials. Fails when either key is empty or holds a
    /// character that cannot travel in a header.
    pub fn new(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Result<Self, AuthError> {
        let access_key = access_key.into();
        let secret_key = secret_key.into();
        if access_key.trim().is_empty() {
            return Err(AuthError::new("the access key is empty"));
        }
        if secret_key.is_empty() {
            return Err(AuthError::new("the secret key is empty"));
        }
        check_header_safe("access key", &access_key)?;
        check_header_safe("secret key", &secret_key)?;
        Ok(AkSk {
            access_key,
            secret_key: Secret(secret_key),
            security_token: None,
            domain_id: None,
        })
    }

    /// Adds the security token of temporary credentials (sent as `X-Security-Token`).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Result<Self, AuthError> {
        let token = token.into();
        if token.is_empty() {
            return Err(AuthError::new("the security token is empty"));
        }
        check_header_safe("security token", &token)?;
        self.security_token = Some(Secret(token));
        Ok(self)
    }

    /// Adds the account (domain) id (sent as `X-Domain-Id`), which global
    /// services such as IAM expect with AK/SK.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Result<Self, AuthError> {
        let domain_id = domain_id.into();
        if domain_id.is_empty() {
            return Err(AuthError::new("the domain id is empty"));
        }
        check_header_safe("domain id", &domain_id)?;
        self.domain_id = Some(domain_id);
        Ok(self)
    }

    /// The access key (not secret).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    pub(crate) fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    /// The security token, if these are temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }

    /// The account (domain) id, if set.
    pub fn domain_id(&self) -> Option<&str> {
        self.domain_id.as_deref()
    }
}

/// How the client proves who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// AK/SK request signing.
    AkSk(AkSk),
    /// A token or API key, sent where the operation's `apiKey` scheme
    /// puts it: the header (`X-Auth-Token` for IAM), query parameter or
    /// cookie it names.
    Token(Secret),
    /// An access token sent as `Authorization: Bearer <token>` (HTTP bearer,
    /// OAuth 2.0 and OpenID Connect schemes).
    Bearer(Secret),
    /// A user name and password sent as `Authorization: Basic <base64>`.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
}

impl Credentials {
    /// Token credentials. Fails when the token is empty or holds a control
    /// character.
    pub fn token(token: impl Into<String>) -> Result<Self, AuthError> {
        let token = token.into();
        if token.is_empty() {
            return Err(AuthError::new("the token is empty"));
        }
        check_header_safe("token", &token)?;
        Ok(Credentials::Token(Secret(token)))
    }

    /// An access token for `Authorization: Bearer`. Fails when the token is
    /// empty or holds a control character.
    pub fn bearer(token: impl Into<String>) -> Result<Self, AuthError> {
        let token = token.into();
        if token.is_empty() {
            return Err(AuthError::new("the bearer token is empty"));
        }
        check_header_safe("bearer token", &token)?;
        Ok(Credentials::Bearer(Secret(token)))
    }

    /// A user name and password for `Authorization: Basic`. Fails when the
    /// user name is empty or holds a `:` (which would end it early), or
    /// either holds a control character.
    pub fn basic(
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Result<Self, AuthError> {
        let username = username.into();
        let password = password.into();
        if username.is_empty() {
            return Err(AuthError::new("the user name is empty"));
        }
        if username.contains(':') {
            return Err(AuthError::new(
                "the user name contains `:`, which Basic authentication cannot carry",
            ));
        }
        check_header_safe("user name", &username)?;
        check_header_safe("password", &password)?;
        Ok(Credentials::Basic {
            username,
            password: Secret(password),
        })
    }

    /// What kind of credentials these are, for messages.
    fn kind(&self) -> &'static str {
        match self {
            Credentials::AkSk(_) => "AK/SK credentials",
            Credentials::Token(_) => "a token",
            Credentials::Bearer(_) => "a bearer token",
            Credentials::Basic { .. } => "a user name and password",
        }
    }

    /// Credentials from the environment variables the official SDKs read:
    /// `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (with the optional
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_DOMAIN_ID`), or
    /// else `HUAWEICLOUD_SDK_AUTH_TOKEN`.
    pub fn from_env() -> Result<Self, AuthError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, AuthError> {
        let get = |name: &str| lookup(name).filter(|v| !v.is_empty());
        match (get(ENV_ACCESS_KEY), get(ENV_SECRET_KEY)) {
            (Some(ak), Some(sk)) => {
                let mut aksk = AkSk::new(ak, sk)?;
                if let Some(token) = get(ENV_SECURITY_TOKEN) {
                    aksk = aksk.with_security_token(token)?;
                }
                if let Some(domain) = get(ENV_DOMAIN_ID) {
                    aksk = aksk.with_domain_id(domain)?;
                }
                Ok(Credentials::AkSk(aksk))
            }
            (Some(_), None) => Err(AuthError::new(format!(
                "{ENV_ACCESS_KEY} is set but {ENV_SECRET_KEY} is not"
            ))),
            (None, Some(_)) => Err(AuthError::new(format!(
                "{ENV_SECRET_KEY} is set but {ENV_ACCESS_KEY} is not"
            ))),
            (None, None) => match get(ENV_AUTH_TOKEN) {
                Some(token) => Credentials::token(token),
                None => Err(AuthError::new(format!(
                    "no credentials in the environment: set {ENV_ACCESS_KEY} and {ENV_SECRET_KEY}, or {ENV_AUTH_TOKEN}"
                ))),
            },
        }
    }
}

/// A way an operation accepts to be authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// A token in the named header.
    TokenHeader(&'static str),
    /// A token (API key) in the named query parameter.
    ApiKeyQuery(&'static str),
    /// A token (API key) in the named cookie.
    ApiKeyCookie(&'static str),
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// AK/SK signing.
    AkSkSigning,
    /// No credentials: authentication is optional (the spec's empty security
    /// requirement `{}`). Credentials matching another accepted scheme are
    /// still used; without them the request is sent unauthenticated.
    Anonymous,
}

/// Credentials are missing, malformed, or not accepted by the operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthError {
    message: String,
    missing: bool,
}

impl AuthError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        AuthError {
            message: message.into(),
            missing: false,
        }
    }

    /// Whether the client had no credentials at all (rather than unusable
    /// or unaccepted ones), so that a program can say how to give them.
    pub fn is_missing(&self) -> bool {
        self.missing
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "credentials: {}", self.message)
    }
}

impl std::error::Error for AuthError {}

/// Refuses control characters: a header value holding one is refused by the
/// HTTP stack, which would then send the request without that header rather
/// than fail. The message gives the position, never the secret.
fn check_header_safe(what: &str, value: &str) -> Result<(), AuthError> {
    if let Some(at) = value.chars().position(char::is_control) {
        return Err(AuthError::new(format!(
            "the {what} contains a control character (character {}), which cannot be sent in a header",
            at + 1
        )));
    }
    Ok(())
}

/// Which of `accepted` the credentials satisfy, or why none. `Ok(None)`
/// means the request goes without credentials: the operation needs none, or
/// accepts [`AuthScheme::Anonymous`] and no configured credentials match.
pub(crate) fn choose(
    credentials: Option<&Credentials>,
    accepted: &[AuthScheme],
    operation: &str,
) -> Result<Option<AuthScheme>, AuthError> {
    if accepted.is_empty() {
        return Ok(None);
    }
    let found = accepted.iter().copied().find(|scheme| {
        matches!(
            (scheme, credentials),
            (AuthScheme::AkSkSigning, Some(Credentials::AkSk(_)))
                | (
                    AuthScheme::TokenHeader(_)
                        | AuthScheme::ApiKeyQuery(_)
                        | AuthScheme::ApiKeyCookie(_),
                    Some(Credentials::Token(_))
                )
                | (AuthScheme::Bearer, Some(Credentials::Bearer(_)))
                | (AuthScheme::Basic, Some(Credentials::Basic { .. }))
        )
    });
    let optional = accepted.contains(&AuthScheme::Anonymous);
    match (found, credentials) {
        (Some(scheme), _) => Ok(Some(scheme)),
        (None, _) if optional => Ok(None),
        (None, None) => Err(AuthError {
            missing: true,
            ..AuthError::new(format!(
                "{operation} needs credentials; configure them with ClientBuilder::credentials"
            ))
        }),
        (None, Some(credentials)) => {
            let wanted: Vec<&str> = accepted
                .iter()
                .map(|scheme| match scheme {
                    AuthScheme::AkSkSigning => "AK/SK signing",
                    AuthScheme::TokenHeader(_)
                    | AuthScheme::ApiKeyQuery(_)
                    | AuthScheme::ApiKeyCookie(_) => "a token",
                    AuthScheme::Bearer => "a bearer token",
                    AuthScheme::Basic => "a user name and password",
                    AuthScheme::Anonymous => "none",
                })
                .collect();
            Err(AuthError::new(format!(
                "{operation} accepts only {}, but the client has {}",
                wanted.join(" or "),
                credentials.kind()
            )))
        }
    }
}
