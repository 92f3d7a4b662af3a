//! The last check before a request leaves: its path is its operation's own template from the spec, with
//! each `{param}` filled by one segment of id characters.
//!
//! Every operation checks its ids where it takes them (`ids::check_id`, which names the argument). This
//! check looks at the path that is about to be sent, after the URL parser has had its say (dot segments
//! removed, `\` read as `/`), so that no value, and no operation that forgot a check, can make a request
//! reach another endpoint than its own.

use crate::ids::is_id_char;

/// Why a path was refused: the template's parameter (as the spec names it) whose segment does not fit,
/// or `None` when the path's shape itself differs from the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refused {
    pub(crate) param: Option<&'static str>,
}

/// The prefix of the message that carries a [`Refused`] through the generated client's hook error (which
/// holds only text) to `error_from_raw`.
const MARK: &str = "opentok-sdk path refused: ";

/// Each path parameter of the spec, with the argument name the operations use for it.
const FIELDS: [(&str, &str); 8] = [
    ("sessionId", "session_id"),
    ("connectionId", "connection_id"),
    ("streamId", "stream_id"),
    ("archiveId", "archive_id"),
    ("broadcastId", "broadcast_id"),
    ("captionsId", "captions_id"),
    ("renderId", "render_id"),
    ("apiKey", "account_id"),
];

impl Refused {
    /// The argument to name in [`Error::InvalidArgument`](crate::Error::InvalidArgument): the snake_case
    /// name the operations use for the parameter, or `path`.
    pub(crate) fn field(self) -> &'static str {
        FIELDS.iter().find(|(param, _)| self.param == Some(*param)).map_or("path", |(_, field)| field)
    }

    /// The message that carries this refusal through the hook.
    pub(crate) fn to_message(self) -> String {
        format!("{MARK}{}", self.field())
    }

    /// The field named by a message made by [`to_message`](Self::to_message), if it is one.
    pub(crate) fn field_in_message(message: &str) -> Option<&'static str> {
        let field = message.strip_prefix(MARK)?;
        FIELDS.iter().map(|(_, known)| *known).chain(["path"]).find(|known| *known == field)
    }
}

/// Checks that `path` is `base` followed by `template`, each `{param}` of the template matched by one
/// non-empty segment of id characters and every other segment equal to the template's.
pub(crate) fn check(path: &str, base: &str, template: &'static str) -> Result<(), Refused> {
    let shape = Refused { param: None };
    let sent = path.strip_prefix(base).ok_or(shape)?.as_bytes();
    let expected = template.as_bytes();
    // One pass over both, a byte at a time (this runs on every call: a tenth of the instructions of
    // splitting both into segments; benches/rest.rs).
    let (mut t, mut s) = (0, 0);
    while let Some(&want) = expected.get(t) {
        if want == b'{' {
            let close = expected[t..].iter().position(|&b| b == b'}').map_or(expected.len(), |end| t + end);
            let start = s;
            while sent.get(s).is_some_and(|&b| is_id_char(b)) {
                s += 1;
            }
            // One whole, non-empty segment of id characters: it ends where the path or the segment does.
            if s == start || sent.get(s).is_some_and(|&b| b != b'/') {
                return Err(Refused { param: template.get(t + 1..close) });
            }
            t = close + 1;
        } else if sent.get(s) == Some(&want) {
            t += 1;
            s += 1;
        } else {
            return Err(shape);
        }
    }
    if s == sent.len() {
        Ok(())
    } else {
        Err(shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNAL: &str = "/v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/signal";

    #[test]
    fn a_path_of_the_template_passes() {
        check("/v2/project/123/session/1_MX4-a_b~/connection/c0nn-1/signal", "", SIGNAL).unwrap();
        check("/base/v2/project/123/session/s/connection/c/signal", "/base", SIGNAL).unwrap();
        check("/session/create", "", "/session/create").unwrap();
    }

    #[test]
    fn any_other_path_is_refused_naming_what_does_not_fit() {
        let param = |p| Err(Refused { param: Some(p) });
        let shape = Err(Refused { param: None });
        // What `..` as a connection id becomes once the URL parser removes the dot segment.
        assert_eq!(check("/v2/project/123/session/s/signal", "", SIGNAL), shape);
        assert_eq!(check("/v2/project/123/session/s/connection/%2E%2E/signal", "", SIGNAL), param("connectionId"));
        assert_eq!(check("/v2/project/123/session/s/connection//signal", "", SIGNAL), param("connectionId"));
        assert_eq!(check("/v2/project/123/session/s/connection/a/b/signal", "", SIGNAL), shape);
        assert_eq!(check("/v2/project/123/session/s/connection/c/signal/", "", SIGNAL), shape);
        assert_eq!(check("/v2/project/123/session/s/connection/c/mute", "", SIGNAL), shape);
        assert_eq!(check("/v2/project/1.2/session/s/connection/c/signal", "", SIGNAL), param("apiKey"));
        assert_eq!(check("/other/v2/project/123/session/s/connection/c/signal", "/base", SIGNAL), shape);
        assert_eq!(check("/v2/project/123/session/s", "", SIGNAL), shape);
    }

    #[test]
    fn the_refusal_travels_as_text_and_back() {
        for param in [Some("sessionId"), Some("connectionId"), Some("renderId"), Some("apiKey"), None] {
            let refused = Refused { param };
            assert_eq!(Refused::field_in_message(&refused.to_message()), Some(refused.field()));
        }
        assert_eq!(Refused::field_in_message("credentials cannot be sent in a header"), None);
        assert_eq!(Refused::field_in_message("opentok-sdk path refused: secret"), None);
    }
}
