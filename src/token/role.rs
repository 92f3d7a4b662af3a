//! The role a client token grants.

use std::{fmt, str::FromStr};

use crate::macros::ParseEnumError;

/// What a client connecting with the token may do. The default is [`Role::Publisher`].
///
/// The enum is closed over the platform's roles, so a token with an invalid role cannot be written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Role {
    /// May subscribe to streams, not publish (`subscriber`).
    Subscriber,
    /// May publish and subscribe (`publisher`), the default.
    #[default]
    Publisher,
    /// May publish but not subscribe (`publisheronly`).
    PublisherOnly,
    /// May publish, subscribe, and moderate: force other clients to disconnect or unpublish, mute them
    /// (`moderator`).
    Moderator,
}

impl Role {
    /// Every role, in the order above.
    pub const ALL: [Role; 4] = [Role::Subscriber, Role::Publisher, Role::PublisherOnly, Role::Moderator];

    /// Every role's wire form, in the order above.
    pub const WIRE: [&'static str; 4] = ["subscriber", "publisher", "publisheronly", "moderator"];

    /// The role as it is written in a token: `subscriber`, `publisher`, `publisheronly` or `moderator`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Subscriber => "subscriber",
            Role::Publisher => "publisher",
            Role::PublisherOnly => "publisheronly",
            Role::Moderator => "moderator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ParseEnumError;

    /// Reads a role as it is written in a token (exact, lowercase).
    ///
    /// # Errors
    /// [`ParseEnumError`] listing the roles for any other text, as every enum of the crate; `?` turns it
    /// into [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `Role`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| ParseEnumError::new("Role", s, &Role::WIRE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_wire_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            assert_eq!(serde_json::to_value(role).unwrap(), serde_json::json!(role.as_str()));
        }
        assert_eq!(Role::ALL.map(Role::as_str), Role::WIRE);
        assert_eq!(Role::default(), Role::Publisher);
        let err = "Moderator".parse::<Role>().unwrap_err();
        assert_eq!((err.type_name(), err.value(), err.accepted()), ("Role", "Moderator", &Role::WIRE[..]));
    }
}
