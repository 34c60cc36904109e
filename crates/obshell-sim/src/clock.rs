//! Where the simulation's "now" comes from.
//!
//! DAGs advance lazily: every request computes what has happened up to now, so a test that
//! injects a [`ManualClock`] steps a DAG through its whole life without sleeping. The auth `Ts`
//! check is the exception: it always uses the wall clock, because clients sign with it.

use chrono::{DateTime, Utc};
use std::sync::Mutex;
use std::time::Duration;

pub type Instant = DateTime<Utc>;

pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Utc::now()
    }
}

/// A clock that moves only when told to.
#[derive(Debug)]
pub struct ManualClock(Mutex<Instant>);

impl ManualClock {
    /// Starts at the current wall-clock time, so rendered timestamps look real.
    pub fn new() -> Self {
        ManualClock(Mutex::new(Utc::now()))
    }

    pub fn starting_at(at: Instant) -> Self {
        ManualClock(Mutex::new(at))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let step = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
        *now = now.checked_add_signed(step).unwrap_or(*now);
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_steps() {
        let clock = ManualClock::new();
        let start = clock.now();
        clock.advance(Duration::from_secs(90));
        assert_eq!((clock.now() - start).num_seconds(), 90);
    }
}
