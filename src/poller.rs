//! Follow one DAG: fetch it, wait, fetch again, until it is finished.
//!
//! One async loop per view, so there is never more than one request in flight. It sleeps on
//! a timer *or* a wake-up channel: the tab becoming visible, the session coming back, or an
//! operator just sent all wake it at once. While the tab is hidden, the user is signed out,
//! or the DAG is finished, it waits on the channel alone: no timer runs. Errors back off
//! exponentially. Leaving the view closes the channel, which ends the loop.

use crate::client::{ClientError, ObshellClient};
use crate::state::SessionState;
use futures::channel::mpsc;
use futures::{FutureExt, StreamExt};
use leptos::prelude::*;
use leptos_use::use_document_visibility;
use obshell_api::DagDetail;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum PollStatus {
    Fetching,
    /// Up to date; the next fetch follows in the poll interval.
    Live,
    /// The last fetch failed; the next one starts at this agent-clock time (ms).
    Reconnecting { at_ms: i64 },
    Hidden,
    SignedOut,
    /// The DAG reached SUCCEED or FAILED; polling stops until an operator wakes it.
    Finished,
    /// obshell refused the request itself (unknown id, bad id): retrying cannot help, so
    /// polling stops until the user asks again.
    Stopped,
}

/// What a view reads and the one thing it can do.
#[derive(Clone, Copy)]
pub struct DagPoll {
    /// The last answer; nodes and sub-tasks that did not change keep their allocation.
    pub dag: RwSignal<Option<Arc<DagDetail>>>,
    pub status: RwSignal<PollStatus>,
    pub error: RwSignal<Option<ClientError>>,
    wake: StoredValue<mpsc::UnboundedSender<()>>,
}

impl DagPoll {
    /// Fetch now (after an operator, or the "Refresh now" button).
    pub fn wake(&self) {
        self.wake.with_value(|tx| {
            let _ = tx.unbounded_send(());
        });
    }
}

/// Delay before the n-th consecutive retry: 1, 2, 4, 8, 16, then 30 s.
pub fn backoff_ms(failures: u32) -> u32 {
    let exp = failures.saturating_sub(1).min(5);
    (1_000u32 << exp).min(30_000)
}

pub fn use_dag_poller(client: ObshellClient, session: SessionState, id: String, interval_ms: u32) -> DagPoll {
    let (tx, mut rx) = mpsc::unbounded::<()>();
    let poll = DagPoll {
        dag: RwSignal::new(None),
        status: RwSignal::new(PollStatus::Fetching),
        error: RwSignal::new(None),
        wake: StoredValue::new(tx),
    };
    let visibility = use_document_visibility();
    // `try_`: the loop below outlives the page; a read after it is gone must end the loop,
    // not panic (a disposed reactive value panics when read).
    let visible = move || visibility.try_get_untracked().map(|v| v != web_sys::VisibilityState::Hidden);

    // Becoming visible or signed in again wakes the loop (not on the effect's first run).
    Effect::new(move |previous: Option<(bool, bool)>| {
        let now = (visibility.get() != web_sys::VisibilityState::Hidden, session.signed_in.get());
        if previous.is_some_and(|p| p != now) && now.0 && now.1 {
            poll.wake();
        }
        now
    });
    on_cleanup(move || poll.wake.with_value(|tx| tx.close_channel()));

    leptos::task::spawn_local(async move {
        let mut failures = 0u32;
        loop {
            // Gate: wait for a wake-up while there is no point in fetching.
            loop {
                let (Some(signed_in), Some(visible)) = (session.signed_in.try_get_untracked(), visible()) else {
                    return;
                };
                let state = if !signed_in {
                    PollStatus::SignedOut
                } else if !visible {
                    PollStatus::Hidden
                } else {
                    break;
                };
                poll.status.set(state);
                if rx.next().await.is_none() {
                    return;
                }
            }
            poll.status.set(PollStatus::Fetching);
            let delay = match client.dag(&id).await {
                Ok(mut dag) => {
                    failures = 0;
                    let finished = dag.is_finished();
                    poll.error.set(None);
                    let started = crate::perf::now();
                    let shared = poll.dag.try_with_untracked(|previous| {
                        if let Some(previous) = previous.as_ref().filter(|p| p.id == dag.id) {
                            dag.share_unchanged(previous);
                        }
                    });
                    // The page was left while obshell answered.
                    if shared.is_none() {
                        return;
                    }
                    poll.dag.set(Some(Arc::new(dag)));
                    crate::perf::measure_render("obp:dag-update", started);
                    crate::perf::mark_wasm_memory();
                    if finished {
                        poll.status.set(PollStatus::Finished);
                        if rx.next().await.is_none() {
                            return;
                        }
                        continue;
                    }
                    poll.status.set(PollStatus::Live);
                    interval_ms
                }
                // The sign-in dialog is up; the gate waits for it.
                Err(e) if e.is_session_lost() => continue,
                Err(e) if matches!(e.status(), Some(400 | 404)) && matches!(e, ClientError::Api(_)) => {
                    poll.error.set(Some(e));
                    poll.status.set(PollStatus::Stopped);
                    if rx.next().await.is_none() {
                        return;
                    }
                    continue;
                }
                Err(e) => {
                    failures += 1;
                    let delay = backoff_ms(failures);
                    poll.error.set(Some(e));
                    poll.status.set(PollStatus::Reconnecting { at_ms: client.agent_now_ms() + i64::from(delay) });
                    delay
                }
            };
            let mut timer = gloo_timers::future::TimeoutFuture::new(delay).fuse();
            futures::select! {
                _ = timer => {}
                woken = rx.next() => if woken.is_none() { return },
            }
        }
    });
    poll
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_grows_and_caps() {
        let delays: Vec<u32> = (1..=8).map(backoff_ms).collect();
        assert_eq!(delays, vec![1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    }
}
