//! A state shown by icon, text and colour together (never colour alone).

use crate::state::use_ctx;
use leptos::prelude::*;
use obshell_api::{Operator, State};

/// CSS modifier and icon for a state; a cancelled failure gets its own look.
pub fn state_look(state: &State, operator: &Operator) -> (&'static str, &'static str) {
    match (state, operator) {
        (State::Failed, Operator::Cancel) => ("cancelled", "⊘"),
        (State::Succeed, _) => ("succeed", "✓"),
        (State::Failed, _) => ("failed", "✕"),
        (State::Running, _) => ("running", "●"),
        (State::Ready, _) => ("ready", "◔"),
        (State::Pending, _) => ("pending", "○"),
        (State::Unknown(_), _) => ("unknown", "?"),
    }
}

#[component]
pub fn StateBadge(#[prop(into)] state: Signal<State>, #[prop(into)] operator: Signal<Operator>) -> impl IntoView {
    let ui = use_ctx().ui;
    let look = move || state.with(|s| operator.with(|o| state_look(s, o)));
    let label = move || {
        let t = ui.lang.get().texts();
        match (state.get(), operator.get()) {
            (State::Failed, Operator::Cancel) => t.state_cancelled.to_string(),
            (s, _) => t.state(&s),
        }
    };
    view! {
        <span class=move || format!("obp-badge obp-state-{}", look().0) data-state=move || state.get().to_string()>
            <span class="obp-icon" aria-hidden="true">{move || look().1}</span>
            <span class="obp-badge-text">{label}</span>
        </span>
    }
}
