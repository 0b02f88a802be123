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

/// Values of API keys, each named by its security scheme (the name under
/// `components/securitySchemes`, such as `clientId`), for the operations
/// that require several schemes together; each value goes where its scheme
/// says. `Debug` shows the names, never the values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiKeys {
    keys: Vec<(String, Secret)>,
}

impl ApiKeys {
    /// No keys yet.
    pub fn new() -> Self {
        ApiKeys::default()
    }

    /// Adds the value of the scheme `scheme`, replacing an earlier one.
    /// Fails when the value is empty or holds a control character.
    pub fn with(
        mut self,
        scheme: impl Into<String>,
        value: impl Into<String>,
    ) -> Result<Self, AuthError> {
        let scheme = scheme.into();
        let value = value.into();
        let what = format!("API key {scheme:?}");
        if value.is_empty() {
            return Err(AuthError::new(format!("the {what} is empty")));
        }
        check_header_safe(&what, &value)?;
        match self.keys.iter_mut().find(|(known, _)| *known == scheme) {
            Some((_, known)) => *known = Secret(value),
            None => self.keys.push((scheme, Secret(value))),
        }
        Ok(self)
    }

    /// The value of the scheme `scheme`, if given.
    pub fn get(&self, scheme: &str) -> Option<&Secret> {
        self.keys
            .iter()
            .find(|(known, _)| known == scheme)
            .map(|(_, value)| value)
    }

    /// Whether no key is given.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// An API key that an operation requires together with other schemes:
/// whose value it is, and where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKey {
    /// The security scheme's name: the key the value is given under in
    /// [`ApiKeys`].
    pub scheme: &'static str,
    /// Where the value goes.
    pub location: KeyLocation,
}

/// Where an API key goes, and under which name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// The named header.
    Header(&'static str),
    /// The named query parameter.
    Query(&'static str),
    /// The named cookie.
    Cookie(&'static str),
}

/// The `Authorization` scheme sent beside API keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joint {
    /// The client's [`Credentials::Bearer`].
    Bearer,
    /// The client's [`Credentials::Basic`].
    Basic,
}

impl Joint {
    /// What the scheme asks for, as messages say it.
    fn wanted(self) -> &'static str {
        match self {
            Joint::Bearer => "a bearer token",
            Joint::Basic => "a user name and password",
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
    /// Several schemes at once: every one of `keys` from the client's
    /// [`ApiKeys`], and the client's credentials of the kind `with` names.
    Combined {
        /// The API keys, each sent where its scheme says.
        keys: &'static [ApiKey],
        /// The `Authorization` scheme sent as well, if any.
        with: Option<Joint>,
    },
}

impl AuthScheme {
    /// What the scheme asks for, as messages say it.
    fn wanted(&self) -> String {
        match self {
            AuthScheme::AkSkSigning => "AK/SK signing".to_owned(),
            AuthScheme::TokenHeader(_)
            | AuthScheme::ApiKeyQuery(_)
            | AuthScheme::ApiKeyCookie(_) => "a token".to_owned(),
            AuthScheme::Bearer => Joint::Bearer.wanted().to_owned(),
            AuthScheme::Basic => Joint::Basic.wanted().to_owned(),
            AuthScheme::Anonymous => "none".to_owned(),
            AuthScheme::Combined { keys, with } => {
                let names: Vec<String> = keys.iter().map(|k| format!("{:?}", k.scheme)).collect();
                let mut text = match names.len() {
                    1 => format!("the API key {}", names[0]),
                    _ => format!("the API keys {} together", join(&names)),
                };
                if let Some(joint) = with {
                    text.push_str(" with ");
                    text.push_str(joint.wanted());
                }
                text
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Credentials are missing, malformed, or not accepted by the operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthError {
    message: String,
    missing: bool,
    missing_keys: Vec<&'static str>,
    missing_joint: Option<Joint>,
}

impl AuthError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        AuthError {
            message: message.into(),
            missing: false,
            missing_keys: Vec::new(),
            missing_joint: None,
        }
    }

    /// Whether the client had no credentials at all (rather than unusable
    /// or unaccepted ones), so that a program can say how to give them.
    pub fn is_missing(&self) -> bool {
        self.missing
    }

    /// The schemes whose API keys the operation needs and the client
    /// lacks, for the alternative it comes closest to satisfying.
    pub fn missing_keys(&self) -> &[&'static str] {
        &self.missing_keys
    }

    /// The `Authorization` scheme that alternative needs and the client
    /// lacks, if any.
    pub fn missing_joint(&self) -> Option<Joint> {
        self.missing_joint
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

/// Which of `accepted` the credentials and API keys satisfy, or why none.
/// `Ok(None)` means the request goes without credentials: the operation
/// needs none, or accepts [`AuthScheme::Anonymous`] and nothing configured
/// matches.
pub(crate) fn choose(
    credentials: Option<&Credentials>,
    keys: &ApiKeys,
    accepted: &[AuthScheme],
    operation: &str,
) -> Result<Option<AuthScheme>, AuthError> {
    if accepted.is_empty() {
        return Ok(None);
    }
    let found = accepted
        .iter()
        .copied()
        .find(|scheme| lacking(scheme, credentials, keys).is_none());
    if let Some(scheme) = found {
        return Ok(Some(scheme));
    }
    if accepted.contains(&AuthScheme::Anonymous) {
        return Ok(None);
    }
    // The combined alternative that lacks the fewest parts, and those parts.
    let closest = accepted
        .iter()
        .filter_map(|scheme| lacking(scheme, credentials, keys).map(|lack| (scheme, lack)))
        .filter(|(scheme, _)| matches!(scheme, AuthScheme::Combined { .. }))
        .min_by_key(|(_, (keys, joint))| keys.len() + usize::from(joint.is_some()));
    let (missing_keys, missing_joint) = closest
        .as_ref()
        .map(|(_, (keys, joint))| (keys.clone(), *joint))
        .unwrap_or_default();
    let wanted: Vec<String> = accepted.iter().map(AuthScheme::wanted).collect();
    if credentials.is_none() && keys.is_empty() {
        let message = if closest.is_none() {
            format!("{operation} needs credentials; configure them with ClientBuilder::credentials")
        } else {
            let needs_credentials = accepted
                .iter()
                .any(|scheme| !matches!(scheme, AuthScheme::Combined { with: None, .. }));
            let how = if needs_credentials {
                "ClientBuilder::api_keys and ClientBuilder::credentials"
            } else {
                "ClientBuilder::api_keys"
            };
            format!(
                "{operation} needs {}; configure them with {how}",
                wanted.join(" or ")
            )
        };
        return Err(AuthError {
            missing: true,
            missing_keys,
            missing_joint,
            ..AuthError::new(message)
        });
    }
    // Some API keys are configured and a combined requirement is the
    // closest: say what it still lacks.
    if let (Some((scheme, (lacking_keys, joint))), false) = (&closest, keys.is_empty()) {
        let mut lack: Vec<String> = lacking_keys
            .iter()
            .map(|name| format!("the API key {name:?}"))
            .collect();
        lack.extend(joint.map(|joint| joint.wanted().to_owned()));
        return Err(AuthError {
            missing_keys,
            missing_joint,
            ..AuthError::new(format!(
                "{operation} needs {}, but the client lacks {}",
                scheme.wanted(),
                join(&lack)
            ))
        });
    }
    let has = match credentials {
        Some(credentials) if keys.is_empty() => credentials.kind().to_owned(),
        Some(credentials) => format!("{} and API keys", credentials.kind()),
        None => "only API keys".to_owned(),
    };
    Err(AuthError {
        missing_keys,
        missing_joint,
        ..AuthError::new(format!(
            "{operation} accepts only {}, but the client has {has}",
            wanted.join(" or "),
        ))
    })
}

/// What the client lacks to satisfy `scheme`: the schemes of the missing
/// API keys, and the missing `Authorization` scheme (an empty list and
/// `None` for a single scheme of the wrong kind); `None` when it has all.
fn lacking(
    scheme: &AuthScheme,
    credentials: Option<&Credentials>,
    keys: &ApiKeys,
) -> Option<(Vec<&'static str>, Option<Joint>)> {
    let has = |joint: Joint| {
        matches!(
            (joint, credentials),
            (Joint::Bearer, Some(Credentials::Bearer(_)))
                | (Joint::Basic, Some(Credentials::Basic { .. }))
        )
    };
    let single = match (scheme, credentials) {
        (AuthScheme::Combined { keys: wanted, with }, _) => {
            let missing: Vec<&'static str> = wanted
                .iter()
                .map(|key| key.scheme)
                .filter(|name| keys.get(name).is_none())
                .collect();
            let joint = with.filter(|joint| !has(*joint));
            return (!missing.is_empty() || joint.is_some()).then_some((missing, joint));
        }
        (AuthScheme::AkSkSigning, Some(Credentials::AkSk(_)))
        | (
            AuthScheme::TokenHeader(_) | AuthScheme::ApiKeyQuery(_) | AuthScheme::ApiKeyCookie(_),
            Some(Credentials::Token(_)),
        ) => true,
        (AuthScheme::Bearer, _) => has(Joint::Bearer),
        (AuthScheme::Basic, _) => has(Joint::Basic),
        _ => false,
    };
    (!single).then(|| (Vec::new(), None))
}
