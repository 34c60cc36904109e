//! [`Sim::set_clock_skew`]: the agent's clock runs ahead of (or behind) real time.
//!
//! Only what the agent *reports* moves: `GET /api/v1/time`, the envelope `timestamp`, DAG,
//! node, sub-task and backup-job times, `startAt`, and the `Ts` expiry check of auth. The
//! simulation itself (when DAG steps happen, session idle time) keeps running on its clock,
//! so changing the skew mid-run does not make work jump forward or back.

use crate::clock::Instant;
use crate::state::Sim;
use std::sync::atomic::{AtomicI64, Ordering};

/// The skew in milliseconds (an atomic: read on every request, written by tests).
#[derive(Debug, Default)]
pub(crate) struct Skew(AtomicI64);

impl Skew {
    pub fn get(&self) -> chrono::Duration {
        chrono::Duration::try_milliseconds(self.0.load(Ordering::Relaxed)).unwrap_or_default()
    }

    fn set(&self, offset: chrono::Duration) {
        self.0.store(offset.num_milliseconds(), Ordering::Relaxed);
    }

    /// `at` as the agent's skewed clock shows it (saturating at the ends of time).
    pub fn apply(&self, at: Instant) -> Instant {
        at.checked_add_signed(self.get()).unwrap_or(at)
    }
}

impl Sim {
    /// Make the agent's clock run `offset` ahead of real time (negative: behind), e.g.
    /// `chrono::Duration::minutes(-10)`. Millisecond precision.
    pub fn set_clock_skew(&self, offset: chrono::Duration) {
        self.skew().set(offset);
    }

    /// The current [`Sim::set_clock_skew`] offset.
    pub fn clock_skew(&self) -> chrono::Duration {
        self.skew().get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_both_ways() {
        let skew = Skew::default();
        let at = chrono::Utc::now();
        assert_eq!(skew.apply(at), at);
        skew.set(chrono::Duration::minutes(-10));
        assert_eq!(at - skew.apply(at), chrono::Duration::minutes(10));
        skew.set(chrono::Duration::MAX);
        assert_eq!(skew.apply(at), at, "saturates instead of panicking");
    }
}
