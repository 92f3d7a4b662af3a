//! `monitoring_event!`: the model of a monitoring callback (session, connection, stream, SIP call), whose
//! JSON starts with the same members: `sessionId`, `projectId`, `applicationId`, `event` and `timestamp`.

/// A `wire_model!` whose first fields are the five members every monitoring callback carries, followed by
/// its own. `such as` names an example of its `event` member.
///
/// ```text
/// monitoring_event! {
///     /// `streamCreated` or `streamDestroyed`.
///     pub struct StreamEvent("a stream callback", such as "streamCreated") {
///         /// The stream.
///         "stream" => pub stream: StreamInfo as Req<Plain>,
///     }
/// }
/// ```
macro_rules! monitoring_event {
    (
        $(#[$doc:meta])*
        pub struct $name:ident($what:literal, such as $example:literal) {
            $($own:tt)*
        }
    ) => {
        $crate::macros::wire_model! {
            $(#[$doc])*
            pub struct $name($what) {
                /// The session.
                "sessionId" => pub session_id: $crate::ids::SessionId as $crate::wire::Req<$crate::ids::IdText>,
                /// The OpenTok project (its API key), as text; sent as a string or a number.
                "projectId" => pub project_id: Option<String> as $crate::wire::Opt<$crate::wire::Text>,
                /// The Vonage application, when the platform sends one.
                "applicationId" => pub application_id: Option<String> as $crate::wire::Opt<$crate::wire::Text>,
                #[doc = concat!("The event's name, such as `", $example, "`.")]
                "event" => pub event: String as $crate::wire::Req<$crate::wire::Plain>,
                /// When the platform sent the event (epoch milliseconds, as a number or a string).
                "timestamp" => pub timestamp: Option<::chrono::DateTime<::chrono::Utc>>
                    as $crate::wire::Opt<$crate::wire::LenientEpochMillis>,
                $($own)*
            }
        }
    };
}

pub(super) use monitoring_event;
