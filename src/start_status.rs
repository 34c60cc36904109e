//! Where the last backup start stands. It lives with the app, not the backup page: a start
//! outlives the page it was made on when the user goes elsewhere while obshell answers. Its
//! outcome must not be lost then, a refusal included, and the form must stay locked while it
//! is in flight, so that coming back to the page cannot send a second one.

use crate::client::ClientError;
use leptos::prelude::*;

/// Where a start stands.
#[derive(Debug, Clone, PartialEq)]
pub enum StartStatus {
    Idle,
    Sending,
    /// obshell refused; nothing was started.
    Refused(ClientError),
    /// No answer: finding out whether a DAG was created.
    Resolving(ClientError),
    /// No new backup DAG exists: safe to try again.
    NotStarted(ClientError),
    /// No answer, and the check failed too: the user must check again before retrying.
    Unresolved { original: ClientError, check: ClientError },
    /// More than one backup DAG appeared for this start. Browsers re-send a request by
    /// themselves when a reused connection drops before the answer, POST included; obshell has
    /// no idempotency key, so the panel cannot prevent it, only refuse to hide it.
    Duplicated(Vec<(String, String)>),
    /// The backup DAG (its id) exists, and the user had gone to another page by then: it is
    /// announced there rather than taking them away from what they went to do.
    StartedElsewhere(String),
}

impl StartStatus {
    /// A start is in flight or its outcome is unknown: no other may be sent.
    pub fn busy(&self) -> bool {
        matches!(self, StartStatus::Sending | StartStatus::Resolving(_) | StartStatus::Unresolved { .. })
    }

    /// Something the user must hear about wherever they are: a started backup they have not
    /// seen, or a start that did not (or may not) have happened.
    pub fn needs_attention(&self) -> bool {
        !matches!(self, StartStatus::Idle | StartStatus::Sending | StartStatus::Resolving(_))
    }
}

/// The app's one start, shared through [`crate::state::Ctx`].
#[derive(Clone, Copy)]
pub struct StartState {
    pub status: RwSignal<StartStatus>,
    /// The highest backup DAG id seen before sending: anything newer after a lost answer was
    /// created by this start (or by another tab at the same moment; either way it is the one
    /// to look at).
    pub last_seen_dag_id: StoredValue<Option<i64>>,
}

impl StartState {
    pub fn new() -> Self {
        StartState { status: RwSignal::new(StartStatus::Idle), last_seen_dag_id: StoredValue::new(None) }
    }
}

impl Default for StartState {
    fn default() -> Self {
        StartState::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_locks_the_form_and_what_is_announced() {
        let error = || ClientError::Timeout { after_ms: 1 };
        assert!(StartStatus::Sending.busy() && !StartStatus::Sending.needs_attention());
        assert!(StartStatus::Resolving(error()).busy());
        assert!(StartStatus::Unresolved { original: error(), check: error() }.busy());
        assert!(!StartStatus::StartedElsewhere("1".into()).busy());
        for announced in [
            StartStatus::Refused(error()),
            StartStatus::NotStarted(error()),
            StartStatus::Duplicated(vec![]),
            StartStatus::StartedElsewhere("11".into()),
            StartStatus::Unresolved { original: error(), check: error() },
        ] {
            assert!(announced.needs_attention(), "{announced:?}");
        }
        assert!(!StartStatus::Idle.needs_attention());
    }
}
