//! The DAG on a shared time axis: one row per stage, a bar from start to end (a running one
//! grows until now), state as icon + text + colour, duration, the current stage marked.
//! Arrow keys move between stages; Enter or Space expands one.

use crate::components::stage_row::StageRow;
use crate::state::use_ctx;
use leptos::prelude::*;
use obshell_api::DagDetail;
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[component]
pub fn DagTimeline(
    #[prop(into)] dag: Signal<Arc<DagDetail>>,
    /// Agent-clock "now" in ms, ticking while the DAG runs.
    #[prop(into)]
    now_ms: Signal<i64>,
    /// Node-level pass for a failed stage.
    on_pass_node: Callback<String>,
) -> impl IntoView {
    let ui = use_ctx().ui;
    let t = move || ui.lang.get().texts();
    let axis = Memo::new(move |_| dag.with(|d| d.axis(now_ms.get())));
    // A memo: the rows below are built again only when the number of stages changes, not at
    // every poll (that would also close every stage the user opened).
    let stage_count = Memo::new(move |_| dag.with(|d| d.nodes().len()));

    // Arrow keys move focus between the stage toggles (a roving set of buttons).
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let step: i32 = match ev.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Some(list) = target.closest(".obp-timeline").ok().flatten() else { return };
        let Ok(buttons) = list.query_selector_all(".obp-stage-toggle") else { return };
        let count = buttons.length() as i32;
        let target: web_sys::Node = target.into();
        let current = (0..count).find(|i| buttons.item(*i as u32).is_some_and(|b| b.is_same_node(Some(&target))));
        if let Some(index) = current {
            let next = (index + step).clamp(0, count - 1);
            if let Some(el) = buttons.item(next as u32).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
                ev.prevent_default();
                let _ = el.focus();
            }
        }
    };

    view! {
        <section class="obp-timeline" aria-label=move || t().timeline data-testid="timeline" on:keydown=on_keydown>
            <div class="obp-timeline-head" aria-hidden="true">
                <span>{move || t().col_stage}</span>
                <span>{move || t().col_state}</span>
                <span>{move || t().col_time}</span>
                <span>{move || t().col_duration}</span>
            </div>
            <ol class="obp-stage-list">
                {move || (0..stage_count.get()).map(|index| view! {
                    <StageRow dag=dag index=index axis=axis now_ms=now_ms on_pass_node=on_pass_node />
                }).collect_view()}
            </ol>
        </section>
    }
}
