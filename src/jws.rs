//! Compact JWS signing (RFC 7515) for the JWTs the crate mints: HS256 with a pre-keyed HMAC state, RS256
//! with a parsed RSA key. Bottom floor: no `crate::` imports.

use aws_lc_rs::{
    rand::SystemRandom,
    signature::{RsaKeyPair, RSA_PKCS1_SHA256},
};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// `base64url({"alg":"HS256","typ":"JWT"})`.
pub(crate) const HS256_HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
/// `base64url({"alg":"RS256","typ":"JWT"})`.
pub(crate) const RS256_HEADER: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

/// Length of a base64url (unpadded) HMAC-SHA256 signature.
const HS256_SIGNATURE_B64_LEN: usize = 43;

/// `header.payload.` for `claims`, with room for a signature of `signature_len` bytes.
fn signing_input(header: &str, claims: &[u8], signature_len: usize) -> String {
    let mut out =
        String::with_capacity(header.len() + 2 + claims.len().div_ceil(3) * 4 + signature_len.div_ceil(3) * 4);
    out.push_str(header);
    out.push('.');
    base64_simd::URL_SAFE_NO_PAD.encode_append(claims, &mut out);
    out
}

/// `header.payload.signature` for `claims` (a JSON object), signed with a keyed HMAC-SHA256.
pub(crate) fn hs256(mut mac: Hmac<Sha256>, claims: &[u8]) -> String {
    let mut out = signing_input(HS256_HEADER, claims, HS256_SIGNATURE_B64_LEN);
    mac.update(out.as_bytes());
    let signature = mac.finalize().into_bytes();
    out.push('.');
    base64_simd::URL_SAFE_NO_PAD.encode_append(signature, &mut out);
    out
}

/// Why an RS256 signature could not be made (the key is unusable; never seen with a key that parsed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SigningFailed;

/// `header.payload.signature` for `claims` (a JSON object), signed RS256 (RSASSA-PKCS1-v1_5 with SHA-256,
/// deterministic and constant-time in aws-lc).
pub(crate) fn rs256(key: &RsaKeyPair, claims: &[u8]) -> Result<String, SigningFailed> {
    let modulus = key.public_modulus_len();
    let mut out = signing_input(RS256_HEADER, claims, modulus);
    let mut signature = vec![0u8; modulus];
    key.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), out.as_bytes(), &mut signature).map_err(|_| SigningFailed)?;
    out.push('.');
    base64_simd::URL_SAFE_NO_PAD.encode_append(&signature, &mut out);
    Ok(out)
}
