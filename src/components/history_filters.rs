//! The history's filters: state, scope and kind of task, each a select. They only say how the
//! filter should change; the page keeps it in the URL and shows the rows it keeps.

use crate::history::Kind;
use crate::history_filter::{Filter, ScopeFilter, StateFilter};
use crate::i18n::fill;
use crate::state::use_ctx;
use leptos::prelude::*;

#[component]
pub fn HistoryFilters(
    #[prop(into)]
    filter: Signal<Filter>,
    /// Called with the filter as the user changed it.
    on_change: Callback<Filter>,
    /// The tenants the history names: the scope's choices besides "all" and "cluster".
    #[prop(into)]
    tenants: Signal<Vec<String>>,
    /// Rows shown and rows in all.
    #[prop(into)]
    counts: Signal<(usize, usize)>,
) -> impl IntoView {
    let ui = use_ctx().ui;
    let t = move || ui.lang.get().texts();
    let change = move |edit: &dyn Fn(&mut Filter)| {
        let mut next = filter.get_untracked();
        edit(&mut next);
        on_change.run(next);
    };
    let state_label = move |state: StateFilter| match state {
        StateFilter::All => t().filter_any_state,
        StateFilter::Running => t().state_running,
        StateFilter::Succeeded => t().state_succeed,
        StateFilter::Failed => t().filter_failed,
    };
    // `prop:selected`, not the attribute: it also moves a selection the user already made, as
    // "Clear filters" must.
    let option = move |value: String, label: Signal<String>, current: Signal<String>| {
        let selected = {
            let value = value.clone();
            move || current.with(|c| *c == value)
        };
        view! { <option value=value prop:selected=selected>{label}</option> }
    };
    // Each select's value in the filter as it stands.
    let state_current = Signal::derive(move || filter.with(|f| f.state.as_str().to_string()));
    let scope_current = Signal::derive(move || filter.with(|f| f.scope.as_str().to_string()));
    let kind_current = Signal::derive(move || filter.with(|f| f.kind.map_or("", Kind::as_str).to_string()));
    let state_options = StateFilter::ALL
        .into_iter()
        .map(|s| option(s.as_str().to_string(), Signal::derive(move || state_label(s).to_string()), state_current))
        .collect_view();

    view! {
        <div class="obp-action-row obp-filters" role="group" data-testid="history-filters">
            <label class="obp-filter">{move || t().col_state}
                <select data-testid="filter-state" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    change(&|f| f.state = StateFilter::parse(&value));
                }>{state_options}</select>
            </label>
            <label class="obp-filter">{move || t().col_scope}
                <select data-testid="filter-scope" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    change(&|f| f.scope = ScopeFilter::parse(&value));
                }>
                    {option(String::new(), Signal::derive(move || t().filter_any_scope.to_string()), scope_current)}
                    {option(ScopeFilter::Cluster.as_str().into(), Signal::derive(move || t().scope_cluster_short.to_string()), scope_current)}
                    {move || {
                        // A tenant in the URL that the history does not name is still offered,
                        // so the select shows the filter that is applied.
                        let mut names = tenants.get();
                        if let ScopeFilter::Tenant(name) = filter.with(|f| f.scope.clone()) {
                            if !names.contains(&name) {
                                names.push(name);
                            }
                        }
                        names.into_iter().map(|name| option(name.clone(), Signal::stored(name), scope_current)).collect_view()
                    }}
                </select>
            </label>
            <label class="obp-filter">{move || t().col_task}
                <select data-testid="filter-kind" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    change(&|f| f.kind = Kind::parse(&value));
                }>
                    {option(String::new(), Signal::derive(move || t().filter_any_kind.to_string()), kind_current)}
                    {option(Kind::Backup.as_str().into(), Signal::derive(move || t().filter_backups.to_string()), kind_current)}
                    {option(Kind::Config.as_str().into(), Signal::derive(move || t().kind_config.to_string()), kind_current)}
                </select>
            </label>
            <Show when=move || filter.with(Filter::is_active)>
                <span class="obp-muted" data-testid="history-showing" role="status">
                    {move || { let (shown, all) = counts.get(); fill(t().history_showing, &[&shown.to_string(), &all.to_string()]) }}
                </span>
                <button type="button" class="obp-link-button" data-testid="clear-filters"
                    on:click=move |_| on_change.run(Filter::default())>{move || t().clear_filters}</button>
            </Show>
        </div>
    }
}
