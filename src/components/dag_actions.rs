//! The DAG operators obshell accepts in the current state, each behind a confirmation that
//! says in one sentence what it does.

use crate::client::ClientError;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::fill;
use crate::state::use_ctx;
use leptos::prelude::*;
use obshell_api::{DagDetail, DagOperator};
use std::sync::Arc;

/// What the user asked for: a DAG operator, or pass on one node.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Dag(DagOperator),
    PassNode(String),
}

#[component]
pub fn DagActions(
    #[prop(into)] dag: Signal<Arc<DagDetail>>,
    /// A node pass requested from the timeline.
    pending_node_pass: RwSignal<Option<String>>,
    /// Called after obshell accepted an operator, so polling resumes.
    on_done: Callback<()>,
) -> impl IntoView {
    let ctx = use_ctx();
    let (client, ui) = (ctx.client.clone(), ctx.ui);
    let t = move || ui.lang.get().texts();
    let chosen = RwSignal::new(None::<Request>);
    let open = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<ClientError>);
    let sent = RwSignal::new(None::<String>);

    // A node pass from the timeline goes through the same confirmation.
    Effect::new(move |_| {
        if let Some(node) = pending_node_pass.get() {
            chosen.set(Some(Request::PassNode(node)));
            open.set(true);
            pending_node_pass.set(None);
        }
    });

    let label = move |r: &Request| match r {
        Request::Dag(op) => t().operator_label(*op),
        Request::PassNode(_) => t().action_pass_node,
    };
    let consequence = move || chosen.with(|c| match c {
        Some(Request::Dag(op)) => t().consequence(*op),
        Some(Request::PassNode(_)) => t().consequence_pass_node,
        None => "",
    });
    let confirm = Callback::new(move |_| {
        let Some(request) = chosen.get_untracked() else { return };
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        error.set(None);
        let (client, id) = (client.clone(), dag.with_untracked(|d| d.id.clone()));
        let done_label = label(&request).to_string();
        leptos::task::spawn_local(async move {
            let result = match &request {
                Request::Dag(op) => client.operate_dag(&id, *op).await,
                Request::PassNode(node) => client.pass_node(node).await,
            };
            sending.set(false);
            match result {
                Ok(()) => {
                    sent.set(Some(done_label));
                    // `try_`: the page that passed it may be gone by the time obshell answers.
                    on_done.try_run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let ops = move || dag.with(|d| d.allowed_operators());

    view! {
        <div class="obp-actions" data-testid="dag-actions">
            {move || ops().into_iter().map(|op| view! {
                <button type="button" class="obp-button" class:obp-danger=matches!(op, DagOperator::Pass | DagOperator::Rollback | DagOperator::Cancel)
                    data-testid=format!("action-{}", op.as_str())
                    disabled=move || sending.get()
                    title=move || t().consequence(op)
                    on:click=move |_| {
                        sent.set(None);
                        chosen.set(Some(Request::Dag(op)));
                        open.set(true);
                    }>
                    {move || t().operator_label(op)}
                </button>
            }).collect_view()}
            {move || sent.get().map(|l| view! { <p class="obp-muted" role="status">{fill(t().action_sent, &[&l])}</p> })}
            {move || error.get().map(|e| view! { <ErrorPanel error=e /> })}
            <ConfirmDialog open=open
                title=Signal::derive(move || chosen.with(|c| c.as_ref().map(|r| fill(t().confirm_action, &[label(r)])).unwrap_or_default()))
                confirm_label=Signal::derive(move || chosen.with(|c| c.as_ref().map(|r| label(r).to_string()).unwrap_or_default()))
                on_confirm=confirm
                danger=true>
                <p data-testid="consequence">{consequence}</p>
            </ConfirmDialog>
        </div>
    }
}
