//! A Vonage application's id and RSA private key: RS256 REST auth (`Authorization: Bearer`), and the key
//! that RS256 client tokens are signed with.
//!
//! The key is parsed once, when the client is built, with aws-lc-rs (the crypto provider that reqwest's
//! rustls already uses, so TLS and RSA share one constant-time implementation). Its PEM text is not kept.

use std::{fmt, sync::Arc};

use aws_lc_rs::signature::{KeyPair, RsaKeyPair};
use rustls_pki_types::pem::SectionKind;

use super::REST_JWT_TTL;
use crate::{
    error::{Error, Result},
    jws,
};

/// An application id and its parsed private key.
#[derive(Clone)]
pub(crate) struct ApplicationKey {
    id: Arc<str>,
    key: Arc<RsaKeyPair>,
}

impl ApplicationKey {
    /// Checks the id (a UUID such as `7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a`) and parses the key: PKCS#8
    /// (`BEGIN PRIVATE KEY`, what the dashboard hands out) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `application_id` or `private_key` and what is wrong, never the
    /// key's bytes.
    pub(crate) fn new(id: &str, private_key_pem: &str) -> Result<Self> {
        check_application_id(id)?;
        let key = parse_private_key(private_key_pem)?;
        Ok(Self { id: Arc::from(id.to_ascii_lowercase()), key: Arc::new(key) })
    }

    /// The application id (lowercase).
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// The parsed key, for RS256 client tokens.
    pub(crate) fn key(&self) -> &RsaKeyPair {
        &self.key
    }

    /// The public key (SubjectPublicKeyInfo is not needed: PKCS#1 `RSAPublicKey` DER), to verify what the
    /// key signed.
    pub(crate) fn public_key_der(&self) -> &[u8] {
        self.key.public_key().as_ref()
    }

    /// The REST auth JWT for a request made at `iat` (Unix seconds): claims `application_id`, `iat`,
    /// `exp` = `iat` + 300 and `jti` (a UUID v4 made from `jti`'s random bits).
    ///
    /// # Errors
    /// Only if RSA signing fails, which a key that parsed does not do.
    pub(crate) fn rest_jwt(&self, iat: i64, jti: u128) -> Result<String> {
        let jti = jti_uuid(jti);
        let mut claims = Vec::with_capacity(160);
        claims.extend_from_slice(b"{\"application_id\":\"");
        // A checked UUID: hex digits and dashes, nothing to escape.
        claims.extend_from_slice(self.id.as_bytes());
        claims.extend_from_slice(b"\",\"iat\":");
        claims.extend_from_slice(itoa::Buffer::new().format(iat).as_bytes());
        claims.extend_from_slice(b",\"exp\":");
        claims.extend_from_slice(itoa::Buffer::new().format(iat.saturating_add(REST_JWT_TTL)).as_bytes());
        claims.extend_from_slice(b",\"jti\":\"");
        claims.extend_from_slice(jti.hyphenated().encode_lower(&mut uuid::Uuid::encode_buffer()).as_bytes());
        claims.extend_from_slice(b"\"}");
        jws::sign(jws::Rs256(&self.key), &claims)
            .map_err(|_| Error::invalid("private_key", "could not sign with this key"))
    }
}

/// A `jti` for an application's JWTs: a UUID v4 made from 128 random bits.
pub(crate) fn jti_uuid(random: u128) -> uuid::Uuid {
    uuid::Builder::from_random_bytes(random.to_le_bytes()).into_uuid()
}

impl fmt::Debug for ApplicationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplicationKey").field("application_id", &self.id).field("private_key", &"[redacted]").finish()
    }
}

/// An application id is a UUID in its hyphenated form (any case).
fn check_application_id(id: &str) -> Result<()> {
    // `Uuid::try_parse` also takes the simple, braced and URN forms; the platform's ids are hyphenated.
    let hyphenated =
        id.len() == 36 && id.bytes().enumerate().all(|(i, b)| matches!(i, 8 | 13 | 18 | 23) == (b == b'-'));
    if hyphenated && uuid::Uuid::try_parse(id).is_ok() {
        Ok(())
    } else {
        Err(Error::invalid(
            "application_id",
            "must be the application's id, a UUID such as 7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a",
        ))
    }
}

/// Parses an RSA private key from PEM text, with an error that says what the text is when it is not one.
///
/// A key whose line breaks are written out as `\n` (as it often is in an environment variable or a `.env`
/// file) is read as if they were line breaks: PEM's base64 never holds a backslash.
fn parse_private_key(pem: &str) -> Result<RsaKeyPair> {
    let bad = |why: &'static str| Error::invalid("private_key", why);
    let unescaped;
    let pem = if pem.contains("\\n") {
        unescaped = pem.replace("\\r\\n", "\n").replace("\\n", "\n");
        unescaped.as_str()
    } else {
        pem
    };
    let Some(label) = pem_label(pem) else {
        return Err(bad("is not a PEM private key: expected a `-----BEGIN PRIVATE KEY-----` block"));
    };
    match label {
        "ENCRYPTED PRIVATE KEY" => return Err(bad("is encrypted: give the decrypted PKCS#8 key")),
        "RSA PRIVATE KEY" if pem.contains("ENCRYPTED") => return Err(bad("is encrypted: give the decrypted key")),
        "PUBLIC KEY" | "RSA PUBLIC KEY" => return Err(bad("is a public key: the application's private key is needed")),
        "EC PRIVATE KEY" => return Err(bad("is an EC key: the application's key is an RSA key")),
        "CERTIFICATE" => return Err(bad("is a certificate: the application's private key is needed")),
        "PRIVATE KEY" | "RSA PRIVATE KEY" => {}
        _ => return Err(bad("is not a private key: expected a `-----BEGIN PRIVATE KEY-----` block")),
    }
    let mut reader = pem.as_bytes();
    let (kind, der) = match rustls_pki_types::pem::from_buf(&mut reader) {
        Ok(Some(section)) => section,
        _ => {
            return Err(bad(
                "is truncated or damaged: its PEM block does not decode (check that the whole key was copied, \
                 from `-----BEGIN` to `-----END`, with its line breaks)",
            ))
        }
    };
    let parsed = match kind {
        SectionKind::PrivateKey => RsaKeyPair::from_pkcs8(&der),
        SectionKind::RsaPrivateKey => RsaKeyPair::from_der(&der),
        _ => return Err(bad("is not an RSA private key")),
    };
    // aws-lc's reasons ("InvalidEncoding", "WrongAlgorithm", ...) never include key material.
    parsed.map_err(|rejected| {
        Error::invalid("private_key", format!("is not a usable RSA private key of 2048 to 8192 bits ({rejected})"))
    })
}

/// The label of the first `-----BEGIN <label>-----` line.
fn pem_label(pem: &str) -> Option<&str> {
    let start = pem.find("-----BEGIN ")? + "-----BEGIN ".len();
    let end = pem[start..].find("-----")?;
    Some(&pem[start..start + end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn application_ids_are_hyphenated_uuids() {
        for good in ["7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a", "7C0F2B5E-8A43-4E2B-9D0A-2F3C1B6E5D4A"] {
            check_application_id(good).unwrap();
        }
        for bad in [
            "",
            "12345678",
            "7c0f2b5e8a434e2b9d0a2f3c1b6e5d4a",
            "{7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4a}",
            "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4g",
            "7c0f2b5e-8a434-e2b-9d0a-2f3c1b6e5d4a",
            "7c0f2b5e-8a43-4e2b-9d0a-2f3c1b6e5d4aé",
        ] {
            let err = check_application_id(bad).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { field: "application_id", .. }), "{bad:?}");
        }
    }

    #[test]
    fn labels_name_what_the_text_is() {
        let reason = |pem: &str| match parse_private_key(pem) {
            Err(Error::InvalidArgument { field: "private_key", reason }) => reason.into_owned(),
            other => panic!("{other:?}"),
        };
        assert!(reason("").contains("not a PEM"));
        assert!(reason("secret").contains("not a PEM"));
        assert!(reason("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").contains("public key"));
        assert!(reason("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n").contains("EC key"));
        assert!(reason("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")
            .contains("encrypted"));
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert!(reason(legacy).contains("encrypted"));
        assert!(reason("-----BEGIN PRIVATE KEY-----\nAAAA").contains("truncated"));
        assert!(reason("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").contains("not a usable RSA"));
    }
}
