//! [`TokenBuilder`], and [`OpenTok::generate_token`] which starts it.

use std::{borrow::Cow, fmt, time::Duration};

use chrono::{DateTime, Utc};

use super::{jwt, rs256, t1, text, Fields, Role, Token, TokenFormat};
use crate::{
    client::OpenTok,
    credentials::Credentials,
    error::{Error, Result},
    ids::{check_session_belongs_to, check_session_id_well_formed},
};

/// Default lifetime of a token: 24 hours.
pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(24 * 3600);
/// Longest lifetime of a token: 30 days.
pub const MAX_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 3600);
/// Longest connection data, in characters (UTF-16 code units, as JavaScript and the platform count them).
pub const MAX_DATA_LEN: usize = 1000;
/// Longest initial layout class list once joined with spaces, in characters (UTF-16 code units).
pub const MAX_LAYOUT_CLASS_LIST_LEN: usize = 1000;

impl OpenTok {
    /// Starts a client token for a session. Local: nothing is sent.
    ///
    /// `session_id` is anything that reads as a string: a [`SessionId`](crate::SessionId), a `&str`, a `String`. It is
    /// borrowed until [`TokenBuilder::build`], which checks that it decodes and belongs to this client's
    /// API key.
    ///
    /// ```no_run
    /// # fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// let token = ot.generate_token(&session_id).build()?; // a publisher, for 24 hours
    /// # Ok(()) }
    /// ```
    pub fn generate_token<'a, S: AsRef<str> + ?Sized>(&'a self, session_id: &'a S) -> TokenBuilder<'a> {
        TokenBuilder::new(self.credentials(), session_id.as_ref())
    }
}

#[derive(Debug, Clone, Copy)]
enum Expiry {
    Default,
    At(i64),
    In(Duration),
}

/// Builder for [`OpenTok::generate_token`]: set the options, then [`build`](Self::build).
///
/// Every option has a default: role [`Role::Publisher`], expiry 24 hours after issue, no connection data,
/// no layout classes, the [`TokenFormat::Jwt`] format, the current time and a random nonce.
///
/// # Reproducible tokens
/// A token depends on the clock and on a random nonce. [`issued_at`](Self::issued_at) and
/// [`nonce`](Self::nonce) fix both, so that the same options give the same token byte for byte (the
/// crate's tests mint tokens this way and compare them with the official Node SDK's):
///
/// ```no_run
/// # fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
/// use chrono::DateTime;
/// let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
/// let a = ot.generate_token(&session_id).issued_at(at).nonce(0.5).build()?;
/// let b = ot.generate_token(&session_id).issued_at(at).nonce(0.5).build()?;
/// assert_eq!(a, b);
/// # Ok(()) }
/// ```
#[must_use = "call .build()"]
#[derive(Clone)]
pub struct TokenBuilder<'a> {
    credentials: &'a Credentials,
    session_id: &'a str,
    role: Role,
    expiry: Expiry,
    data: Option<Cow<'a, str>>,
    layout: String,
    layout_error: Option<&'static str>,
    format: TokenFormat,
    issued_at_ms: Option<i64>,
    nonce: Option<f64>,
}

impl<'a> TokenBuilder<'a> {
    pub(crate) fn new(credentials: &'a Credentials, session_id: &'a str) -> Self {
        Self {
            credentials,
            session_id,
            role: Role::Publisher,
            expiry: Expiry::Default,
            data: None,
            layout: String::new(),
            layout_error: None,
            format: TokenFormat::Jwt,
            issued_at_ms: None,
            nonce: None,
        }
    }

    /// The role. Default [`Role::Publisher`].
    pub fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }

    /// When the token expires; only whole seconds count. Must be after the issue time and at most 30 days
    /// after it (checked by [`build`](Self::build)). Default: 24 hours after issue.
    pub fn expire_time(mut self, at: DateTime<Utc>) -> Self {
        self.expiry = Expiry::At(at.timestamp());
        self
    }

    /// How long the token is valid, from its issue time; only whole seconds count. More than zero seconds
    /// and at most 30 days (checked by [`build`](Self::build)). Default: 24 hours.
    pub fn expires_in(mut self, ttl: Duration) -> Self {
        self.expiry = Expiry::In(ttl);
        self
    }

    /// Connection data, which every client in the session sees for this connection (for instance a user
    /// name or id). At most 1000 characters (checked by [`build`](Self::build)). An empty string means
    /// none.
    ///
    /// Takes a `&str`, a `String` or a `Cow<str>`; a borrowed string is not copied.
    pub fn data(mut self, data: impl Into<Cow<'a, str>>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// The layout classes given to the streams this client publishes, for composed archives and
    /// broadcasts. Each class must be non-empty without whitespace, and the list joined with spaces at
    /// most 1000 characters (checked by [`build`](Self::build)). Replaces any earlier list.
    ///
    /// Takes any iterable of string-likes (`&str`, `String`, `&String`, `Cow<str>`); classes are copied
    /// straight into the joined list, with no allocation per class.
    pub fn initial_layout_class_list<I>(mut self, classes: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.layout.clear();
        self.layout.reserve(32);
        self.layout_error = None;
        for class in classes {
            let class = class.as_ref();
            if class.is_empty() {
                self.layout_error.get_or_insert("must not contain an empty class");
            } else if class.chars().any(char::is_whitespace) {
                self.layout_error.get_or_insert("classes must not contain whitespace");
            }
            if !self.layout.is_empty() {
                self.layout.push(' ');
            }
            self.layout.push_str(class);
        }
        self
    }

    /// The token format. Default [`TokenFormat::Jwt`].
    pub fn format(mut self, format: TokenFormat) -> Self {
        self.format = format;
        self
    }

    /// The legacy `T1==` format ([`TokenFormat::T1`]) instead of a JWT.
    pub fn legacy_t1(self) -> Self {
        self.format(TokenFormat::T1)
    }

    /// Fixes the issue time instead of reading the clock, for reproducible tokens. The token's
    /// `create_time` is this time rounded to the nearest second and a JWT's `iat` this time rounded down,
    /// as in the Node SDK; the default and the limits of the expiry count from `create_time`.
    pub fn issued_at(mut self, at: DateTime<Utc>) -> Self {
        self.issued_at_ms = Some(at.timestamp_millis());
        self
    }

    /// Fixes the nonce instead of drawing a random one, for reproducible tokens. It must be finite
    /// (checked by [`build`](Self::build)) and is written as JavaScript prints the number, as the Node SDK
    /// writes its `Math.random()` nonce. The default nonce comes from a thread-local PRNG: a random value
    /// in [0.1, 1) with 15 decimal digits.
    pub fn nonce(mut self, nonce: f64) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// Checks the options and mints the token.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the field:
    /// * `session_id`: the id does not decode (a `<digits>_` prefix and base64, URL-safe or standard,
    ///   padded or not, of a `~`-separated record) or belongs to another API key;
    /// * `expire_time`: not after the issue time, or more than 30 days after it;
    /// * `data`: more than 1000 characters;
    /// * `initial_layout_class_list`: an empty class, a class with whitespace, or more than 1000
    ///   characters joined;
    /// * `nonce`: not finite.
    pub fn build(self) -> Result<Token> {
        let session_id_plain = match self.credentials {
            Credentials::Project(key) => {
                let plain = key.session_ids().matches(self.session_id);
                if !plain {
                    check_session_belongs_to(self.session_id, key.api_key())?;
                }
                plain
            }
            // A Vonage session id embeds no API key to compare; it must still be well formed.
            Credentials::Application(_) => {
                check_session_id_well_formed(self.session_id)?;
                if self.format == TokenFormat::T1 {
                    return Err(Error::invalid(
                        "format",
                        "legacy T1 tokens are signed with an API secret; an application signs RS256 JWTs",
                    ));
                }
                false
            }
        };
        let now_ms = self.issued_at_ms.unwrap_or_else(super::unix_now_ms);
        // `Math.round(ms / 1000)` and `Math.floor(Date.now() / 1000)`, as the Node SDK computes them.
        let create_time = now_ms.saturating_add(500).div_euclid(1000);
        let iat = now_ms.div_euclid(1000);
        let max_secs = MAX_TOKEN_TTL.as_secs() as i64;
        let expire_time = match self.expiry {
            Expiry::Default => create_time.saturating_add(DEFAULT_TOKEN_TTL.as_secs() as i64),
            Expiry::At(at) => at,
            Expiry::In(ttl) if ttl > MAX_TOKEN_TTL => {
                return Err(Error::invalid("expire_time", "must be at most 30 days after the token is issued"))
            }
            Expiry::In(ttl) => create_time.saturating_add(ttl.as_secs() as i64),
        };
        if expire_time <= create_time {
            return Err(Error::invalid(
                "expire_time",
                format!("must be in the future: {expire_time} is not after the issue time {create_time}"),
            ));
        }
        if expire_time.saturating_sub(create_time) > max_secs {
            return Err(Error::invalid("expire_time", "must be at most 30 days after the token is issued"));
        }
        let data = self.data.as_deref().filter(|d| !d.is_empty());
        if data.is_some_and(|d| text::utf16_len(d) > MAX_DATA_LEN) {
            return Err(Error::invalid("data", "must be at most 1000 characters"));
        }
        if let Some(reason) = self.layout_error {
            return Err(Error::invalid("initial_layout_class_list", reason));
        }
        if text::utf16_len(&self.layout) > MAX_LAYOUT_CLASS_LIST_LEN {
            return Err(Error::invalid(
                "initial_layout_class_list",
                "must be at most 1000 characters once joined with spaces",
            ));
        }
        let nonce = match self.nonce {
            Some(n) if !n.is_finite() => return Err(Error::invalid("nonce", "must be a finite number")),
            Some(n) => text::JsNumber::new(n),
            None => text::JsNumber::random_nonce(),
        };
        let fields = Fields {
            session_id: self.session_id,
            session_id_plain,
            create_time,
            iat,
            nonce,
            role: self.role,
            expire_time,
            data,
            layout: &self.layout,
        };
        let (text, format) = match (self.credentials, self.format) {
            (Credentials::Application(app), _) => {
                (rs256::client_token(app, &fields, fastrand::u128(..))?, TokenFormat::Rs256)
            }
            (Credentials::Project(key), TokenFormat::T1) => (t1::client_token(key, &fields), TokenFormat::T1),
            (Credentials::Project(key), _) => (jwt::client_token(key, &fields), TokenFormat::Jwt),
        };
        Ok(Token { text, format })
    }
}

impl fmt::Debug for TokenBuilder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenBuilder")
            .field("session_id", &self.session_id)
            .field("role", &self.role)
            .field("expiry", &self.expiry)
            .field("data", &self.data)
            .field("initial_layout_class_list", &self.layout)
            .field("format", &self.format)
            .field("issued_at_ms", &self.issued_at_ms)
            .field("nonce", &self.nonce)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};

    use super::*;
    use crate::token::{decode, verify, TokenError};

    const KEY: &str = "123456";
    const SECRET: &str = "secret";

    fn ot() -> OpenTok {
        OpenTok::new(KEY, SECRET).unwrap()
    }

    fn session(key: &str) -> String {
        format!("1_{}", URL_SAFE_NO_PAD.encode(format!("1~{key}~127.0.0.1~1700000000000~0.25~")))
    }

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    fn field(result: Result<Token>) -> &'static str {
        match result {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
    }

    #[test]
    fn defaults_are_a_publisher_jwt_for_24_hours() {
        let ot = ot();
        let sid = session(KEY);
        let token = ot.generate_token(&sid).issued_at(at(1_700_000_000)).build().unwrap();
        assert_eq!(token.format(), TokenFormat::Jwt);
        let claims = decode(token.as_str()).unwrap();
        assert_eq!(claims.role, Role::Publisher);
        assert_eq!(claims.create_time, Some(1_700_000_000));
        assert_eq!(claims.expire_time, Some(1_700_000_000 + 86_400));
        assert_eq!(claims.expires_at, Some(1_700_000_000 + 86_400));
        assert_eq!(claims.issued_at, Some(1_700_000_000));
        assert_eq!(claims.connection_data, None);
        assert_eq!(claims.initial_layout_class_list, "");
        assert_eq!(claims.scope.as_deref(), Some("session.connect"));
        let nonce: f64 = claims.nonce.parse().unwrap();
        assert!((0.1..1.0).contains(&nonce));
        verify(token.as_str(), KEY, SECRET, at(1_700_000_000)).unwrap();
    }

    #[test]
    fn options_reach_both_formats() {
        let ot = ot();
        let sid = session(KEY);
        for t1 in [false, true] {
            let mut b = ot
                .generate_token(sid.as_str())
                .role(Role::Moderator)
                .expires_in(Duration::from_secs(3600))
                .data("userId=12345&name=Johnny Appleseed")
                .initial_layout_class_list(["focus", "inactive", "full"])
                .issued_at(at(1_700_000_000))
                .nonce(0.5);
            if t1 {
                b = b.legacy_t1();
            }
            let token = b.build().unwrap();
            assert_eq!(token.as_str().starts_with("T1=="), t1);
            let claims = verify(token.as_str(), KEY, SECRET, at(1_700_000_000)).unwrap();
            assert_eq!(claims.role, Role::Moderator);
            assert_eq!(claims.expire_time, Some(1_700_003_600));
            assert_eq!(claims.connection_data.as_deref(), Some("userId=12345&name=Johnny Appleseed"));
            assert_eq!(claims.layout_classes().collect::<Vec<_>>(), ["focus", "inactive", "full"]);
            assert_eq!(claims.nonce, "0.5");
            assert_eq!(claims.session_id, sid.as_str());
            assert_eq!(verify(token.as_str(), KEY, "other", at(1_700_000_000)), Err(TokenError::BadSignature));
            assert_eq!(verify(token.as_str(), "654321", SECRET, at(1_700_000_000)), Err(TokenError::WrongApiKey));
            assert_eq!(
                verify(token.as_str(), KEY, SECRET, at(1_700_003_600)),
                Err(TokenError::Expired { expired_at: 1_700_003_600 })
            );
            assert_eq!(ot.verify_token(token.as_str()).unwrap_err(), TokenError::Expired { expired_at: 1_700_003_600 });
        }
    }

    #[test]
    fn invalid_options_name_their_field() {
        let ot = ot();
        let sid = session(KEY);
        let b = || ot.generate_token(&sid).issued_at(at(1_700_000_000));
        assert_eq!(field(ot.generate_token(&session("999")).build()), "session_id");
        assert_eq!(field(ot.generate_token("not a session").build()), "session_id");
        assert_eq!(field(ot.generate_token("").build()), "session_id");
        assert_eq!(field(b().expire_time(at(1_700_000_000)).build()), "expire_time");
        assert_eq!(field(b().expire_time(at(1_600_000_000)).build()), "expire_time");
        assert_eq!(field(b().expire_time(at(1_700_000_000 + 30 * 86_400 + 1)).build()), "expire_time");
        assert_eq!(field(b().expires_in(Duration::ZERO).build()), "expire_time");
        assert_eq!(field(b().expires_in(Duration::from_millis(999)).build()), "expire_time");
        assert_eq!(field(b().expires_in(MAX_TOKEN_TTL + Duration::from_secs(1)).build()), "expire_time");
        assert_eq!(field(b().expires_in(Duration::MAX).build()), "expire_time");
        assert_eq!(field(b().data("x".repeat(1001)).build()), "data");
        assert_eq!(field(b().data("é".repeat(1001)).build()), "data");
        assert_eq!(field(b().initial_layout_class_list(["a", ""]).build()), "initial_layout_class_list");
        assert_eq!(field(b().initial_layout_class_list(["a\tb"]).build()), "initial_layout_class_list");
        assert_eq!(field(b().initial_layout_class_list(["a\u{3000}b"]).build()), "initial_layout_class_list");
        assert_eq!(field(b().initial_layout_class_list(["y".repeat(1001)]).build()), "initial_layout_class_list");
        assert_eq!(field(b().nonce(f64::NAN).build()), "nonce");
        assert_eq!(field(b().nonce(f64::INFINITY).build()), "nonce");
        // The limits themselves are fine; a later list replaces an invalid one.
        b().expires_in(MAX_TOKEN_TTL).data("x".repeat(1000)).build().unwrap();
        b().initial_layout_class_list([""]).initial_layout_class_list(["ok"]).build().unwrap();
        b().initial_layout_class_list(["y".repeat(1000)]).build().unwrap();
    }

    #[test]
    fn the_session_check_is_not_fooled_by_its_cache() {
        let ot = ot();
        let good = session(KEY);
        ot.generate_token(&good).build().unwrap();
        ot.generate_token(&good).build().unwrap();
        let other = OpenTok::new("999", SECRET).unwrap();
        assert_eq!(field(other.generate_token(&good).build()), "session_id");
        assert_eq!(field(ot.generate_token(&session("999")).build()), "session_id");
        ot.generate_token(&good).build().unwrap();
    }

    #[test]
    fn debug_and_display() {
        let ot = ot();
        let sid = session(KEY);
        let token = ot.generate_token(&sid).legacy_t1().build().unwrap();
        assert_eq!(token.to_string(), token.as_str());
        assert_eq!(String::from(token.clone()), token.as_str());
        assert!(format!("{:?}", ot.generate_token(&sid)).contains("TokenBuilder"));
        assert!(!format!("{:?}", ot.generate_token(&sid)).contains(SECRET));
    }
}
