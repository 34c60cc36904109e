//! One stage of the timeline: its bar on the shared axis and, expanded, its sub-tasks.

use crate::components::state_badge::StateBadge;
use crate::components::sub_task_list::SubTaskList;
use crate::format;
use crate::i18n::fill;
use crate::state::use_ctx;
use leptos::prelude::*;
use obshell_api::dag::WAIT_BACKUP_STAGE;
use obshell_api::{DagDetail, NodeDetail, Span, State};
use std::sync::Arc;


/// Left offset and width of a bar, in percent of the axis (a visible sliver at least).
pub fn bar_geometry(span: Span, axis: Option<(i64, i64)>, now_ms: i64) -> Option<(f64, f64)> {
    let (start, end) = span.bounds(now_ms)?;
    let (a0, a1) = axis?;
    let total = (a1 - a0).max(1) as f64;
    let left = ((start - a0) as f64 / total * 100.0).clamp(0.0, 100.0);
    let width = ((end - start) as f64 / total * 100.0).clamp(0.5, 100.0 - left.min(99.5));
    Some((left, width))
}

#[component]
pub fn StageRow(
    #[prop(into)] dag: Signal<Arc<DagDetail>>,
    index: usize,
    #[prop(into)] axis: Signal<Option<(i64, i64)>>,
    #[prop(into)] now_ms: Signal<i64>,
    on_pass_node: Callback<String>,
) -> impl IntoView {
    let ui = use_ctx().ui;
    let t = move || ui.lang.get().texts();
    // The same allocation while the stage does not change: then nothing below runs again.
    let node = Memo::new_with_compare(move |_| dag.with(|d| d.nodes().get(index).cloned()), crate::changed::optional_arc);
    // A failed stage opens by itself: its error line is what the user came to see.
    let expanded = RwSignal::new(node.with_untracked(|n| n.as_ref().is_some_and(|n| n.state == State::Failed)));
    Effect::new(move |was_failed: Option<bool>| {
        let failed = node.with(|n| n.as_ref().is_some_and(|n| n.state == State::Failed));
        if failed && was_failed == Some(false) {
            expanded.set(true);
        }
        failed
    });
    let is_current = move || dag.with(|d| d.stage as usize == index + 1 && !d.is_finished() || d.failed_node().is_some_and(|(i, _)| i == index));
    let field = move |f: fn(&NodeDetail) -> String| node.with(|n| n.as_ref().map(|n| f(n)).unwrap_or_default());
    let name = move || field(|n| n.name.clone());
    let span = move || node.with(|n| n.as_ref().map_or(Span::NotStarted, |n| n.span()));
    let geometry = move || bar_geometry(span(), axis.get(), now_ms.get());
    let duration = move || span().duration_ms(now_ms.get()).map(|ms| format::duration(ms, ui.lang.get()));
    let times = move || {
        node.with(|n| {
            let n = n.as_ref()?;
            let (start, end) = span().bounds(now_ms.get())?;
            let agent = n.start_time.map(|s| format::agent_time(&s.0)).unwrap_or_default();
            Some((format!("{} → {}", format::local_time(start), format::local_time(end)), agent))
        })
    };
    let can_pass = move || dag.with(|d| node.with(|n| n.as_ref().is_some_and(|n| d.node_can_pass(n))));
    let timed_out_wait = move || {
        node.with(|n| n.as_ref().is_some_and(|n| n.state == State::Failed && n.name == WAIT_BACKUP_STAGE))
    };
    let state = Signal::derive(move || node.with(|n| n.as_ref().map_or(State::Unknown(String::new()), |n| n.state.clone())));
    let operator = Signal::derive(move || node.with(|n| n.as_ref().map_or(obshell_api::Operator::Run, |n| n.operator.clone())));
    let panel_id = format!("obp-stage-panel-{index}");

    view! {
        <li class="obp-stage" class:obp-current=is_current data-testid="stage" data-stage=index + 1
            data-state=move || state.get().to_string()>
            <button type="button" class="obp-stage-toggle" aria-expanded=move || expanded.get().to_string()
                aria-controls=panel_id.clone()
                aria-label=move || fill(t().expand_stage, &[&name()])
                on:click=move |_| expanded.update(|e| *e = !*e)>
                <span class="obp-stage-name">
                    <span class="obp-stage-number">{index + 1}</span>
                    <span class="obp-caret" aria-hidden="true">{move || if expanded.get() { "▾" } else { "▸" }}</span>
                    {name}
                    <Show when=is_current>
                        <span class="obp-current-mark">{move || t().current_stage}</span>
                    </Show>
                </span>
                <StateBadge state=state operator=operator />
                <span class="obp-bar-track" title=move || times().map(|(_, agent)| agent)>
                    {move || geometry().map(|(left, width)| view! {
                        <span class=move || format!("obp-bar obp-bar-{}", state.get().to_string().to_ascii_lowercase())
                            style:left=format!("{}%", format::fixed(left, 2)) style:width=format!("{}%", format::fixed(width, 2))></span>
                    })}
                </span>
                <span class="obp-duration" data-testid="stage-duration">{move || duration().unwrap_or_else(|| "–".into())}</span>
            </button>
            <div id=panel_id class="obp-stage-panel" hidden=move || !expanded.get()>
                {move || times().map(|(local, agent)| view! { <p class="obp-muted" title=agent>{local}</p> })}
                <Show when=timed_out_wait>
                    <p class="obp-notice obp-notice-warn" data-testid="timeout-hint">{move || t().timeout_explained}</p>
                </Show>
                <Show when=can_pass>
                    <button type="button" class="obp-button" data-testid="pass-node"
                        title=move || t().consequence_pass_node
                        on:click=move |_| {
                            if let Some(id) = node.with_untracked(|n| n.as_ref().map(|n| n.id.clone())) {
                                on_pass_node.run(id);
                            }
                        }>
                        {move || t().action_pass_node}
                    </button>
                </Show>
                <Show when=move || expanded.get()>
                    <SubTaskList node=node now_ms=now_ms />
                </Show>
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stay_inside_the_axis() {
        let axis = Some((1_000, 11_000));
        assert_eq!(bar_geometry(Span::Finished { start: 1_000, end: 6_000 }, axis, 0), Some((0.0, 50.0)));
        let (left, width) = bar_geometry(Span::Running { start: 6_000 }, axis, 11_000).unwrap();
        assert!((left - 50.0).abs() < 1e-9 && (width - 50.0).abs() < 1e-9);
        // A browser clock behind the agent: the running bar is a sliver, never negative.
        let (_, width) = bar_geometry(Span::Running { start: 6_000 }, axis, 2_000).unwrap();
        assert!(width >= 0.5);
        assert_eq!(bar_geometry(Span::NotStarted, axis, 0), None);
        assert_eq!(bar_geometry(Span::Unknown, axis, 0), None);
        assert_eq!(bar_geometry(Span::Finished { start: 1, end: 2 }, None, 0), None);
    }
}
