//! The [`OpenTok`] client and its [`ClientBuilder`]. This file imports no area: each area adds its
//! operations to [`OpenTok`] in its own file's `impl OpenTok` block.

use std::{fmt, future::Future, sync::Arc, time::Duration};

use reqwest::header::HeaderValue;

use crate::{
    credentials::{ApiSecret, ApplicationKey, Credentials, ProjectKey},
    error::{CredentialKind, Error, Result},
    transport::{error_from_raw, raw, raw::ClientInfo as _, RetryConfig, Transport},
};

/// The platform's default API URL for API key and secret credentials.
pub const DEFAULT_API_URL: &str = "https://api.opentok.com";
/// The platform's default API URL for Vonage application credentials.
pub const DEFAULT_VONAGE_API_URL: &str = "https://video.api.vonage.com";
/// The default timeout of one request attempt, from sending to the end of the response body: 20 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// A client for one account of the Vonage Video API (formerly OpenTok): a Vonage application (application
/// id and private key: [`OpenTok::with_application`], as new accounts have) or an OpenTok project (API key
/// and secret: [`OpenTok::new`]). Every operation works with both. Cheap to clone (one `Arc`), `Send` and
/// `Sync`.
#[derive(Clone)]
pub struct OpenTok {
    inner: Arc<Inner>,
}

struct Inner {
    raw: raw::Client,
    credentials: Arc<Credentials>,
    api_url: String,
    timeout: Duration,
}

impl OpenTok {
    /// A client for the OpenTok project with this API key and secret, talking to [`DEFAULT_API_URL`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if the key is not numeric or the secret is empty, or if the HTTP client
    /// cannot be built.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> Result<Self> {
        Self::builder(api_key, api_secret).build()
    }

    /// A builder for a key-and-secret client with a custom API URL, timeout, retries, User-Agent suffix
    /// or HTTP client.
    pub fn builder(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> ClientBuilder {
        ClientBuilder::new(CredentialsInput::Project { api_key: api_key.into(), secret: api_secret.into() })
    }

    /// A client for the Vonage application with this id (a UUID) and RSA private key (PEM text: PKCS#8
    /// `BEGIN PRIVATE KEY`, as the dashboard hands it out, or PKCS#1 `BEGIN RSA PRIVATE KEY`), talking to
    /// [`DEFAULT_VONAGE_API_URL`]. Every request carries `Authorization: Bearer` with a fresh RS256 JWT, and
    /// client tokens are RS256 JWTs.
    ///
    /// ```no_run
    /// # fn f() -> opentok_sdk::Result<()> {
    /// let pem = std::fs::read_to_string("private.key").expect("the application's key");
    /// let ot = opentok_sdk::OpenTok::with_application("7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a", pem)?;
    /// # let _ = ot; Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `application_id` (not a UUID) or `private_key` (a public key, an
    /// EC key, an encrypted or damaged PEM, ...); the key's text never appears in the error.
    pub fn with_application(application_id: impl Into<String>, private_key_pem: impl Into<ApiSecret>) -> Result<Self> {
        Self::application_builder(application_id, private_key_pem).build()
    }

    /// A builder for a Vonage application client, with every option of [`OpenTok::builder`].
    pub fn application_builder(
        application_id: impl Into<String>,
        private_key_pem: impl Into<ApiSecret>,
    ) -> ClientBuilder {
        ClientBuilder::new(CredentialsInput::Application {
            application_id: application_id.into(),
            private_key: private_key_pem.into(),
        })
    }

    /// A client configured from the environment (see [`ClientBuilder::from_env`] for the variables, and to
    /// change other settings too).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the variable that is missing or invalid.
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// The same client with another retry configuration, for one call or a few: it shares the connection
    /// pool and credentials, and costs one allocation. The way to let a `POST` be retried
    /// ([`RetryConfig::with_non_idempotent`]) where you know repeating it is harmless.
    ///
    /// ```no_run
    /// # async fn f(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// use opentok_sdk::RetryConfig;
    /// let retrying = ot.with_retry(RetryConfig::standard().with_non_idempotent(true));
    /// retrying.signal(&session_id).signal_type("chat").data("hello").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn with_retry(&self, retry: RetryConfig) -> Self {
        let inner = &self.inner;
        let transport = inner.raw.inner().with_retry(retry);
        let raw = raw::Client::new_with_client(&inner.api_url, inner.raw.client().clone(), transport);
        Self {
            inner: Arc::new(Inner {
                raw,
                credentials: Arc::clone(&inner.credentials),
                api_url: inner.api_url.clone(),
                timeout: inner.timeout,
            }),
        }
    }

    /// Which kind of credentials this client signs with.
    pub fn credential_kind(&self) -> CredentialKind {
        self.inner.credentials.kind()
    }

    /// The project's API key, for a key-and-secret client.
    pub fn api_key(&self) -> Option<&str> {
        match &*self.inner.credentials {
            Credentials::Project(key) => Some(key.api_key()),
            Credentials::Application(_) => None,
        }
    }

    /// The Vonage application id, for an application client.
    pub fn application_id(&self) -> Option<&str> {
        match &*self.inner.credentials {
            Credentials::Project(_) => None,
            Credentials::Application(app) => Some(app.id()),
        }
    }

    /// What request paths carry in place of `{apiKey}`: the API key or the application id.
    pub fn account_id(&self) -> &str {
        self.inner.credentials.account_id()
    }

    /// The API URL this client talks to (without a trailing slash).
    pub fn api_url(&self) -> &str {
        &self.inner.api_url
    }

    pub(crate) fn raw(&self) -> &raw::Client {
        &self.inner.raw
    }

    pub(crate) fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// Awaits one generated call and turns its outcome into ours.
    pub(crate) async fn call<T>(
        &self,
        request: impl Future<Output = std::result::Result<raw::ResponseValue<T>, raw::Error<raw::types::ErrorBody>>>,
    ) -> Result<T> {
        let started = self.inner.raw.inner().call_started();
        match request.await {
            Ok(value) => Ok(value.into_inner()),
            Err(err) => Err(error_from_raw(err, self.inner.raw.inner(), started)
                .await
                .signed_with(self.inner.credentials.kind())),
        }
    }
}

impl fmt::Debug for OpenTok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenTok")
            .field("credentials", &self.inner.credentials)
            .field("api_url", &self.inner.api_url)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

/// Builder for [`OpenTok`]; see [`OpenTok::builder`].
#[must_use = "call .build()"]
pub struct ClientBuilder {
    credentials: CredentialsInput,
    api_url: Option<String>,
    timeout: Duration,
    user_agent_suffix: Option<String>,
    http_client: Option<reqwest::Client>,
    retry: RetryConfig,
}

/// Credentials as given, checked by [`ClientBuilder::build`].
#[derive(Debug)]
enum CredentialsInput {
    Project { api_key: String, secret: ApiSecret },
    Application { application_id: String, private_key: ApiSecret },
}

impl ClientBuilder {
    fn new(credentials: CredentialsInput) -> Self {
        Self {
            credentials,
            api_url: None,
            timeout: DEFAULT_TIMEOUT,
            user_agent_suffix: None,
            http_client: None,
            retry: RetryConfig::disabled(),
        }
    }

    /// A builder configured from the environment, so that an environment-configured client can still set
    /// its timeout, retries and User-Agent. One set of credentials must be present, whole:
    ///
    /// * a Vonage application: `VONAGE_APPLICATION_ID` with `VONAGE_PRIVATE_KEY` (the PEM text) or
    ///   `VONAGE_PRIVATE_KEY_PATH` (a file holding it);
    /// * an OpenTok project: `OPENTOK_API_KEY` with `OPENTOK_API_SECRET`.
    ///
    /// `OPENTOK_API_URL` (or `VONAGE_API_URL`), if set, overrides the default API URL.
    ///
    /// ```no_run
    /// # fn f() -> opentok_sdk::Result<()> {
    /// use std::time::Duration;
    /// let ot = opentok_sdk::ClientBuilder::from_env()?.with_timeout(Duration::from_secs(5)).build()?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the variable that is missing.
    pub fn from_env() -> Result<Self> {
        Self::from_vars(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// [`from_env`](Self::from_env) with the variables read through `var`.
    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        const APP_VARS: &str = "VONAGE_APPLICATION_ID with VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH";
        const KEY_VARS: &str = "OPENTOK_API_KEY with OPENTOK_API_SECRET";
        let app_id = var("VONAGE_APPLICATION_ID");
        let (pem, pem_path) = (var("VONAGE_PRIVATE_KEY"), var("VONAGE_PRIVATE_KEY_PATH"));
        let (api_key, secret) = (var("OPENTOK_API_KEY"), var("OPENTOK_API_SECRET"));
        let any_app = app_id.is_some() || pem.is_some() || pem_path.is_some();
        let any_key = api_key.is_some() || secret.is_some();
        let mut builder = match (any_app, any_key) {
            (true, true) => {
                return Err(Error::invalid(
                    "environment",
                    format!("holds two sets of credentials: set either {APP_VARS}, or {KEY_VARS}, not both"),
                ))
            }
            (false, false) => {
                return Err(Error::invalid(
                    "environment",
                    format!("holds no credentials: set {APP_VARS}, or {KEY_VARS}"),
                ))
            }
            (true, false) => {
                let application_id = app_id.ok_or_else(|| {
                    Error::invalid("VONAGE_APPLICATION_ID", "is not set, but the other VONAGE_ variables are")
                })?;
                let pem = match (pem, pem_path) {
                    (Some(_), Some(_)) => {
                        return Err(Error::invalid(
                            "VONAGE_PRIVATE_KEY",
                            "and VONAGE_PRIVATE_KEY_PATH are both set: set one",
                        ))
                    }
                    (Some(pem), None) => pem,
                    (None, Some(path)) => std::fs::read_to_string(&path).map_err(|e| {
                        Error::invalid("VONAGE_PRIVATE_KEY_PATH", format!("names a file that cannot be read ({e})"))
                    })?,
                    (None, None) => {
                        return Err(Error::invalid(
                            "VONAGE_PRIVATE_KEY",
                            "is not set (nor VONAGE_PRIVATE_KEY_PATH), but VONAGE_APPLICATION_ID is",
                        ))
                    }
                };
                OpenTok::application_builder(application_id, pem)
            }
            (false, true) => match (api_key, secret) {
                (Some(key), Some(secret)) => OpenTok::builder(key, secret),
                (None, _) => return Err(Error::invalid("OPENTOK_API_KEY", "is not set, but OPENTOK_API_SECRET is")),
                (_, None) => return Err(Error::invalid("OPENTOK_API_SECRET", "is not set, but OPENTOK_API_KEY is")),
            },
        };
        if let Some(url) = var("OPENTOK_API_URL").or_else(|| var("VONAGE_API_URL")) {
            builder = builder.with_api_url(url);
        }
        Ok(builder)
    }

    /// The API URL, for instance a test server's. A trailing slash is fine. Default [`DEFAULT_API_URL`]
    /// for a key and secret, [`DEFAULT_VONAGE_API_URL`] for an application.
    pub fn with_api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(url.into());
        self
    }

    /// The timeout of each request attempt, from sending to the end of the response body. Default
    /// [`DEFAULT_TIMEOUT`], 20 seconds. With retries, each attempt has its own; bound the whole call with
    /// [`RetryConfig::with_deadline`].
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Text appended to the User-Agent, such as `my-app/1.2`.
    pub fn with_user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// A `reqwest::Client` of your own (custom TLS roots, connection pools, a proxy with credentials). The
    /// timeout set here still applies to each request.
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`, as the default client is: the platform
    /// never redirects, the SDK reports a 3xx as [`Error::Redirect`], and a client that follows redirects
    /// would carry the `X-OPENTOK-AUTH` header to wherever the redirect points.
    ///
    /// **Proxies.** The default client already honours `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
    /// `NO_PROXY` (as reqwest does). For a proxy set in code:
    ///
    /// ```no_run
    /// # fn f() -> Result<(), Box<dyn std::error::Error>> {
    /// let http = reqwest::Client::builder()
    ///     .proxy(reqwest::Proxy::https("http://proxy.corp.example:3128")?)
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()?;
    /// let ot = opentok_sdk::OpenTok::builder("12345678", "secret").with_http_client(http).build()?;
    /// # let _ = ot; Ok(()) }
    /// ```
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Retries after transient failures (off by default): `GET`, `PUT` and `DELETE` only, unless
    /// [`RetryConfig::with_non_idempotent`]; see [`RetryConfig`] for the rule.
    pub fn with_retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `api_key`, `api_secret`, `application_id`, `private_key`,
    /// `api_url`, `timeout` or `user_agent_suffix`; nothing is sent.
    pub fn build(self) -> Result<OpenTok> {
        let (credentials, default_url) = match self.credentials {
            CredentialsInput::Project { api_key, secret } => {
                (Credentials::Project(ProjectKey::new(api_key, secret)?), DEFAULT_API_URL)
            }
            CredentialsInput::Application { application_id, private_key } => (
                Credentials::Application(ApplicationKey::new(&application_id, private_key.expose())?),
                DEFAULT_VONAGE_API_URL,
            ),
        };
        let credentials = Arc::new(credentials);
        let (api_url, parsed_url) = normalize_api_url(self.api_url.as_deref().unwrap_or(default_url))?;
        if self.timeout.is_zero() {
            return Err(Error::invalid("timeout", "must be longer than zero"));
        }
        let mut user_agent = format!("OpenTok-Rust-SDK/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = self.user_agent_suffix.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::invalid("user_agent_suffix", "must be visible ASCII"))?;
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::invalid("http_client", format!("the default HTTP client cannot be built: {e}")))?,
        };
        let transport = Transport::new(Arc::clone(&credentials), &parsed_url, user_agent, self.timeout, self.retry);
        let raw = raw::Client::new_with_client(&api_url, http, transport);
        Ok(OpenTok { inner: Arc::new(Inner { raw, credentials, api_url, timeout: self.timeout }) })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("api_url", &self.api_url)
            .field("timeout", &self.timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// The API URL without a trailing slash, as text and parsed.
fn normalize_api_url(url: &str) -> Result<(String, reqwest::Url)> {
    let trimmed = url.trim().trim_end_matches('/');
    let parsed =
        reqwest::Url::parse(trimmed).map_err(|e| Error::invalid("api_url", format!("is not a valid URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(Error::invalid("api_url", "must be an http:// or https:// URL with a host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::invalid("api_url", "must not have a query or fragment"));
    }
    Ok((trimmed.to_owned(), parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_url_trailing_slash_is_removed() {
        assert_eq!(normalize_api_url("http://127.0.0.1:8080/").unwrap().0, "http://127.0.0.1:8080");
        assert_eq!(normalize_api_url("https://api.opentok.com").unwrap().0, "https://api.opentok.com");
        for bad in ["", "ftp://x", "not a url", "http://x/?q=1"] {
            assert!(matches!(normalize_api_url(bad), Err(Error::InvalidArgument { field: "api_url", .. })), "{bad}");
        }
    }

    fn field_of(result: Result<ClientBuilder>) -> (&'static str, String) {
        match result {
            Err(Error::InvalidArgument { field, reason }) => (field, reason.into_owned()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn from_env_takes_one_whole_set_of_credentials() {
        let pem = include_str!("../tests/fixtures/app_pkcs1.pem");
        let app_id = "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a";
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
        };
        let key = ClientBuilder::from_vars(vars(&[("OPENTOK_API_KEY", "123"), ("OPENTOK_API_SECRET", "s")]))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!((key.api_key(), key.api_url()), (Some("123"), DEFAULT_API_URL));

        let with_pem = move |name: &str| match name {
            "VONAGE_APPLICATION_ID" => Some(app_id.to_owned()),
            "VONAGE_PRIVATE_KEY" => Some(pem.to_owned()),
            "VONAGE_API_URL" => Some("http://127.0.0.1:1".to_owned()),
            _ => None,
        };
        let app = ClientBuilder::from_vars(with_pem).unwrap().build().unwrap();
        assert_eq!((app.application_id(), app.api_url()), (Some(app_id), "http://127.0.0.1:1"));

        let path = std::env::temp_dir().join(format!("opentok-sdk-key-{}.pem", std::process::id()));
        std::fs::write(&path, pem).unwrap();
        let path_text = path.to_string_lossy().into_owned();
        let with_path = move |name: &str| match name {
            "VONAGE_APPLICATION_ID" => Some(app_id.to_owned()),
            "VONAGE_PRIVATE_KEY_PATH" => Some(path_text.clone()),
            _ => None,
        };
        let app = ClientBuilder::from_vars(with_path).unwrap().build().unwrap();
        assert_eq!(app.api_url(), DEFAULT_VONAGE_API_URL);
        std::fs::remove_file(&path).unwrap();

        type Vars = &'static [(&'static str, &'static str)];
        let cases: [(Vars, &str, &str); 7] = [
            (&[], "environment", "no credentials"),
            (
                &[("OPENTOK_API_KEY", "1"), ("OPENTOK_API_SECRET", "s"), ("VONAGE_APPLICATION_ID", "x")],
                "environment",
                "both",
            ),
            (&[("OPENTOK_API_KEY", "1")], "OPENTOK_API_SECRET", "not set"),
            (&[("OPENTOK_API_SECRET", "s")], "OPENTOK_API_KEY", "not set"),
            (&[("VONAGE_APPLICATION_ID", "x")], "VONAGE_PRIVATE_KEY", "not set"),
            (&[("VONAGE_PRIVATE_KEY", "x")], "VONAGE_APPLICATION_ID", "not set"),
            (
                &[("VONAGE_APPLICATION_ID", "x"), ("VONAGE_PRIVATE_KEY_PATH", "/nonexistent/key.pem")],
                "VONAGE_PRIVATE_KEY_PATH",
                "cannot be read",
            ),
        ];
        for (pairs, want_field, want_reason) in cases {
            let (field, reason) = field_of(ClientBuilder::from_vars(vars(pairs)));
            assert_eq!(field, want_field, "{pairs:?}");
            assert!(reason.contains(want_reason), "{pairs:?}: {reason}");
            let whole = format!("{field} {reason}");
            assert!(whole.contains("VONAGE_") || whole.contains("OPENTOK_"), "names the variables: {whole}");
        }
    }

    #[test]
    fn client_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<OpenTok>();
    }
}
