//! RS256 client tokens: what a Vonage application mints for `session.connect`, signed with its private key,
//! and their verification with the application's public key.
//!
//! The claims are those the platform reads (and that `@vonage/video` with `@vonage/jwt` writes):
//! `scope`, `session_id`, `role`, `initial_layout_class_list` (one space-joined string, `""` for none),
//! `exp`, `sub: "video"`, `acl: {"paths": {"/session/**": {}}}`, `connection_data` when set, `jti` (a UUID
//! v4), `iat` and `application_id`. The signature dominates the cost (an RSA-2048 signature is about a
//! thousand times an HMAC), so the claims are written with serde_json rather than by hand.

use aws_lc_rs::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use rustls_pki_types::pem::SectionKind;
use serde::Serialize;

use super::{Fields, TokenError};
use crate::{
    credentials::{jti_uuid, ApplicationKey},
    error::{Error, Result},
    jws,
};

#[derive(Serialize)]
struct Claims<'a> {
    scope: &'static str,
    session_id: &'a str,
    role: &'static str,
    initial_layout_class_list: &'a str,
    exp: i64,
    sub: &'static str,
    acl: Acl,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection_data: Option<&'a str>,
    jti: &'a str,
    iat: i64,
    application_id: &'a str,
}

/// `{"paths": {"/session/**": {}}}`.
#[derive(Serialize)]
struct Acl {
    paths: AclPaths,
}

#[derive(Serialize)]
struct AclPaths {
    #[serde(rename = "/session/**")]
    session: Empty,
}

#[derive(Serialize)]
struct Empty {}

/// The RS256 client token for `f`, with `jti` made from the random bits `jti`.
pub(crate) fn client_token(app: &ApplicationKey, f: &Fields<'_>, jti: u128) -> Result<String> {
    let jti = jti_uuid(jti);
    let mut jti_text = uuid::Uuid::encode_buffer();
    let claims = Claims {
        scope: "session.connect",
        session_id: f.session_id,
        role: f.role.as_str(),
        initial_layout_class_list: f.layout,
        exp: f.expire_time,
        sub: "video",
        acl: Acl { paths: AclPaths { session: Empty {} } },
        connection_data: f.data,
        jti: jti.hyphenated().encode_lower(&mut jti_text),
        iat: f.iat,
        application_id: app.id(),
    };
    let json = serde_json::to_vec(&claims).map_err(|e| Error::invalid("data", format!("cannot be written ({e})")))?;
    jws::sign(jws::Rs256(app.key()), &json).map_err(|_| Error::invalid("private_key", "could not sign with this key"))
}

/// An RSA public key to verify RS256 tokens with.
#[derive(Clone)]
pub struct PublicKey {
    /// SubjectPublicKeyInfo DER, or PKCS#1 `RSAPublicKey` DER for an application's own key (aws-lc reads
    /// both).
    der: Vec<u8>,
}

impl PublicKey {
    /// Reads a PEM public key: `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo, what the dashboard and openssl
    /// write).
    ///
    /// # Errors
    /// [`TokenError::InvalidKey`] when the text is not an RSA public key.
    pub fn from_pem(pem: &str) -> std::result::Result<Self, TokenError> {
        let bad = TokenError::InvalidKey;
        if pem.contains("PRIVATE KEY") {
            return Err(bad("this is a private key: give the public key"));
        }
        let mut reader = pem.as_bytes();
        let (kind, der) = match rustls_pki_types::pem::from_buf(&mut reader) {
            Ok(Some(section)) => section,
            _ => return Err(bad("not a PEM public key")),
        };
        // aws-lc verifies with either DER form; SubjectPublicKeyInfo is checked to hold an RSA key here.
        match kind {
            SectionKind::PublicKey => {
                aws_lc_rs::rsa::PublicEncryptingKey::from_der(&der).map_err(|_| bad("not an RSA public key"))?;
            }
            _ => return Err(bad("not a PEM public key")),
        }
        Ok(Self { der })
    }

    /// The public half of an application's key.
    pub(crate) fn of(app: &ApplicationKey) -> Self {
        Self { der: app.public_key_der().to_vec() }
    }

    /// Whether `signature` is this key's RS256 signature of `message`.
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.der).verify(message, signature).is_ok()
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey").field("bits", &(self.der.len() * 8)).finish_non_exhaustive()
    }
}
