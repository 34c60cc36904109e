//! [`Sim::blackout`]: the agent is down for a while (a restart, a crash loop), its state kept.

use crate::state::Sim;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Until when the agent accepts nothing. Real (monotonic) time, not the simulation's clock:
/// an outage is something the client waits out in real time, even when a test steps DAGs
/// with a [`crate::ManualClock`].
#[derive(Debug, Default)]
pub(crate) struct Blackout(Mutex<Option<Instant>>);

impl Blackout {
    fn until(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn start(&self, length: Duration) {
        *self.until() = Instant::now().checked_add(length);
    }

    fn active(&self) -> bool {
        matches!(*self.until(), Some(end) if Instant::now() < end)
    }
}

impl Sim {
    /// For `length` from now the agent accepts nothing: new connections are closed at once
    /// and requests on kept-alive connections lose their connection without an answer.
    /// Everything else (sessions, DAGs, the key) survives, as across an obshell restart.
    /// A zero `length` ends a blackout early. Takes effect only through [`crate::serve`] /
    /// [`crate::serve_router`].
    pub fn blackout(&self, length: Duration) {
        self.blackout_state().start(length);
    }

    /// Whether the agent is in a [`Sim::blackout`] now.
    pub fn in_blackout(&self) -> bool {
        self.blackout_state().active()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_by_itself() {
        let b = Blackout::default();
        assert!(!b.active());
        b.start(Duration::from_millis(30));
        assert!(b.active());
        std::thread::sleep(Duration::from_millis(40));
        assert!(!b.active());
        b.start(Duration::from_secs(60));
        b.start(Duration::ZERO);
        assert!(!b.active());
    }
}
