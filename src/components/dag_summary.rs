//! When the DAG has ended: succeeded or failed, how long it took, and for a failure the
//! failing stage, its last error line and what can be done.

use crate::format;
use crate::i18n::fill;
use crate::state::use_ctx;
use leptos::prelude::*;
use obshell_api::{DagDetail, Operator, State};
use std::sync::Arc;

#[component]
pub fn DagSummary(#[prop(into)] dag: Signal<Arc<DagDetail>>, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
    let ui = use_ctx().ui;
    let t = move || ui.lang.get().texts();
    let total = move || {
        dag.with(|d| d.span().duration_ms(now_ms.get()).map(|ms| format::duration(ms, ui.lang.get())))
            .unwrap_or_else(|| "–".into())
    };
    let body = move || {
        dag.with(|d| match (&d.state, &d.operator) {
            (State::Succeed, Operator::Pass) => (t().summary_passed.to_string(), None, "succeed"),
            (State::Succeed, Operator::Rollback) => (t().summary_rolled_back.to_string(), None, "succeed"),
            (State::Succeed, _) => (fill(t().summary_succeeded, &[&total()]), None, "succeed"),
            (State::Failed, Operator::Cancel) => (t().summary_cancelled.to_string(), None, "cancelled"),
            (State::Failed, _) => {
                let (stage, name, error) = match d.failed_node() {
                    Some((i, n)) => ((i + 1).to_string(), n.name.clone(), n.last_error_line().map(str::to_string)),
                    None => (d.stage.to_string(), String::new(), None),
                };
                (fill(t().summary_failed, &[&stage, &name, &total()]), error, "failed")
            }
            _ => (String::new(), None, ""),
        })
    };
    view! {
        <Show when=move || dag.with(|d| d.is_finished())>
            {move || {
                let (text, error, look) = body();
                view! {
                    <div class=format!("obp-summary obp-summary-{look}") role="status" data-testid="summary">
                        <p class="obp-summary-text">{text}</p>
                        {error.map(|line| view! {
                            <p class="obp-summary-error"><strong>{t().last_error}": "</strong><code data-testid="summary-error">{line}</code></p>
                        })}
                    </div>
                }
            }}
        </Show>
    }
}
