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

#[component]
pub fn SubTaskList(#[prop(into)] node: Signal<Option<NodeDetail>>, #[prop(into)] now_ms: Signal<i64>) -> impl IntoView {
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
        <table class="obp-sub-tasks" data-testid="sub-tasks">
            <caption class="obp-sr-only">{move || t().sub_tasks}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || t().sub_tasks}</th>
                    <th scope="col">{move || t().col_state}</th>
                    <th scope="col">{move || t().agent}</th>
                    <th scope="col">{move || t().attempts}</th>
                    <th scope="col">{move || t().col_duration}</th>
                </tr>
            </thead>
            <For each=shown key=|(_, id): &(usize, String)| id.clone() children=move |(index, id): (usize, String)| {
                let sub_task_id = id.clone();
                let current = Memo::new(move |_| {
                    node.with(|n| {
                        let n = n.as_ref()?;
                        match n.sub_tasks.get(index) {
                            Some(s) if s.id == id => Some(s.clone()),
                            _ => n.sub_tasks.iter().find(|s| s.id == id).cloned(),
                        }
                    })
                });
                let get = move |f: fn(&SubTaskDetail) -> String| current.with(|c| c.as_ref().map(f).unwrap_or_default());
                let state = Signal::derive(move || current.with(|c| c.as_ref().map_or(obshell_api::State::Pending, |c| c.state.clone())));
                let operator = Signal::derive(move || current.with(|c| c.as_ref().map_or(obshell_api::Operator::Run, |c| c.operator.clone())));
                let duration = move || current.with(|c| {
                    c.as_ref().and_then(|c| c.span().duration_ms(now_ms.get())).map(|ms| format::duration(ms, ui.lang.get()))
                });
                let logs: Signal<Vec<String>> =
                    Memo::new(move |_| current.with(|c| c.as_ref().map(|c| c.logs().to_vec()).unwrap_or_default())).into();
                view! {
                    <tbody class="obp-sub-task" data-testid="sub-task">
                        <tr>
                            <th scope="row">{move || get(|c| c.name.clone())}</th>
                            <td><StateBadge state=state operator=operator /></td>
                            <td><code data-testid="sub-task-agent">{move || get(|c| c.execute_agent.to_string())}</code></td>
                            <td data-testid="sub-task-attempts">{move || get(|c| c.execute_times.to_string())}</td>
                            <td>{move || duration().unwrap_or_else(|| "–".into())}</td>
                        </tr>
                        <tr>
                            <td colspan="5">
                                <LogView sub_task_id=sub_task_id.clone() lines=logs />
                            </td>
                        </tr>
                    </tbody>
                }
            } />
        </table>
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
