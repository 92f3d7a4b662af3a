//! A quick reader for the claims the platform signs: a flat JSON object of plain strings, integers and
//! literals (about 250 bytes, read in a fifth of the time `serde_json` takes).
//!
//! Anything else (an escape, a nested value, a fraction where an integer is wanted, a claim given twice,
//! a number where text is wanted, JSON that is not valid) answers `None`, and `serde_json` reads the claims
//! instead, with its own answer or error: whatever this reader gives, `serde_json` gives the same (a
//! proptest below compares them).

use super::SignedClaims;

/// The claims in `json`, or `None` when `serde_json` must read them.
pub(super) fn read(json: &str) -> Option<SignedClaims> {
    let mut reader = Reader { text: json, bytes: json.as_bytes(), at: 0 };
    let mut claims = SignedClaims::default();
    let mut seen = 0u8;
    reader.skip_whitespace();
    reader.expect(b'{')?;
    reader.skip_whitespace();
    if reader.peek() == Some(b'}') {
        reader.at += 1;
    } else {
        loop {
            let key = reader.string()?;
            reader.skip_whitespace();
            reader.expect(b':')?;
            reader.skip_whitespace();
            let value = reader.scalar()?;
            let (bit, claim) = match key {
                "iss" => (0, Claim::Text(&mut claims.issuer)),
                "jti" => (1, Claim::Text(&mut claims.jti)),
                "payload_hash" => (2, Claim::Text(&mut claims.payload_hash)),
                "application_id" => (3, Claim::Text(&mut claims.application_id)),
                "api_key" => (4, Claim::Text(&mut claims.api_key)),
                "iat" => (5, Claim::Time(&mut claims.issued_at)),
                "exp" => (6, Claim::Time(&mut claims.expires_at)),
                "nbf" => (7, Claim::Time(&mut claims.not_before)),
                _ => (8, Claim::Other),
            };
            if bit < 8 {
                // `serde_json` refuses a claim given twice.
                if seen & (1 << bit) != 0 {
                    return None;
                }
                seen |= 1 << bit;
            }
            match (claim, value) {
                (Claim::Text(slot), Scalar::Text(text)) => *slot = Some(text.to_owned()),
                (Claim::Time(slot), Scalar::Integer(n)) => *slot = Some(n),
                (Claim::Text(_) | Claim::Time(_), Scalar::Null) | (Claim::Other, _) => {}
                _ => return None,
            }
            reader.skip_whitespace();
            match reader.next()? {
                b',' => reader.skip_whitespace(),
                b'}' => break,
                _ => return None,
            }
        }
    }
    reader.skip_whitespace();
    (reader.at == reader.bytes.len()).then_some(claims)
}

/// Where a member's value goes.
enum Claim<'a> {
    Text(&'a mut Option<String>),
    Time(&'a mut Option<i64>),
    Other,
}

/// A member's value.
enum Scalar<'a> {
    /// A string without escapes.
    Text(&'a str),
    /// An integer that `serde_json` reads as one and that fits an `i64` (not `-0`, which it reads as a
    /// float).
    Integer(i64),
    Null,
    /// `true`, `false`, a fraction, an exponent or an integer out of `i64`'s range.
    Other,
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

/// Eight bytes at a time: whether any is `"`, `\` or a control character (below 0x20). It may also flag
/// a byte after one of those, never miss one (the usual "has a zero byte" bit trick).
fn special_in(chunk: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = chunk.wrapping_sub(ONES * 0x20) & !chunk & HIGHS;
    (zero_in(chunk ^ (ONES * u64::from(b'"'))) | zero_in(chunk ^ (ONES * u64::from(b'\\'))) | below_space) != 0
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string without escapes or control characters.
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let mut at = start;
        // Eight bytes at a time up to the chunk holding the end, then byte by byte.
        while let Some(chunk) = self.bytes.get(at..at + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if special_in(u64::from_ne_bytes(word)) {
                break;
            }
            at += 8;
        }
        let length = self.bytes.get(at..)?.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        let end = at + length;
        if self.bytes[end] != b'"' {
            return None;
        }
        self.at = end + 1;
        // Quotes are ASCII: the text between two of them is whole characters.
        self.text.get(start..end)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at.checked_add(word.len())?;
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    fn scalar(&mut self) -> Option<Scalar<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Scalar::Text),
            b'n' => self.literal(b"null").map(|()| Scalar::Null),
            b't' => self.literal(b"true").map(|()| Scalar::Other),
            b'f' => self.literal(b"false").map(|()| Scalar::Other),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// A JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Option<Scalar<'a>> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let digits = self.digits();
        let integer = &self.bytes[start..self.at];
        if digits == 0 || (digits > 1 && integer[usize::from(negative)] == b'0') {
            return None;
        }
        let mut fraction = false;
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return None;
            }
            fraction = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
            fraction = true;
        }
        if fraction {
            return Some(Scalar::Other);
        }
        // ASCII digits and an optional sign: `i64`'s own syntax.
        let parsed = self.text.get(start..start + integer.len())?.parse::<i64>();
        Some(match parsed {
            Ok(0) if negative => Scalar::Other,
            Ok(n) => Scalar::Integer(n),
            Err(_) => Scalar::Other,
        })
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn serde(json: &str) -> Option<SignedClaims> {
        serde_json::from_str(json).ok()
    }

    #[test]
    fn reads_the_platform_claims() {
        let json = r#"{"iat":1764700000,"jti":"c5ba8f24","iss":"Vonage","payload_hash":"ab01","api_key":"46565552","application_id":"aaaa-bbbb"}"#;
        let claims = read(json).expect("the usual claims take the quick way");
        assert_eq!(Some(&claims), serde(json).as_ref());
        assert_eq!(claims.issued_at, Some(1_764_700_000));
        assert_eq!(claims.api_key.as_deref(), Some("46565552"));
        let spaced = " {\n \"iss\" : \"Vonage\" ,\t\"exp\":-5, \"x\": [1] }";
        assert_eq!(read(spaced), None, "a nested value is left to serde_json");
        let spaced = " {\n \"iss\" : \"Vonage\" ,\t\"exp\":-5, \"x\": 1.5e3, \"y\": true, \"z\": null } ";
        assert_eq!(read(spaced), serde(spaced));
        assert!(read(spaced).is_some());
        assert_eq!(read("{}"), Some(SignedClaims::default()));
    }

    #[test]
    fn leaves_to_serde_json_what_it_does_not_read_the_same() {
        for json in [
            r#"{"iss":"V\u006fnage"}"#,
            r#"{"i\u0073s":"x"}"#,
            r#"{"iss":"a","iss":"b"}"#,
            r#"{"iat":1.0}"#,
            r#"{"iat":-0}"#,
            r#"{"iat":01}"#,
            r#"{"iat":"1"}"#,
            r#"{"iat":9223372036854775808}"#,
            r#"{"api_key":46565552}"#,
            r#"{"iss":1}"#,
            r#"{"iss":"a",}"#,
            r#"{"iss":"a"} x"#,
            "{\"iss\":\"a\tb\"}",
            r#"{"iss" "a"}"#,
            r#"["iss"]"#,
            "",
        ] {
            assert_eq!(read(json), None, "{json}");
        }
    }

    /// Pieces of claims JSON, valid and not.
    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec!["iss", "jti", "payload_hash", "application_id", "api_key", "iat", "exp", "nbf"])
                .prop_map(|k| format!("\"{k}\"")),
            "\"[a-z_\\\\]{0,4}\"",
            "[a-z\" ]{0,3}",
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "\"[ -~\u{e9}\u{1}]{0,6}\"",
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|n| n.to_string()),
            "-?[0-9]{1,3}(\\.[0-9]{0,2})?([eE][+-]?[0-9]{0,2})?",
            prop::sample::select(vec!["null", "true", "false", "nul", "[]", "{}", "-0", "-", "\"\\n\""])
                .prop_map(str::to_owned),
        ]
    }

    fn space() -> impl Strategy<Value = String> {
        "[ \t\n\r]{0,2}|x"
    }

    fn claims_json() -> impl Strategy<Value = String> {
        (space(), prop::collection::vec((key(), space(), value(), space()), 0..6), space(), "[{}]?[,]?").prop_map(
            |(lead, members, trail, end)| {
                let members: Vec<String> = members.into_iter().map(|(k, s, v, t)| format!("{k}{s}:{t}{v}")).collect();
                format!("{lead}{{{}}}{trail}{end}", members.join(","))
            },
        )
    }

    /// Claims as the platform could write them: each claim at most once, strings without escapes.
    fn plain_claims_json() -> impl Strategy<Value = String> {
        let text = || "\"[ -!#-\\[\\]-~\u{e9}\u{1f600}]{0,40}\"";
        let member = prop_oneof![
            text().prop_map(|v| ("iss", v)),
            text().prop_map(|v| ("jti", v)),
            text().prop_map(|v| ("payload_hash", v)),
            text().prop_map(|v| ("application_id", v)),
            text().prop_map(|v| ("api_key", v)),
            any::<i64>().prop_filter("-0 is a float", |n| *n != 0).prop_map(|n| ("iat", n.to_string())),
            Just(("exp", "null".to_owned())),
            prop_oneof![text(), Just("1.5e3".to_owned()), Just("true".to_owned())].prop_map(|v| ("other", v)),
        ];
        prop::collection::vec((member, "[ \t\n\r]{0,2}"), 0..8).prop_map(|members| {
            let mut seen = std::collections::HashSet::new();
            let members: Vec<String> = members
                .into_iter()
                .filter(|((key, _), _)| seen.insert(*key))
                .map(|((key, value), space)| format!("{space}\"{key}\"{space}:{space}{value}{space}"))
                .collect();
            format!("{{{}}}", members.join(","))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn reads_plain_claims_as_serde_json_does(json in plain_claims_json()) {
            let quick = read(&json);
            prop_assert!(quick.is_some(), "{}", json);
            prop_assert_eq!(quick, serde(&json), "{}", json);
        }

        #[test]
        fn gives_what_serde_json_gives(json in claims_json()) {
            if let Some(quick) = read(&json) {
                prop_assert_eq!(Some(quick), serde(&json), "{}", json);
            }
        }

        #[test]
        fn never_panics(json in "\\PC{0,40}") {
            if let Some(quick) = read(&json) {
                prop_assert_eq!(Some(quick), serde(&json), "{}", json);
            }
        }
    }
}
