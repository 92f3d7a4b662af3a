//! Compact JWS signing (RFC 7515 §7.1), and the unpadded base64url it is written in: the crate's bottom
//! floor. It imports nothing from the crate, so that every module above it (client tokens, credentials,
//! the transport) can use it.
//!
//! A compact JWS is `base64url(header) . base64url(payload) . base64url(signature)`, the signature taken
//! over the first two parts as written. [`sign`] writes one for any [`JwsSigner`]: one algorithm and its
//! key. [`Hs256`] (HMAC-SHA256 with a pre-keyed state) is the one the platform's project credentials use.
//! Another algorithm, such as RS256 for application credentials (PKCS#1 v1.5 with SHA-256 and an RSA
//! key pair), is one more implementation of the trait, with its own header and error type; [`sign`] and
//! its callers stay as they are, and a caller that holds either kind of key can hold an enum that
//! implements the trait by delegating. For instance, with aws-lc-rs:
//!
//! ```text
//! struct Rs256<'a>(&'a aws_lc_rs::signature::RsaKeyPair);
//! impl JwsSigner for Rs256<'_> {
//!     type Error = aws_lc_rs::error::Unspecified;
//!     type Signature = Vec<u8>;
//!     fn header_b64(&self) -> &str { RS256_HEADER_B64 } // base64url({"alg":"RS256","typ":"JWT"})
//!     fn max_signature_len(&self) -> usize { self.0.public_modulus_len() }
//!     fn sign_bytes(self, input: &[u8]) -> Result<Vec<u8>, Self::Error> {
//!         let mut sig = vec![0; self.0.public_modulus_len()];
//!         self.0.sign(&aws_lc_rs::signature::RSA_PKCS1_SHA256, &SystemRandom::new(), input, &mut sig)?;
//!         Ok(sig)
//!     }
//! }
//! ```

use aws_lc_rs::{
    rand::SystemRandom,
    signature::{RsaKeyPair, RSA_PKCS1_SHA256},
};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// One signing algorithm with its key.
pub(crate) trait JwsSigner {
    /// Why signing can fail: [`std::convert::Infallible`] for HMAC, a key error for RSA.
    type Error;

    /// The raw signature: a fixed-size array for HMAC, a buffer sized by the key for RSA.
    type Signature: AsRef<[u8]>;

    /// The protected header, already base64url-encoded (it is fixed for a key, so it is encoded once).
    fn header_b64(&self) -> &str;

    /// An upper bound of the signature's length in bytes, to size the output once.
    fn max_signature_len(&self) -> usize;

    /// Signs `signing_input` (`header.payload`, as written) and returns the raw signature, which
    /// [`sign`] appends base64url-encoded.
    fn sign_bytes(self, signing_input: &[u8]) -> Result<Self::Signature, Self::Error>;
}

/// HS256: HMAC-SHA256, with a state already keyed with the secret so that signing only hashes the
/// message. The header is `{"alg":"HS256","typ":"JWT"}`, as the official SDKs write it.
pub(crate) struct Hs256(pub(crate) Hmac<Sha256>);

/// `base64url({"alg":"HS256","typ":"JWT"})`.
pub(crate) const HS256_HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

impl JwsSigner for Hs256 {
    type Error = std::convert::Infallible;
    type Signature = [u8; 32];

    fn header_b64(&self) -> &str {
        HS256_HEADER_B64
    }

    fn max_signature_len(&self) -> usize {
        32
    }

    fn sign_bytes(mut self, signing_input: &[u8]) -> Result<Self::Signature, Self::Error> {
        self.0.update(signing_input);
        Ok(self.0.finalize().into_bytes().into())
    }
}

/// RS256: RSASSA-PKCS1-v1_5 with SHA-256 (deterministic, and constant-time in aws-lc), with a key parsed
/// once. The header is `{"alg":"RS256","typ":"JWT"}`, as `@vonage/jwt` writes it.
pub(crate) struct Rs256<'k>(pub(crate) &'k RsaKeyPair);

/// `base64url({"alg":"RS256","typ":"JWT"})`.
pub(crate) const RS256_HEADER_B64: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

/// An RS256 signature could not be made (aws-lc refused; never seen with a key that parsed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SigningFailed;

impl JwsSigner for Rs256<'_> {
    type Error = SigningFailed;
    type Signature = Vec<u8>;

    fn header_b64(&self) -> &str {
        RS256_HEADER_B64
    }

    fn max_signature_len(&self) -> usize {
        self.0.public_modulus_len()
    }

    fn sign_bytes(self, signing_input: &[u8]) -> Result<Self::Signature, Self::Error> {
        let mut signature = vec![0; self.0.public_modulus_len()];
        self.0
            .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), signing_input, &mut signature)
            .map_err(|_| SigningFailed)?;
        Ok(signature)
    }
}

/// The compact JWS of `payload` (the claims' JSON bytes) signed by `signer`: `header.payload.signature`,
/// each part unpadded base64url. The returned string is the only allocation.
///
/// # Errors
/// The signer's, if it cannot sign (never for [`Hs256`]: `let Ok(jws) = sign(Hs256(mac), claims);`).
pub(crate) fn sign<S: JwsSigner>(signer: S, payload: &[u8]) -> Result<String, S::Error> {
    let header = signer.header_b64();
    let len = header.len() + 2 + b64url_len(payload.len()) + b64url_len(signer.max_signature_len());
    let mut out = String::with_capacity(len);
    out.push_str(header);
    out.push('.');
    append_b64url(payload, &mut out);
    let signature = signer.sign_bytes(out.as_bytes())?;
    out.push('.');
    append_b64url(signature.as_ref(), &mut out);
    Ok(out)
}

/// The length of the unpadded base64url text of `n` bytes.
pub(crate) const fn b64url_len(n: usize) -> usize {
    n / 3 * 4 + (n % 3 * 4).div_ceil(3)
}

/// Appends `bytes` as unpadded base64url (RFC 4648 §5).
pub(crate) fn append_b64url(bytes: &[u8], out: &mut String) {
    base64_simd::URL_SAFE_NO_PAD.encode_append(bytes, out);
}

/// Decodes unpadded base64url strictly: only the URL-safe alphabet, no padding, no whitespace, and the
/// unused low bits of the last character zero (so that each value has one text). `None` otherwise.
pub(crate) fn decode_b64url(text: &str) -> Option<Vec<u8>> {
    base64_simd::URL_SAFE_NO_PAD.decode_to_vec(text).ok()
}

#[cfg(test)]
mod tests {
    use hmac::KeyInit;

    use super::*;

    /// RFC 7515 appendix A.1: the HS256 example, whose header differs from ours, so it is signed here
    /// by hand with the same helpers to check the encoding and the HMAC wiring.
    #[test]
    fn rfc7515_hs256_example() {
        let key =
            decode_b64url("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")
                .unwrap();
        let header = b"{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
        let payload = b"{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
        let mut input = String::new();
        append_b64url(header, &mut input);
        assert_eq!(input, "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
        input.push('.');
        append_b64url(payload, &mut input);
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap();
        let Ok(sig) = Hs256(mac).sign_bytes(input.as_bytes());
        let mut sig_b64 = String::new();
        append_b64url(sig.as_ref(), &mut sig_b64);
        assert_eq!(sig_b64, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    #[test]
    fn sign_writes_header_payload_and_a_verifiable_signature() {
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"secret").unwrap();
        let Ok(jws) = sign(Hs256(mac.clone()), br#"{"a":1}"#);
        let mut parts = jws.split('.');
        assert_eq!(parts.next(), Some(HS256_HEADER_B64));
        assert_eq!(decode_b64url(parts.next().unwrap()).unwrap(), br#"{"a":1}"#);
        let sig = decode_b64url(parts.next().unwrap()).unwrap();
        assert_eq!(parts.next(), None);
        let mut check = mac;
        check.update(jws.rsplit_once('.').unwrap().0.as_bytes());
        check.verify_slice(&sig).unwrap();
        assert_eq!(decode_b64url(HS256_HEADER_B64).unwrap(), br#"{"alg":"HS256","typ":"JWT"}"#);
        assert_eq!(decode_b64url(RS256_HEADER_B64).unwrap(), br#"{"alg":"RS256","typ":"JWT"}"#);
    }

    #[test]
    fn base64url_is_strict_and_sized_exactly() {
        for n in 0..40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            let mut text = String::new();
            append_b64url(&bytes, &mut text);
            assert_eq!(text.len(), b64url_len(n as usize));
            assert_eq!(decode_b64url(&text).unwrap(), bytes);
        }
        assert_eq!(decode_b64url("-_-_"), Some(vec![0xfb, 0xff, 0xbf]));
        for bad in ["QQ==", "QQ=", "Q", "QR", "+/+/", "QU JD", "QUJD\n"] {
            assert_eq!(decode_b64url(bad), None, "{bad:?}");
        }
    }
}
