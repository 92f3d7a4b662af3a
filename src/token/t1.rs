//! The legacy `T1==` client token: a form-encoded data string signed with HMAC-SHA1.

use hmac::Mac;

use super::{
    text::{push_int, push_uri_component, write_hex_lower},
    with_scratch, Fields,
};
use crate::credentials::ProjectKey as Credentials;

/// `T1==` + base64 (standard, padded) of `partner_id=<key>&sig=<hex HMAC-SHA1 of data>:<data>`, where the
/// data is `session_id, create_time, nonce, role, expire_time, connection_data (if any),
/// initial_layout_class_list, scope` form-encoded in that order, as `querystring.stringify` writes it.
pub(crate) fn client_token(credentials: &Credentials, f: &Fields<'_>) -> String {
    const PARTNER: &[u8] = b"partner_id=";
    const SIG: &[u8] = b"&sig=";
    let key = credentials.api_key().as_bytes();
    // The data string goes after room for the prefix, which is filled in once the signature is known, so
    // the whole inner text is encoded from one buffer.
    let prefix_len = PARTNER.len() + key.len() + SIG.len() + 40 + 1;
    with_scratch(|buf| {
        buf.resize(prefix_len, 0);
        buf.extend_from_slice(b"session_id=");
        if f.session_id_plain {
            buf.extend_from_slice(f.session_id.as_bytes());
        } else {
            push_uri_component(buf, f.session_id.as_bytes());
        }
        buf.extend_from_slice(b"&create_time=");
        push_int(buf, f.create_time);
        buf.extend_from_slice(b"&nonce=");
        // A JavaScript number is written with digits, `.`, `-`, `e` and `+`, and only the `+` (of `1e+21`)
        // needs escaping: the random nonce never has one, and skipping the escaper saves about a tenth of
        // the token's own instructions.
        if f.nonce.has_plus() {
            push_uri_component(buf, f.nonce.as_bytes());
        } else {
            buf.extend_from_slice(f.nonce.as_bytes());
        }
        buf.extend_from_slice(b"&role=");
        buf.extend_from_slice(f.role.as_str().as_bytes());
        buf.extend_from_slice(b"&expire_time=");
        push_int(buf, f.expire_time);
        if let Some(data) = f.data {
            buf.extend_from_slice(b"&connection_data=");
            push_uri_component(buf, data.as_bytes());
        }
        buf.extend_from_slice(b"&initial_layout_class_list=");
        push_uri_component(buf, f.layout.as_bytes());
        buf.extend_from_slice(b"&scope=session.connect");

        let mut mac = credentials.hmac_sha1();
        mac.update(&buf[prefix_len..]);
        let sig = mac.finalize().into_bytes();

        let mut head = &mut buf[..prefix_len];
        for part in [PARTNER, key, SIG] {
            let (dst, rest) = head.split_at_mut(part.len());
            dst.copy_from_slice(part);
            head = rest;
        }
        let (hex, colon) = head.split_at_mut(40);
        write_hex_lower(hex, &sig);
        colon[0] = b':';

        let mut out = String::with_capacity(4 + buf.len().div_ceil(3) * 4);
        out.push_str("T1==");
        base64_simd::STANDARD.encode_append(&buf[..], &mut out);
        out
    })
}
