//! Session migration: the windows in which the platform answers 409 (code 15214 while a migration
//! is in progress, 15215 too soon after the session's creation or its last migration), configurable
//! with [`crate::TestServer::set_migration_windows`].

use std::collections::HashMap;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use super::World;

/// The migration windows and each session's last migration.
pub(crate) struct Migrations {
    /// How long a migration stays "in progress" (409/15214).
    pub in_progress: Duration,
    /// How long after a session's creation, or the end of its last migration, another is refused
    /// (409/15215).
    pub cooldown: Duration,
    /// When each session's last migration started, on the server's clock.
    pub started_at: HashMap<String, i64>,
}

impl Default for Migrations {
    /// No windows: every migration of a session with clients is accepted (set them with
    /// [`crate::TestServer::set_migration_windows`]).
    fn default() -> Self {
        Migrations { in_progress: Duration::ZERO, cooldown: Duration::ZERO, started_at: HashMap::new() }
    }
}

/// Why a migration is refused now.
pub(crate) enum MigrationRefusal {
    InProgress,
    TooSoon,
}

/// The creation time a session id records (`1~<key>~<location>~<ms>~...`), if it can be read.
fn created_ms(session_id: &str) -> Option<i64> {
    let body = session_id.split_once('_')?.1;
    let bytes = URL_SAFE_NO_PAD.decode(body).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    text.split('~').nth(3)?.parse().ok()
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl World {
    /// Starts a migration of `session_id` now, or says why not.
    pub fn migrate(&mut self, session_id: &str) -> Result<(), MigrationRefusal> {
        let now = self.now();
        let rules = &self.migrations;
        let (in_progress, cooldown) = (millis(rules.in_progress), millis(rules.cooldown));
        if let Some(&last) = rules.started_at.get(session_id) {
            let since = now.saturating_sub(last);
            if since < in_progress {
                return Err(MigrationRefusal::InProgress);
            }
            if since < in_progress.saturating_add(cooldown) {
                return Err(MigrationRefusal::TooSoon);
            }
        } else if created_ms(session_id).is_some_and(|created| now.saturating_sub(created) < cooldown) {
            return Err(MigrationRefusal::TooSoon);
        }
        self.migrations.started_at.insert(session_id.to_string(), now);
        Ok(())
    }
}
