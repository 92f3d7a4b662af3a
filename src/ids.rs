//! Identifier newtypes. Ids are opaque strings; only a session id is ever looked into, to check that it
//! belongs to the client's project before a token is minted for it.

use std::borrow::Cow;

use base64::Engine as _;

use crate::{error::Error, macros::id_type};

/// Checks that an id used in a request path is not empty (an empty id would address another endpoint).
pub(crate) fn check_id(field: &'static str, id: &str) -> Result<(), Error> {
    if id.trim().is_empty() {
        Err(Error::invalid(field, "must not be empty"))
    } else {
        Ok(())
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

    /// Checks that the id decodes and belongs to the project with `api_key`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `session_id`.
    pub fn check_belongs_to(&self, api_key: &str) -> Result<(), Error> {
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
    /// The base64 of the record's first complete 3-byte groups.
    whole: String,
    /// The record's last 1 or 2 bytes, which share a base64 group with what follows them.
    tail: Vec<u8>,
}

impl SessionKeyMatcher {
    pub(crate) fn new(api_key: &str) -> Self {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let record = format!("1~{api_key}~");
        let (whole, tail) = record.as_bytes().split_at(record.len() / 3 * 3);
        Self { whole: URL_SAFE_NO_PAD.encode(whole), tail: tail.to_vec() }
    }

    /// True if `id` is a well-formed session id (`<digits>_` and URL-safe base64 that decodes) whose
    /// record starts with this project's key. False means "not sure", not "foreign".
    pub(crate) fn matches(&self, id: &str) -> bool {
        let Some(underscore) = id.bytes().position(|b| b == b'_') else { return false };
        let (prefix, body) = (&id.as_bytes()[..underscore], &id.as_bytes()[underscore + 1..]);
        // Branch-free, so that it vectorizes.
        let url_safe = body.iter().fold(true, |ok, &b| ok & (b.is_ascii_alphanumeric() | (b == b'-') | (b == b'_')));
        if prefix.is_empty() || !prefix.iter().all(u8::is_ascii_digit) || body.len() % 4 == 1 || !url_safe {
            return false;
        }
        let Some(rest) = body.strip_prefix(self.whole.as_bytes()) else { return false };
        if self.tail.is_empty() {
            return true;
        }
        let Some(group) = rest.get(..4) else { return false };
        let mut decoded = [0u8; 3];
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode_slice(group, &mut decoded).is_ok()
            && decoded.starts_with(&self.tail)
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
    let normalized: Cow<'_, str> = if body.contains(['+', '/', '=']) {
        Cow::Owned(body.trim_end_matches('=').replace('+', "-").replace('/', "_"))
    } else {
        Cow::Borrowed(body)
    };
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let bytes = engine.decode(normalized.as_bytes()).map_err(|_| bad("is not valid base64 after its prefix"))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

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

    #[test]
    fn rejects_foreign_and_malformed_ids() {
        let id = SessionId::new(format!("1_{}", URL_SAFE_NO_PAD.encode("1~999~~t~r~")));
        let err = id.check_belongs_to("123456").unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "session_id", .. }), "{err}");
        for bad in ["", "abc", "_MX4", "1_", "1_!!!!", "x_MX4xMjM0NTZ-"] {
            assert!(SessionId::new(bad).parts().is_err(), "{bad:?}");
        }
    }
}
