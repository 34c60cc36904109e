//! The sub-tasks of one stage: who ran each (agent), how often (attempts), how long, and its
//! log lines.

use crate::components::log_view::LogView;
use crate::components::state_badge::StateBadge;
use crate::format;
use crate::i18n::fill;
use crate::log_window::SUB_TASK_STEP;
use crate::state::use_ctx;
use leptos::prelude::*;
use obshell_api::{NodeDetail, SubTaskDetail};
use std::sync::Arc;

#[component]
pub fn SubTaskList(#[prop(into)] node: Signal<Option<Arc<NodeDetail>>>, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
    let ui = use_ctx().ui;
    let t = move || ui.lang.get().texts();
    // Rows are keyed by id and know their position: each finds its sub-task in O(1) at every
    // poll (a search only if obshell reordered them). Only the first rows are rendered at first.
    let ids = Memo::new(move |_| {
        node.with(|n| n.as_ref().map(|n| n.sub_tasks.iter().map(|s| s.id.clone()).collect::<Vec<_>>()).unwrap_or_default())
    });
    let limit = RwSignal::new(SUB_TASK_STEP);
    let shown = move || ids.with(|ids| ids.iter().take(limit.get()).cloned().enumerate().collect::<Vec<(usize, String)>>());
    let hidden = move || ids.with(Vec::len).saturating_sub(limit.get());
    view! {
        // A grid with table roles rather than a <table>: each sub-task is a box of its own that
        // the browser skips laying out while it is out of view (`content-visibility`), which
        // table rows cannot be. With a hundred rows open, that is most of a poll's cost.
        <div class="obp-sub-tasks" role="table" aria-label=move || t().sub_tasks data-testid="sub-tasks">
            <div class="obp-sub-task-row obp-sub-task-head" role="row">
                <span role="columnheader">{move || t().sub_tasks}</span>
                <span role="columnheader">{move || t().col_state}</span>
                <span role="columnheader">{move || t().agent}</span>
                <span role="columnheader">{move || t().attempts}</span>
                <span role="columnheader">{move || t().col_duration}</span>
            </div>
            <For each=shown key=|(_, id): &(usize, String)| id.clone() children=move |(index, id): (usize, String)| {
                let sub_task_id = id.clone();
                // The same allocation while this sub-task does not change: its row stays as it is.
                let current = Memo::new_with_compare(
                    move |_| {
                        node.with(|n| {
                            let n = n.as_ref()?;
                            match n.sub_tasks.get(index) {
                                Some(s) if s.id == id => Some(Arc::clone(s)),
                                _ => n.sub_tasks.iter().find(|s| s.id == id).cloned(),
                            }
                        })
                    },
                    crate::changed::optional_arc,
                );
                let get = move |f: fn(&SubTaskDetail) -> String| current.with(|c| c.as_ref().map(|c| f(c)).unwrap_or_default());
                let state = Signal::derive(move || current.with(|c| c.as_ref().map_or(obshell_api::State::Pending, |c| c.state.clone())));
                let operator = Signal::derive(move || current.with(|c| c.as_ref().map_or(obshell_api::Operator::Run, |c| c.operator.clone())));
                let duration = move || current.with(|c| {
                    c.as_ref().and_then(|c| c.span().duration_ms(now_ms.get())).map(|ms| format::duration(ms, ui.lang.get()))
                });
                // Changed only when its log lines did (not at every new end time).
                let logs = Memo::new_with_compare(move |_| current.get(), crate::changed::logs);
                view! {
                    <div class="obp-sub-task" role="rowgroup" data-testid="sub-task">
                        <div class="obp-sub-task-row" role="row">
                            <span role="rowheader">{move || get(|c| c.name.clone())}</span>
                            <span role="cell"><StateBadge state=state operator=operator /></span>
                            <span role="cell"><code data-testid="sub-task-agent">{move || get(|c| c.execute_agent.to_string())}</code></span>
                            <span role="cell" data-testid="sub-task-attempts">{move || get(|c| c.execute_times.to_string())}</span>
                            <span role="cell">{move || duration().unwrap_or_else(|| "–".into())}</span>
                        </div>
                        <div role="row">
                            <div role="cell" aria-colspan="5" class="obp-sub-task-log">
                                <LogView sub_task_id=sub_task_id.clone() sub_task=logs />
                            </div>
                        </div>
                    </div>
                }
            } />
        </div>
        {move || (hidden() > 0).then(|| view! {
            <p class="obp-muted" data-testid="sub-tasks-hidden">
                {fill(t().sub_tasks_hidden, &[&hidden().to_string()])}
                " "
                <button type="button" class="obp-link-button" data-testid="sub-tasks-more"
                    on:click=move |_| limit.update(|l| *l += SUB_TASK_STEP)>
                    {fill(t().show_more, &[&hidden().min(SUB_TASK_STEP).to_string()])}
                </button>
            </p>
        })}
    }
}
