//! The [`OpenTok`] client and its [`ClientBuilder`]. This file imports no area: each area adds its
//! operations to [`OpenTok`] in its own file's `impl OpenTok` block.

use std::{fmt, future::Future, sync::Arc, time::Duration};

use reqwest::header::HeaderValue;

use crate::{
    credentials::{ApiSecret, Credentials},
    error::{Error, Result},
    transport::{error_from_raw, raw, raw::ClientInfo as _, RetryConfig, Transport},
};

/// The platform's default API URL.
pub const DEFAULT_API_URL: &str = "https://api.opentok.com";
/// The default timeout of one request attempt, from sending to the end of the response body: 20 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// A client for one OpenTok project. Cheap to clone (one `Arc`), `Send` and `Sync`.
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
    /// A client for the project with this API key and secret, talking to [`DEFAULT_API_URL`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if the key is not numeric or the secret is empty, or if the HTTP client
    /// cannot be built.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> Result<Self> {
        Self::builder(api_key, api_secret).build()
    }

    /// A builder for a client with a custom API URL, timeout, User-Agent suffix or HTTP client.
    pub fn builder(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.into(),
            api_secret: api_secret.into(),
            api_url: DEFAULT_API_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            user_agent_suffix: None,
            http_client: None,
            retry: RetryConfig::disabled(),
        }
    }

    /// A client configured from `OPENTOK_API_KEY`, `OPENTOK_API_SECRET` and, optionally, `OPENTOK_API_URL`;
    /// see [`ClientBuilder::from_env`] to change other settings too.
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

    /// The project's API key.
    pub fn api_key(&self) -> &str {
        self.inner.credentials.api_key()
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
        match request.await {
            Ok(value) => Ok(value.into_inner()),
            Err(err) => Err(error_from_raw(err, self.inner.timeout).await),
        }
    }
}

impl fmt::Debug for OpenTok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenTok")
            .field("api_key", &self.api_key())
            .field("api_secret", self.inner.credentials.secret())
            .field("api_url", &self.inner.api_url)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

/// Builder for [`OpenTok`]; see [`OpenTok::builder`].
#[must_use = "call .build()"]
pub struct ClientBuilder {
    api_key: String,
    api_secret: ApiSecret,
    api_url: String,
    timeout: Duration,
    user_agent_suffix: Option<String>,
    http_client: Option<reqwest::Client>,
    retry: RetryConfig,
}

impl ClientBuilder {
    /// A builder configured from `OPENTOK_API_KEY`, `OPENTOK_API_SECRET` and, optionally,
    /// `OPENTOK_API_URL`, so that an environment-configured client can still set its timeout, retries and
    /// User-Agent.
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
        let var = |name: &'static str| std::env::var(name).map_err(|_| Error::invalid(name, "is not set"));
        let mut builder = OpenTok::builder(var("OPENTOK_API_KEY")?, var("OPENTOK_API_SECRET")?);
        if let Ok(url) = std::env::var("OPENTOK_API_URL") {
            builder = builder.with_api_url(url);
        }
        Ok(builder)
    }

    /// The API URL, for instance a test server's. A trailing slash is fine. Default [`DEFAULT_API_URL`].
    pub fn with_api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = url.into();
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
    /// [`Error::InvalidArgument`] naming `api_key`, `api_secret`, `api_url`, `timeout` or
    /// `user_agent_suffix`; nothing is sent.
    pub fn build(self) -> Result<OpenTok> {
        let credentials = Arc::new(Credentials::new(self.api_key, self.api_secret)?);
        let api_url = normalize_api_url(&self.api_url)?;
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
        let transport = Transport::new(Arc::clone(&credentials), user_agent, self.timeout, self.retry);
        let raw = raw::Client::new_with_client(&api_url, http, transport);
        Ok(OpenTok { inner: Arc::new(Inner { raw, credentials, api_url, timeout: self.timeout }) })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("api_secret", &self.api_secret)
            .field("api_url", &self.api_url)
            .field("timeout", &self.timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

fn normalize_api_url(url: &str) -> Result<String> {
    let trimmed = url.trim().trim_end_matches('/');
    let parsed =
        reqwest::Url::parse(trimmed).map_err(|e| Error::invalid("api_url", format!("is not a valid URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(Error::invalid("api_url", "must be an http:// or https:// URL with a host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::invalid("api_url", "must not have a query or fragment"));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_url_trailing_slash_is_removed() {
        assert_eq!(normalize_api_url("http://127.0.0.1:8080/").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(normalize_api_url("https://api.opentok.com").unwrap(), "https://api.opentok.com");
        for bad in ["", "ftp://x", "not a url", "http://x/?q=1"] {
            assert!(matches!(normalize_api_url(bad), Err(Error::InvalidArgument { field: "api_url", .. })), "{bad}");
        }
    }

    #[test]
    fn client_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<OpenTok>();
    }
}
