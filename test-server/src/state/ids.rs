//! Minting of project credentials and ids.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// `n` random bytes (from uuid v4's random source; 6 bits of each 16 are fixed, so take 14).
pub(crate) fn random_bytes(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + 16);
    while out.len() < n {
        let bytes = *uuid::Uuid::new_v4().as_bytes();
        // Bytes 6 and 8 carry the version and variant bits.
        out.extend(bytes.iter().enumerate().filter(|(i, _)| *i != 6 && *i != 8).map(|(_, b)| *b));
    }
    out.truncate(n);
    out
}

/// A random numeric API key of eight digits (no leading zero).
pub(crate) fn api_key() -> String {
    let n = u64::from_le_bytes(random_bytes(8).try_into().unwrap_or([7; 8]));
    (10_000_000 + n % 90_000_000).to_string()
}

/// A random 40-character lowercase hex API secret.
pub(crate) fn api_secret() -> String {
    random_bytes(20).iter().map(|b| format!("{b:02x}")).collect()
}

/// A uuid v4 string, for connection, stream, archive and SIP call ids.
pub(crate) fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A session id: `1_` + unpadded URL-safe base64 of `1~<apiKey>~<location>~<create ms>~<random>~`.
///
/// The random part is 24 characters: mostly alphanumeric, with about one in eight a `?`. A `?`
/// (and each `~`) at a byte offset of 2 mod 3 encodes to `_` (or `-`), so many ids contain both
/// characters, as real ones can, to catch clients that mishandle them.
pub(crate) fn session_id(api_key: &str, location: Option<&str>, created_ms: i64) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let random: String = random_bytes(24)
        .into_iter()
        .map(|b| if b < 32 { '?' } else { ALNUM[usize::from(b) % ALNUM.len()] as char })
        .collect();
    let record = format!("1~{api_key}~{}~{created_ms}~{random}~", location.unwrap_or_default());
    format!("1_{}", URL_SAFE_NO_PAD.encode(record))
}

/// Whether `text` has the shape of a session id: a digit, `_`, then URL-safe base64 (`1_MX4…`, `2_MX4…`).
/// The platform answers 400 for an id without that shape ("an invalid session ID") and 404 for one of
/// that shape that it does not know ("the session does not exist").
pub(crate) fn is_session_id(text: &str) -> bool {
    let mut bytes = text.bytes();
    matches!((bytes.next(), bytes.next()), (Some(b'0'..=b'9'), Some(b'_')))
        && text.len() > 2
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
