//! Fresh Vonage application credentials for tests: a random application id and a new RSA-2048 key pair,
//! as PEM text.

use aws_lc_rs::{
    encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der},
    rsa::KeySize,
    signature::{KeyPair, RsaKeyPair},
};
use base64::{engine::general_purpose::STANDARD, Engine as _};

/// An application id, its private key (PKCS#8 PEM) and its public key (SubjectPublicKeyInfo PEM).
pub struct Application {
    pub id: String,
    pub private_pem: String,
    pub public_pem: String,
}

/// A new application with a fresh key.
pub fn application() -> Application {
    let key = RsaKeyPair::generate(KeySize::Rsa2048).expect("RSA key generation");
    let pkcs8: Pkcs8V1Der<'_> = key.as_der().expect("PKCS#8 DER");
    let spki: PublicKeyX509Der<'_> = key.public_key().as_der().expect("SPKI DER");
    let bytes: [u8; 16] = std::array::from_fn(|_| fastrand::u8(..));
    let id = uuid::Builder::from_random_bytes(bytes).into_uuid().to_string();
    Application { id, private_pem: pem("PRIVATE KEY", pkcs8.as_ref()), public_pem: pem("PUBLIC KEY", spki.as_ref()) }
}

/// PEM text: the label, and the DER in base64 lines of 64 characters.
pub fn pem(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
