//! Faults in front of every route: armed injections ([`crate::inject`]) first, then the
//! `flaky` and `slow` scenarios on `/api/v1`.

use crate::config::Scenario;
use crate::error::ObError;
use crate::inject::{self, TruncateAt};
use crate::state::Sim;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use obshell_api::error_code;

/// Marks a response whose connection [`crate::serve`] closes instead of answering.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

/// What the `flaky` scenario does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    /// 500 `Common.Unexpected` before the handler runs: nothing happened.
    ServerError,
    /// The handler runs, then the connection is closed without a response: the client cannot
    /// know whether its request took effect (the ambiguous failure the panel must resolve by
    /// asking what is running).
    Drop,
}

/// SplitMix64: small, seeded and deterministic, so a flaky run can be replayed.
#[derive(Debug, Clone)]
pub(crate) struct FaultRng(u64);

impl FaultRng {
    pub fn new(seed: u64) -> Self {
        FaultRng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Break `rate` of the requests, half one way and half the other.
    pub fn roll(&mut self, rate: f64) -> Fault {
        let draw = self.unit();
        if draw >= rate {
            Fault::None
        } else if draw < rate / 2.0 {
            Fault::ServerError
        } else {
            Fault::Drop
        }
    }
}

/// The response of a request that is to lose its connection without an answer.
fn lost(mut response: Response) -> Response {
    response.extensions_mut().insert(DropConnection);
    response
}

pub(crate) async fn layer(State(sim): State<Sim>, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/v1");
    if is_api {
        sim.count_api_request();
    }
    // An injection is the test's explicit wish: it wins over the scenario's random faults.
    if let Some(action) = sim.injections().take(request.method().as_str(), request.uri().path()) {
        return match action {
            inject::Action::Reply { status, content_type, body } => inject::reply(status, &content_type, body),
            inject::Action::Delay(length) => {
                tokio::time::sleep(length).await;
                next.run(request).await
            }
            inject::Action::Drop => lost(next.run(request).await),
            inject::Action::Reset => lost(Response::default()),
            inject::Action::Truncate { keep_bytes } => {
                let mut response = next.run(request).await;
                response.extensions_mut().insert(TruncateAt(keep_bytes));
                response
            }
        };
    }
    if !is_api {
        return next.run(request).await;
    }
    if sim.take_drop(request.method().as_str(), request.uri().path()) {
        return lost(next.run(request).await);
    }
    match sim.scenario() {
        Scenario::Slow => {
            tokio::time::sleep(sim.config().slow_delay).await;
            next.run(request).await
        }
        Scenario::Flaky => match sim.roll_fault() {
            Fault::None => next.run(request).await,
            Fault::ServerError => {
                ObError::new(error_code::UNEXPECTED, "Unexpected error: Internal Server Error").into_response()
            }
            Fault::Drop => lost(next.run(request).await),
        },
        _ => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_rolls_are_reproducible_and_near_the_rate() {
        let mut a = FaultRng::new(7);
        let mut b = FaultRng::new(7);
        let rolls: Vec<Fault> = (0..10_000).map(|_| a.roll(0.2)).collect();
        assert!(rolls.iter().all(|r| *r == b.roll(0.2)));
        let broken = rolls.iter().filter(|r| **r != Fault::None).count();
        assert!((1_700..2_300).contains(&broken), "{broken}");
        let drops = rolls.iter().filter(|r| **r == Fault::Drop).count();
        assert!((700..1_300).contains(&drops), "{drops}");
    }
}
