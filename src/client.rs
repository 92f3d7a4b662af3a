//! The [`OpenTok`] client and its [`ClientBuilder`]. Each API area adds its entry points in its own file.

use std::{fmt, future::Future, sync::Arc, time::Duration};

use reqwest::header::HeaderValue;

use crate::{
    auth::{ApiSecret, Credentials, Signer},
    error::{Error, Result},
    raw,
    retry::RetryConfig,
};

/// The platform's default API URL.
pub const DEFAULT_API_URL: &str = "https://api.opentok.com";
/// The default timeout of one request.
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

    /// A client configured from `OPENTOK_API_KEY`, `OPENTOK_API_SECRET` and, optionally, `OPENTOK_API_URL`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the variable that is missing or invalid.
    pub fn from_env() -> Result<Self> {
        let var = |name: &'static str| std::env::var(name).map_err(|_| Error::invalid(name, "is not set"));
        let mut builder = Self::builder(var("OPENTOK_API_KEY")?, var("OPENTOK_API_SECRET")?);
        if let Ok(url) = std::env::var("OPENTOK_API_URL") {
            builder = builder.with_api_url(url);
        }
        builder.build()
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
            Err(err) => Err(Error::from_raw(err, self.inner.timeout).await),
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
    /// The API URL, for instance a test server's. A trailing slash is fine. Default [`DEFAULT_API_URL`].
    pub fn with_api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = url.into();
        self
    }

    /// The timeout of each request, from sending to the end of the response body. Default 20 s.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Text appended to the User-Agent, such as `my-app/1.2`.
    pub fn with_user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// A `reqwest::Client` of your own (proxies, custom TLS, connection pools). The timeout set here still
    /// applies to each request.
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Retries for `GET` and `DELETE` requests after transient failures (off by default); see
    /// [`RetryConfig`].
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
                .build()
                .map_err(|e| Error::invalid("http_client", format!("the default HTTP client cannot be built: {e}")))?,
        };
        let signer = Signer::new(Arc::clone(&credentials), user_agent, self.timeout, self.retry);
        let raw = raw::Client::new_with_client(&api_url, http, signer);
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
