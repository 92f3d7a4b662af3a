//! The byte-level writers behind both token formats, each matching what JavaScript does, since the
//! official Node SDK defines the formats: `Number.prototype.toString` for numbers, `JSON.stringify` for
//! JWT claim strings, and `encodeURIComponent` (as `querystring.stringify` applies it) for T1 values.
//! They append to a `Vec<u8>` and never allocate beyond growing it.

use std::fmt::Write as _;

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

static DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut table = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        table[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    table
};

/// Writes `v` in decimal at the end of `buf`, two digits at a time; returns where the digits start.
fn digits_into(buf: &mut [u8; 20], mut v: u64) -> usize {
    let mut i = buf.len();
    while v >= 100 {
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[(v % 100) as usize]);
        v /= 100;
    }
    if v >= 10 {
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[v as usize]);
    } else {
        i -= 1;
        buf[i] = b'0' + v as u8;
    }
    i
}

/// Appends a signed integer in decimal.
pub(crate) fn push_i64(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let at = digits_into(&mut digits, n.unsigned_abs());
    out.extend_from_slice(&digits[at..]);
}

/// Appends `bytes` as lowercase hex.
pub(crate) fn push_hex_lower(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        out.push(HEX_LOWER[usize::from(b >> 4)]);
        out.push(HEX_LOWER[usize::from(b & 0x0f)]);
    }
}

/// Writes `bytes` as lowercase hex into `dst`, which holds exactly twice as many bytes.
pub(crate) fn write_hex_lower(dst: &mut [u8], bytes: &[u8]) {
    for (pair, &b) in dst.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX_LOWER[usize::from(b >> 4)];
        pair[1] = HEX_LOWER[usize::from(b & 0x0f)];
    }
}

/// Decodes exactly-lowercase hex (the T1 signature); `None` for anything else.
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

/// True for the bytes `encodeURIComponent` leaves as they are: `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const fn is_unreserved(b: u8) -> bool {
    matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')')
}

static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = is_unreserved(i as u8);
        i += 1;
    }
    table
};

/// Appends `text` escaped as `encodeURIComponent` does: every UTF-8 byte outside the unreserved set
/// becomes `%XX` (uppercase hex), so a space is `%20` and `+` is `%2B`.
pub(crate) fn push_uri_component(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // Most values (session ids, numbers, simple data) need no escaping; this branch-free check
    // vectorizes, and the byte loop below only runs for the rest.
    let plain =
        bytes.iter().fold(true, |ok, &b| ok & (b.is_ascii_alphanumeric() | (b == b'-') | (b == b'_') | (b == b'.')));
    if plain {
        out.extend_from_slice(bytes);
        return;
    }
    // Escape into room for the worst case (every byte escaped), then trim. Branch-free: each byte writes
    // its three-byte form (`%XX`, or itself and two bytes the next one overwrites) and advances by 3 or 1,
    // so mixed text costs no mispredictions.
    let start = out.len();
    out.resize(start + bytes.len() * 3, 0);
    let dst = &mut out[start..];
    let mut j = 0;
    for &b in bytes {
        let (form, step) = URI_FORMS[usize::from(b)];
        dst[j..j + 3].copy_from_slice(&form);
        j += usize::from(step);
    }
    out.truncate(start + j);
}

/// Each byte's `encodeURIComponent` form, padded to three bytes, and its length.
static URI_FORMS: [([u8; 3], u8); 256] = {
    let mut table = [([0u8; 3], 0u8); 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if UNRESERVED[i] { ([b, b, b], 1) } else { ([b'%', HEX_UPPER[i >> 4], HEX_UPPER[i & 15]], 3) };
        i += 1;
    }
    table
};

/// Decodes one form-encoded value: `%XX` escapes (either case) and `+` as a space, the way
/// `querystring.parse` and every server read T1 data. `None` for a broken escape or invalid UTF-8.
pub(crate) fn decode_form_component(text: &str) -> Option<String> {
    if !text.bytes().any(|b| b == b'%' || b == b'+') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let digit = |c: u8| (c as char).to_digit(16);
                out.push((digit(hex[0])? * 16 + digit(hex[1])?) as u8);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Appends `text` as a JSON string body (without the quotes), escaped as `JSON.stringify` does: `"` and
/// `\` get a backslash, `\b \f \n \r \t` their short forms, other control characters `\u00xx` (lowercase
/// hex); everything else, `/`, DEL and non-ASCII included, stays as it is.
pub(crate) fn push_json_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if bytes.iter().fold(true, |ok, &b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\')) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX_LOWER[usize::from(b >> 4)],
                HEX_LOWER[usize::from(b & 0x0f)],
            ]),
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// A number as JavaScript's `String(n)` writes it, kept on the stack (the longest, such as
/// `-2.2250738585072014e-308`, has 24 characters).
#[derive(Clone, Copy)]
pub(crate) struct JsNumber {
    buf: [u8; 32],
    len: u8,
}

impl JsNumber {
    /// The text of `x`, which must be finite (callers check): shortest digits that read back as the same
    /// double; plain notation from 1e-6 up to (not including) 1e21, otherwise `d.ddde±x`; `0` for ±0.
    pub(crate) fn new(x: f64) -> Self {
        let mut me = Self { buf: [0; 32], len: 0 };
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
            me.push(if n - 1 < 0 { b"e-" } else { b"e+" });
            let mut text = [0u8; 20];
            let at = digits_into(&mut text, u64::from((n - 1).unsigned_abs()));
            me.push(&text[at..]);
        }
        me
    }

    /// The text of a nonce drawn from the thread-local PRNG: `0.` followed by 15 random digits (trailing
    /// zeros trimmed), a value in [0.1, 1). A decimal of at most 15 significant digits reads back from a
    /// double unchanged, so this is exactly the text JavaScript would print for the same number, about
    /// 50 bits of randomness, and costs no float formatting.
    pub(crate) fn random_nonce() -> Self {
        let mut me = Self { buf: [0; 32], len: 0 };
        let mut v = fastrand::u64(100_000_000_000_000..1_000_000_000_000_000);
        while v % 10 == 0 {
            v /= 10;
        }
        me.push(b"0.");
        let mut digits = [0u8; 20];
        let at = digits_into(&mut digits, v);
        me.push(&digits[at..]);
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
        push_uri_component(&mut out, "a b&c=d%e+f~g*h'i(j)k!l.m-n_o/p:q é😀");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a%20b%26c%3Dd%25e%2Bf~g*h'i(j)k!l.m-n_o%2Fp%3Aq%20%C3%A9%F0%9F%98%80"
        );
        assert_eq!(decode_form_component("a%20b%2Bc+d%c3%A9").unwrap(), "a b+c dé");
        assert_eq!(decode_form_component("%zz"), None);
        assert_eq!(decode_form_component("%4"), None);
        assert_eq!(decode_form_component("%FF"), None);
    }

    #[test]
    fn json_strings_escape_like_json_stringify() {
        let mut out = Vec::new();
        push_json_str(&mut out, "q\"b\\s/n\nr\rt\tb\u{8}f\u{c}x\u{1}\u{1f}\u{7f}\u{2028}é😀");
        assert_eq!(String::from_utf8(out).unwrap(), "q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\fx\\u0001\\u001f\u{7f}\u{2028}é😀");
    }

    #[test]
    fn integers_and_hex() {
        let mut out = Vec::new();
        for n in [0, 7, -7, 1_700_000_000, i64::MIN, i64::MAX] {
            out.clear();
            push_i64(&mut out, n);
            assert_eq!(String::from_utf8(out.clone()).unwrap(), n.to_string());
        }
        out.clear();
        push_hex_lower(&mut out, &[0x00, 0xab, 0x9f]);
        assert_eq!(out, b"00ab9f");
        assert_eq!(decode_hex_lower::<3>(b"00ab9f"), Some([0x00, 0xab, 0x9f]));
        assert_eq!(decode_hex_lower::<3>(b"00AB9f"), None);
        assert_eq!(decode_hex_lower::<3>(b"00ab9"), None);
    }

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("😀"), 2);
    }
}
