//! Identifier newtypes. Ids are opaque strings; only a session id is ever looked into, to check that it
//! belongs to the client's project before a token is minted for it.

use crate::{error::Error, macros::id_type};

/// Whether `c` may appear in an id: ASCII letters and digits, `-`, `_` and `~`. These are all the
/// characters of the ids the platform issues (UUIDs, URL-safe base64 session ids, numeric API keys), and none
/// of them means anything to a URL parser, so an id placed in a request path stays one path segment.
pub(crate) const fn is_id_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'~')
}

/// Checks an id that a request carries (in its path or its body): not empty, and only the characters of
/// [`is_id_char`]. Anything else (`.` and `..`, `/`, `\`, `?`, `#`, `%`, spaces, control characters,
/// non-ASCII) could change which endpoint a request reaches, and is refused before anything is sent.
pub(crate) fn check_id(field: &'static str, id: &str) -> Result<(), Error> {
    if id.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    match id.chars().find(|&c| !u8::try_from(c).is_ok_and(is_id_char)) {
        None => Ok(()),
        Some(bad) => {
            Err(Error::invalid(field, format!("may hold only ASCII letters, digits, `-`, `_` and `~`, not {bad:?}")))
        }
    }
}

id_type!(
    /// A session id, as returned by session creation (`1_MX4...`).
    SessionId
);
id_type!(
    /// An archive id (a UUID).
    ArchiveId
);
id_type!(
    /// A client connection's id.
    ConnectionId
);
id_type!(
    /// A stream's id.
    StreamId
);
id_type!(
    /// A SIP call's id.
    SipCallId
);

/// What a session id says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionIdParts {
    /// The API key of the project the session belongs to.
    pub api_key: String,
    /// The location hint, if the session was created with one.
    pub location: Option<String>,
}

impl SessionId {
    /// Decodes the id: a `<digits>_` prefix, then base64 (URL-safe or standard alphabet, padding optional)
    /// of a `~`-separated record whose second field is the API key.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `session_id` when the id is empty or does not decode.
    pub fn parts(&self) -> Result<SessionIdParts, Error> {
        session_id_parts(&self.0)
    }

    /// Checks that the id is well formed (a `<digits>_` prefix and URL-safe base64 that decodes, so only
    /// the characters every id is held to: ASCII letters, digits, `-`, `_` and `~`), without asking whose
    /// it is: what can be checked of a Vonage application's session ids, which embed no API key.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `session_id`.
    pub fn check_well_formed(&self) -> Result<(), Error> {
        check_id("session_id", &self.0)?;
        check_session_id_well_formed(&self.0)
    }

    /// Checks that the id is well formed (as [`check_well_formed`](Self::check_well_formed) does) and
    /// belongs to the project with `api_key`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `session_id`.
    pub fn check_belongs_to(&self, api_key: &str) -> Result<(), Error> {
        check_id("session_id", &self.0)?;
        check_session_belongs_to(&self.0, api_key)
    }
}

/// Checks that a session id is well formed (`<digits>_` and base64 that decodes), without asking whose it
/// is: a Vonage application's session ids embed no API key to compare.
pub(crate) fn check_session_id_well_formed(id: &str) -> Result<(), Error> {
    session_id_body(id).map(|_| ())
}

/// [`SessionId::check_belongs_to`] for a borrowed id: decodes it in full, and words the error.
pub(crate) fn check_session_belongs_to(id: &str, api_key: &str) -> Result<(), Error> {
    let parts = session_id_parts(id)?;
    if parts.api_key == api_key {
        Ok(())
    } else {
        Err(Error::invalid(
            "session_id",
            format!("belongs to API key {}, not to this client's API key {api_key}", parts.api_key),
        ))
    }
}

/// Recognises the session ids of one project without decoding them: the base64 of their record starts
/// with the encoding of `1~<api key>~`. Token minting checks every session id, so this is on the hot path;
/// when it says no, the full check ([`check_session_belongs_to`]) decides and words the error.
#[derive(Debug, Clone)]
pub(crate) struct SessionKeyMatcher {
    /// The base64url characters that `1~<api key>~` fixes whole.
    head: String,
    /// The characters allowed right after `head`, as a bit set over ASCII: the one that holds the last
    /// 2 or 4 bits of the record prefix and 4 or 2 bits of what follows. `None` when the prefix ends on
    /// a character boundary.
    next: Option<u128>,
}

impl SessionKeyMatcher {
    pub(crate) fn new(api_key: &str) -> Self {
        let record = format!("1~{api_key}~");
        let text = base64_simd::URL_SAFE_NO_PAD.encode_to_string(record.as_bytes());
        let fixed_bits = record.len() * 8 % 6;
        if fixed_bits == 0 {
            return Self { head: text, next: None };
        }
        let charset = base64_simd::URL_SAFE_NO_PAD.charset();
        let value = |c: u8| charset.iter().position(|&x| x == c).unwrap_or(0);
        let (head, last) = text.split_at(text.len() - 1);
        let want = value(last.as_bytes()[0]) >> (6 - fixed_bits);
        let next = charset
            .iter()
            .enumerate()
            .filter(|&(v, _)| v >> (6 - fixed_bits) == want)
            .fold(0u128, |set, (_, &c)| set | 1 << c);
        Self { head: head.to_owned(), next: Some(next) }
    }

    /// True if `id` is a well-formed session id (`<digits>_` and canonical unpadded URL-safe base64)
    /// whose record starts with this project's key. False means "not sure", not "foreign".
    pub(crate) fn matches(&self, id: &str) -> bool {
        // The version prefix is a digit or two: a plain loop finds its end sooner than `split_once`.
        let id = id.as_bytes();
        let digits = id.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || id.get(digits) != Some(&b'_') {
            return false;
        }
        let body = &id[digits + 1..];
        let Some(rest) = body.strip_prefix(self.head.as_bytes()) else { return false };
        if let Some(next) = self.next {
            if !rest.first().is_some_and(|&c| c < 128 && next >> c & 1 == 1) {
                return false;
            }
        }
        // Alphabet, length and unused bits in one SIMD pass (the same check as a byte loop costs about
        // twice the instructions and three times the time on a 62-character id).
        base64_simd::URL_SAFE_NO_PAD.check(body).is_ok()
    }
}

/// The decoded record of a session id: the bytes after its `<digits>_` prefix, base64-decoded.
fn session_id_body(id: &str) -> Result<Vec<u8>, Error> {
    let bad = |why: &'static str| Error::invalid("session_id", why);
    if id.is_empty() {
        return Err(bad("must not be empty"));
    }
    let (_, body) = id
        .split_once('_')
        .filter(|(p, _)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| bad("must start with a version prefix such as `1_`"))?;
    // Either alphabet, padding optional, unused bits ignored: `forgiving_decode` (WHATWG) reads the
    // standard alphabet and would skip whitespace, so the URL-safe characters are mapped and whitespace
    // refused first.
    let body = body.trim_end_matches('=');
    if body.bytes().any(|b| b.is_ascii_whitespace()) {
        return Err(bad("is not valid base64 after its prefix"));
    }
    let standard = body.replace('-', "+").replace('_', "/");
    let bytes = base64_simd::forgiving_decode_to_vec(standard.as_bytes())
        .map_err(|_| bad("is not valid base64 after its prefix"))?;
    if bytes.is_empty() {
        return Err(bad("has nothing after its prefix"));
    }
    Ok(bytes)
}

fn session_id_parts(id: &str) -> Result<SessionIdParts, Error> {
    let bad = |why: &'static str| Error::invalid("session_id", why);
    let bytes = session_id_body(id)?;
    let mut fields = bytes.split(|&b| b == b'~');
    let _version = fields.next();
    let api_key = fields
        .next()
        .and_then(|f| std::str::from_utf8(f).ok())
        .filter(|k| !k.is_empty())
        .ok_or_else(|| bad("does not contain an API key"))?;
    let location = fields.next().and_then(|f| std::str::from_utf8(f).ok()).filter(|l| !l.is_empty()).map(str::to_owned);
    Ok(SessionIdParts { api_key: api_key.to_owned(), location })
}

/// A wire codec (see `crate::wire`) for an id read from a JSON string or number (as its decimal text),
/// as the platform's callbacks send some, and written as a string. The received number is kept by the
/// model, so serializing gives it back unchanged.
pub(crate) struct IdText;

// `T` keeps its text verbatim (`VerbatimText`), so a string taken into the field is written back exactly and
// need not be kept.
impl<T: crate::wire::VerbatimText> crate::wire::ValueCodec<T> for IdText {
    fn read(value: &serde_json::Value) -> Result<Option<T>, String> {
        match value {
            serde_json::Value::String(s) => Ok(Some(T::from(s.clone()))),
            serde_json::Value::Number(n) => Ok(Some(T::from(crate::wire::number_text(n)))),
            _ => Err("must be a string or a number".to_owned()),
        }
    }

    fn write(field: &T) -> serde_json::Value {
        serde_json::Value::String(field.as_ref().to_owned())
    }

    fn take(value: serde_json::Value) -> Result<(Option<T>, Option<serde_json::Value>), String> {
        match value {
            serde_json::Value::String(s) => Ok((Some(T::from(s)), None)),
            serde_json::Value::Number(n) => {
                Ok((Some(T::from(crate::wire::number_text(&n))), Some(serde_json::Value::Number(n))))
            }
            _ => Err("must be a string or a number".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{
        engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
        Engine as _,
    };

    #[test]
    fn ids_hold_only_characters_that_stay_in_one_path_segment() {
        for good in ["b40ef09b-3811-4726-b508-e41a0f96c68f", "1_MX4xMjM0NTZ-fjE2MjI~", "46264952", "a"] {
            check_id("archive_id", good).unwrap();
        }
        let bad = [
            "",
            " ",
            ".",
            "..",
            "...",
            "a.b",
            "../x",
            "a/b",
            "a\\b",
            "a?b",
            "a#b",
            "%2e",
            "%2E%2E",
            "a%2Fb",
            "a b",
            "a\tb",
            "a\nb",
            "a\0b",
            "a\u{7f}",
            "caf\u{e9}",
            "\u{ff0e}\u{ff0e}",
            "a;b",
            "a@b",
            "a+b",
            "a=b",
            "a:b",
        ];
        for id in bad {
            let err = check_id("connection_id", id).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { field: "connection_id", .. }), "{id:?}: {err}");
        }
        let err = check_id("stream_id", "..").unwrap_err().to_string();
        assert_eq!(err, "invalid argument `stream_id`: may hold only ASCII letters, digits, `-`, `_` and `~`, not '.'");
    }

    #[test]
    fn decodes_ids_with_url_safe_characters() {
        // Payload chosen so that its base64 contains both `-` and `_`.
        let record = "1~123456~~1622028079808~>>>???~~";
        let body = URL_SAFE_NO_PAD.encode(record);
        assert!(body.contains('-') && body.contains('_'), "{body}");
        let id = SessionId::new(format!("1_{body}"));
        assert_eq!(id.parts().unwrap().api_key, "123456");
        id.check_belongs_to("123456").unwrap();
        let padded = SessionId::new(format!("2_{}", STANDARD.encode(record)));
        assert_eq!(padded.parts().unwrap().api_key, "123456");
    }

    #[test]
    fn fast_and_full_checks_agree() {
        let keys = ["1", "12", "123", "123456", "46264952", "12345678901234567890"];
        let mut fast_hits = 0;
        for key in keys {
            for location in ["", "10.1.200.30"] {
                for tail in ["", "0.68~", "Mon Mar 17 00:41:31 PDT 2014~0.6837895344942808~>?>?~~"] {
                    let record = format!("1~{key}~{location}~1622028079808~{tail}");
                    let id = format!("1_{}", URL_SAFE_NO_PAD.encode(&record));
                    for other in keys {
                        let full = check_session_belongs_to(&id, other).is_ok();
                        assert_eq!(full, key == other, "{record} vs {other}");
                        if SessionKeyMatcher::new(other).matches(&id) {
                            assert!(full, "fast path accepted {record} for {other}");
                            fast_hits += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(fast_hits, keys.len() * 2 * 3, "the fast path recognises every well-formed id of its key");
        // Ids it does not recognise go to the full check: standard alphabet, a broken tail.
        let matcher = SessionKeyMatcher::new("123456");
        let padded = format!("1_{}", STANDARD.encode("1~123456~~1622028079808~0.6837895344942808~~padding?>"));
        assert!(!matcher.matches(&padded) && check_session_belongs_to(&padded, "123456").is_ok());
        let good = format!("1_{}", URL_SAFE_NO_PAD.encode("1~123456~~1622028079808~0.6837895344942808~~padding"));
        assert!(matcher.matches(&good));
        assert!(
            !matcher.matches(&format!("{good}!!")) && check_session_belongs_to(&format!("{good}!!"), "123456").is_err()
        );
    }

    /// The decoding `session_id_parts` had with the `base64` crate (URL-safe after mapping, padding
    /// optional, unused bits ignored), kept as the oracle for the `base64-simd` one.
    fn reference_decode(body: &str) -> Option<Vec<u8>> {
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::URL_SAFE,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
                .with_decode_allow_trailing_bits(true),
        );
        engine.decode(body.trim_end_matches('=').replace('+', "-").replace('/', "_")).ok()
    }

    proptest::proptest! {
        #[test]
        fn decoding_agrees_with_the_base64_crate(body in "[A-Za-z0-9+/_=\\- !~]{0,14}") {
            let ours = session_id_parts(&format!("1_{body}"));
            match reference_decode(&body) {
                None => proptest::prop_assert!(ours.is_err(), "{body:?} decoded: {ours:?}"),
                Some(bytes) => {
                    let key = bytes.split(|&b| b == b'~').nth(1).and_then(|k| std::str::from_utf8(k).ok());
                    match key.filter(|k| !k.is_empty()) {
                        Some(key) => proptest::prop_assert_eq!(ours.unwrap().api_key, key),
                        None => proptest::prop_assert!(ours.is_err()),
                    }
                }
            }
        }

        /// The fast check never accepts an id that the full check refuses or gives to another key, and
        /// recognises every canonical id of its key.
        #[test]
        fn the_fast_check_implies_the_full_one(
            key in "[0-9]{1,12}",
            other in "[0-9]{1,12}",
            rest in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..24),
            cut in 0usize..40,
            noise in "[A-Za-z0-9_!=+/-]{0,3}",
            prefix in "[0-9]{1,2}",
        ) {
            let mut record = format!("1~{key}~").into_bytes();
            record.extend_from_slice(&rest);
            let body = URL_SAFE_NO_PAD.encode(&record);
            let canonical = format!("{prefix}_{body}");
            proptest::prop_assert!(SessionKeyMatcher::new(&key).matches(&canonical), "{canonical}");
            let cut = cut.min(body.len());
            for id in [canonical.clone(), format!("{prefix}_{}{noise}", &body[..cut])] {
                for k in [&key, &other] {
                    if SessionKeyMatcher::new(k).matches(&id) {
                        proptest::prop_assert!(check_session_belongs_to(&id, k).is_ok(), "{id} for {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn rejects_foreign_and_malformed_ids() {
        let id = SessionId::new(format!("1_{}", URL_SAFE_NO_PAD.encode("1~999~~t~r~")));
        let err = id.check_belongs_to("123456").unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "session_id", .. }), "{err}");
        for bad in ["", "abc", "_MX4", "1_", "1_!!!!", "x_MX4xMjM0NTZ-"] {
            assert!(SessionId::new(bad).parts().is_err(), "{bad:?}");
            assert!(SessionId::new(bad).check_well_formed().is_err(), "{bad:?}");
        }
        // Well formed whoever it belongs to, with or without a numeric key inside.
        id.check_well_formed().unwrap();
        let vonage = SessionId::new(format!("2_{}", URL_SAFE_NO_PAD.encode("1~7c0f2b5e-8a43~~t~r~")));
        vonage.check_well_formed().unwrap();
    }
}
