//! The byte-level writers behind both token formats, each matching what JavaScript does, since the
//! official Node SDK defines the formats: `Number.prototype.toString` for numbers, `JSON.stringify` for
//! JWT claim strings, and `encodeURIComponent` (as `querystring.stringify` applies it) for T1 values.
//! They append to a `Vec<u8>`: integers through `itoa`, JSON strings through `serde_json`, URI components
//! through `percent-encoding`; only the hex of a signature is written here (see [`write_hex_lower`]).

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Appends a signed integer in decimal.
pub(crate) fn push_int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Each byte's two lowercase hex digits.
static HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = [DIGITS[i >> 4], DIGITS[i & 15]];
        i += 1;
    }
    table
};

/// Writes `bytes` as lowercase hex into `dst`, which holds exactly twice as many bytes.
///
/// Written here rather than taken from a crate: no hex crate is in the dependency graph, and `core::fmt`
/// (`{:02x}` per byte) costs about 60 instructions a byte against this loop's 3 (callgrind), which for
/// the 20-byte T1 signature would be about half of everything else the token costs beyond its HMAC.
pub(crate) fn write_hex_lower(dst: &mut [u8], bytes: &[u8]) {
    for (pair, &b) in dst.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(b)]);
    }
}

/// Decodes exactly-lowercase hex (the T1 signature); `None` for anything else. Hand-written for the same
/// reason as [`write_hex_lower`], and because `u8::from_str_radix` also takes uppercase and a `+` sign,
/// which would give one signature several texts.
pub(crate) fn decode_hex_lower<const N: usize>(text: &[u8]) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, pair) in text.chunks_exact(2).enumerate() {
        out[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

/// What `encodeURIComponent` escapes: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` (and every non-ASCII
/// byte, which `percent-encoding` always escapes).
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Appends `text` escaped as `encodeURIComponent` does: every UTF-8 byte outside the unreserved set
/// becomes `%XX` (uppercase hex), so a space is `%20` and `+` is `%2B`.
pub(crate) fn push_uri_component(out: &mut Vec<u8>, text: &[u8]) {
    for part in percent_encoding::percent_encode(text, URI_COMPONENT) {
        out.extend_from_slice(part.as_bytes());
    }
}

/// Appends `text` as a JSON string, quotes included, escaped as `JSON.stringify` does (and
/// `serde_json` too): `"` and `\` get a backslash, `\b \f \n \r \t` their short forms, other
/// control characters `\u00xx` (lowercase hex); everything else, `/`, DEL and non-ASCII included, stays
/// as it is.
pub(crate) fn push_json_string(out: &mut Vec<u8>, text: &str) {
    // Letters and digits (an API key, most layout classes, an empty list) need no escaping, and the
    // check is a third of what a `serde_json` call costs on such short strings.
    if text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return;
    }
    // Writing to a `Vec` cannot fail, and a `str` always serializes.
    let _ = serde_json::to_writer(&mut *out, text);
}

/// A number as JavaScript's `String(n)` writes it, kept on the stack (the longest, such as
/// `-2.2250738585072014e-308`, has 24 characters).
#[derive(Clone, Copy)]
pub(crate) struct JsNumber {
    buf: [u8; 32],
    len: u8,
    /// The text has a `+` (an exponent such as `1e+21`), the one character `encodeURIComponent` escapes.
    plus: bool,
}

impl JsNumber {
    /// The text of `x`, which must be finite (callers check): shortest digits that read back as the same
    /// double; plain notation from 1e-6 up to (not including) 1e21, otherwise `d.ddde±x`; `0` for ±0.
    pub(crate) fn new(x: f64) -> Self {
        let mut me = Self { buf: [0; 32], len: 0, plus: false };
        if x == 0.0 || !x.is_finite() {
            me.push(b"0");
            return me;
        }
        // Rust's `{:e}` prints the shortest round-trip digits (the same ones ECMAScript's Number::toString
        // picks) as `d[.ddd]e<exp>`; only the layout differs.
        let mut sci = StackText { buf: [0; 40], len: 0 };
        let _ = write!(sci, "{:e}", x.abs());
        let sci = &sci.buf[..sci.len];
        let e_at = sci.iter().position(|&c| c == b'e').unwrap_or(sci.len());
        let mut digits = [0u8; 20];
        let mut k = 0;
        for &c in &sci[..e_at] {
            if c.is_ascii_digit() && k < digits.len() {
                digits[k] = c;
                k += 1;
            }
        }
        let digits = &digits[..k];
        let exp: i32 =
            std::str::from_utf8(sci.get(e_at + 1..).unwrap_or_default()).ok().and_then(|e| e.parse().ok()).unwrap_or(0);
        // ECMAScript: x = 0.d1d2...dk * 10^n.
        let n = exp + 1;
        let k = k as i32;
        if x < 0.0 {
            me.push(b"-");
        }
        if k <= n && n <= 21 {
            me.push(digits);
            for _ in 0..(n - k) {
                me.push(b"0");
            }
        } else if 0 < n && n <= 21 {
            me.push(&digits[..n as usize]);
            me.push(b".");
            me.push(&digits[n as usize..]);
        } else if -6 < n && n <= 0 {
            me.push(b"0.");
            for _ in 0..(-n) {
                me.push(b"0");
            }
            me.push(digits);
        } else {
            me.push(&digits[..1]);
            if k > 1 {
                me.push(b".");
                me.push(&digits[1..]);
            }
            me.plus = n > 0;
            me.push(if me.plus { b"e+" } else { b"e-" });
            me.push(itoa::Buffer::new().format((n - 1).unsigned_abs()).as_bytes());
        }
        me
    }

    /// The text of a nonce drawn from the thread-local PRNG: `0.` followed by 15 random digits (trailing
    /// zeros trimmed), a value in [0.1, 1). A decimal of at most 15 significant digits reads back from a
    /// double unchanged, so this is exactly the text JavaScript would print for the same number, about
    /// 50 bits of randomness, and costs no float formatting.
    pub(crate) fn random_nonce() -> Self {
        let mut me = Self { buf: [0; 32], len: 0, plus: false };
        let mut v = fastrand::u64(100_000_000_000_000..1_000_000_000_000_000);
        while v % 10 == 0 {
            v /= 10;
        }
        me.push(b"0.");
        me.push(itoa::Buffer::new().format(v).as_bytes());
        me
    }

    fn push(&mut self, bytes: &[u8]) {
        let at = usize::from(self.len);
        let end = (at + bytes.len()).min(self.buf.len());
        self.buf[at..end].copy_from_slice(&bytes[..end - at]);
        self.len = end as u8;
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..usize::from(self.len)]
    }

    /// True when the text has a `+`, which a URI component escapes; digits, `.`, `-` and `e` need none.
    pub(crate) fn has_plus(&self) -> bool {
        self.plus
    }

    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or("0")
    }
}

struct StackText {
    buf: [u8; 40],
    len: usize,
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The length of `text` in UTF-16 code units, which is how JavaScript (and so the platform's documented
/// limits) counts characters. At most the UTF-8 length, so short strings need no counting.
pub(crate) fn utf16_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().map(char::len_utf16).sum()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn js(x: f64) -> String {
        JsNumber::new(x).as_str().to_owned()
    }

    #[test]
    fn numbers_print_as_javascript_does() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (0.5, "0.5"),
            (1.0, "1"),
            (-2.0, "-2"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.000001, "0.000001"),
            (0.0000015, "0.0000015"),
            (1.5e-7, "1.5e-7"),
            (1e-7, "1e-7"),
            (5e-324, "5e-324"),
            (0.9999999999999999, "0.9999999999999999"),
            (123.456, "123.456"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.2345e22, "1.2345e+22"),
            (-1.5e-7, "-1.5e-7"),
            (f64::MAX, "1.7976931348623157e+308"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (1700000000.0, "1700000000"),
            (0.123456789012345, "0.123456789012345"),
        ];
        for &(x, want) in cases {
            assert_eq!(js(x), want, "{x:e}");
            assert_eq!(JsNumber::new(x).has_plus(), want.contains('+'), "{x:e}");
        }
    }

    #[test]
    fn random_nonces_are_their_own_javascript_text() {
        for _ in 0..2000 {
            let n = JsNumber::random_nonce();
            let text = n.as_str();
            let value: f64 = text.parse().unwrap();
            assert!((0.1..1.0).contains(&value), "{text}");
            assert_eq!(js(value), text);
        }
    }

    #[test]
    fn uri_components_escape_like_encode_uri_component() {
        let mut out = Vec::new();
        push_uri_component(&mut out, "a b&c=d%e+f~g*h'i(j)k!l.m-n_o/p:q é😀".as_bytes());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a%20b%26c%3Dd%25e%2Bf~g*h'i(j)k!l.m-n_o%2Fp%3Aq%20%C3%A9%F0%9F%98%80"
        );
    }

    #[test]
    fn json_strings_escape_like_json_stringify() {
        let mut out = Vec::new();
        push_json_string(&mut out, "q\"b\\s/n\nr\rt\tb\u{8}f\u{c}x\u{1}\u{1f}\u{7f}\u{2028}é😀");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\fx\\u0001\\u001f\u{7f}\u{2028}é😀\""
        );
    }

    #[test]
    fn integers_and_hex() {
        let mut out = Vec::new();
        for n in [0, 7, -7, 1_700_000_000, i64::MIN, i64::MAX] {
            out.clear();
            push_int(&mut out, n);
            assert_eq!(String::from_utf8(out.clone()).unwrap(), n.to_string());
        }
        let mut hex = [0u8; 6];
        write_hex_lower(&mut hex, &[0x00, 0xab, 0x9f]);
        assert_eq!(&hex, b"00ab9f");
        assert_eq!(decode_hex_lower::<3>(b"00ab9f"), Some([0x00, 0xab, 0x9f]));
        assert_eq!(decode_hex_lower::<3>(b"00AB9f"), None);
        assert_eq!(decode_hex_lower::<3>(b"00ab9"), None);
        assert_eq!(decode_hex_lower::<3>(b"+0ab9f"), None);
    }

    /// `JSON.stringify` of a string, from ECMA-262 QuoteJSONString: the oracle for [`push_json_string`].
    fn quote_json_string(text: &str) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '\u{8}' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\u{c}' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// `encodeURIComponent`, from ECMA-262 Encode with the unreserved set `uriAlpha DecimalDigit uriMark`:
    /// the oracle for [`push_uri_component`].
    fn encode_uri_component(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) {
                out.push(c);
            } else {
                let mut utf8 = [0u8; 4];
                for b in c.encode_utf8(&mut utf8).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        out
    }

    /// Any string, with the characters that need escaping in either format well represented.
    fn text() -> impl Strategy<Value = String> {
        let special = prop_oneof![
            Just('"'),
            Just('\\'),
            Just('/'),
            Just('+'),
            Just('%'),
            Just('&'),
            Just('='),
            Just(' '),
            Just('\u{7f}'),
            Just('\u{2028}'),
            Just('😀'),
            (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        ];
        proptest::collection::vec(prop_oneof![any::<char>(), special, proptest::char::range('a', 'z')], 0..40)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn json_escaping_is_json_stringify_and_reads_back(s in text()) {
            let mut out = Vec::new();
            push_json_string(&mut out, &s);
            let out = String::from_utf8(out).unwrap();
            prop_assert_eq!(&out, &quote_json_string(&s));
            prop_assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
        }

        #[test]
        fn uri_escaping_is_encode_uri_component_and_form_decoding_reads_it_back(
            values in proptest::collection::vec(text(), 1..4),
        ) {
            let mut data = Vec::new();
            for (i, v) in values.iter().enumerate() {
                let mut encoded = Vec::new();
                push_uri_component(&mut encoded, v.as_bytes());
                prop_assert_eq!(std::str::from_utf8(&encoded).unwrap(), encode_uri_component(v));
                if i > 0 {
                    data.push(b'&');
                }
                data.extend_from_slice(format!("k{i}=").as_bytes());
                data.extend_from_slice(&encoded);
            }
            let read: Vec<(String, String)> =
                form_urlencoded::parse(&data).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            let want: Vec<(String, String)> =
                values.iter().enumerate().map(|(i, v)| (format!("k{i}"), v.clone())).collect();
            prop_assert_eq!(read, want);
        }

        #[test]
        fn hex_reads_back(bytes in any::<[u8; 20]>()) {
            let mut hex = [0u8; 40];
            write_hex_lower(&mut hex, &bytes);
            let reference: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            prop_assert_eq!(std::str::from_utf8(&hex).unwrap(), reference);
            prop_assert_eq!(decode_hex_lower::<20>(&hex), Some(bytes));
        }
    }

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("😀"), 2);
    }
}
