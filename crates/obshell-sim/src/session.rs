//! Login sessions: 32 random bytes as hex, 1800 s of idle time, sliding (reference §5.4).

use crate::clock::Instant;
use obshell_api::auth::server::SessionState;
use std::collections::HashMap;

/// obshell's default `session_timeout`.
const IDLE_SECS: i64 = 1800;
const FORGET_SECS: i64 = 86_400;

#[derive(Debug, Default)]
pub(crate) struct Sessions {
    /// Session id → last use.
    last_used: HashMap<String, Instant>,
}

impl Sessions {
    pub fn create(&mut self, now: Instant) -> String {
        // Forget sessions idle for a day, so a long demo's logins do not pile up (until then a
        // stale one still answers SessionExpired rather than SessionInvalid).
        self.last_used.retain(|_, last| (now - *last).num_seconds() <= FORGET_SECS);
        let mut bytes = [0u8; 32];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.last_used.insert(id.clone(), now);
        id
    }

    /// Look a session up; a valid one is extended (sliding idle timeout).
    pub fn check(&mut self, id: &str, now: Instant) -> SessionState {
        match self.last_used.get_mut(id) {
            None => SessionState::Unknown,
            Some(last) if (now - *last).num_seconds() > IDLE_SECS => SessionState::Expired,
            Some(last) => {
                *last = now;
                SessionState::Valid
            }
        }
    }

    pub fn remove(&mut self, id: &str) {
        self.last_used.remove(id);
    }

    /// Every session becomes idle for just over the timeout.
    pub fn expire_all(&mut self, now: Instant) {
        let stale = now - chrono::Duration::seconds(IDLE_SECS + 1);
        for last in self.last_used.values_mut() {
            *last = stale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Utc};

    #[test]
    fn idle_timeout_slides() {
        let mut sessions = Sessions::default();
        let t0 = Utc::now();
        let id = sessions.create(t0);
        assert_eq!(id.len(), 64);
        assert_eq!(sessions.check(&id, t0 + Duration::seconds(1700)), SessionState::Valid);
        // Used at 1700 s: still valid at 3400 s, 1700 s after that use.
        assert_eq!(sessions.check(&id, t0 + Duration::seconds(3400)), SessionState::Valid);
        assert_eq!(sessions.check(&id, t0 + Duration::seconds(5201)), SessionState::Expired);
        assert_eq!(sessions.check("nope", t0), SessionState::Unknown);
        sessions.remove(&id);
        assert_eq!(sessions.check(&id, t0), SessionState::Unknown);
    }

    #[test]
    fn expired_sessions_answer_expired_until_forgotten() {
        let mut sessions = Sessions::default();
        let t0 = Utc::now();
        let id = sessions.create(t0);
        sessions.expire_all(t0);
        sessions.create(t0);
        assert_eq!(sessions.check(&id, t0), SessionState::Expired);
        sessions.create(t0 + Duration::seconds(2 * 86_400));
        assert_eq!(sessions.check(&id, t0), SessionState::Unknown);
    }
}
