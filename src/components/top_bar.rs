//! The header: title, the agent signed in to, language and theme, sign-out, and a clock-skew
//! warning when the browser and the agent disagree by more than a minute.

use crate::format;
use crate::i18n::{fill, Lang};
use crate::state::{use_ctx, Theme};
use leptos::prelude::*;
use crate::router::Link;

/// obshell's own dashboard warns from the same threshold.
const SKEW_WARNING_MS: i64 = 60_000;

#[component]
pub fn TopBar() -> impl IntoView {
    let ctx = use_ctx();
    let (client, session, ui) = (ctx.client.clone(), ctx.session, ctx.ui);
    let t = move || ui.lang.get().texts();
    let agent = move || {
        // The release number only; the full build string is on hover.
        session.agent.with(|a| {
            a.as_ref().map(|a| {
                let release = a.version.split('-').next().unwrap_or_default();
                fill(t().agent_line, &[&format!("{}:{}", a.ip, a.port), release])
            })
        })
    };
    let skew = move || {
        let ms = session.clock_offset_ms.get();
        (session.signed_in.get() && ms.abs() > SKEW_WARNING_MS)
            .then(|| fill(t().clock_skew, &[&format::duration(ms.abs(), ui.lang.get())]))
    };
    let sign_out = move |_| {
        let client = client.clone();
        leptos::task::spawn_local(async move {
            client.logout().await;
            session.expired.set(false);
            session.signed_in.set(false);
            // Signing out on purpose also takes the pages down: nothing of the cluster stays
            // on screen behind the sign-in.
            session.ever_signed_in.set(false);
            session.agent.set(None);
        });
    };
    view! {
        <header class="obp-top-bar">
            <Link to="/" attr:class="obp-brand">{move || t().app_title}</Link>
            <Show when=move || session.signed_in.get()>
                <nav class="obp-nav">
                    <Link to="/" attr:data-testid="nav-backup">{move || t().nav_backup}</Link>
                    <Link to="/tenants" attr:data-testid="nav-tenants">{move || t().nav_tenants}</Link>
                    <Link to="/history" attr:data-testid="nav-history">{move || t().nav_history}</Link>
                    <Link to="/destination" attr:data-testid="nav-destination">{move || t().nav_destination}</Link>
                </nav>
            </Show>
            <span class="obp-muted obp-agent" data-testid="agent-line"
                title=move || session.agent.with(|a| a.as_ref().map(|a| a.version.clone()))>{agent}</span>
            <span class="obp-spacer"></span>
            // One group, so that on a narrow screen the controls move to the next line
            // together instead of splitting a label from its neighbours.
            <div class="obp-top-controls">
                <label class="obp-inline-field">
                    <span>{move || t().language}</span>
                    <select data-testid="language" on:change=move |ev| {
                        if let Some(lang) = Lang::parse(&event_target_value(&ev)) { ui.lang.set(lang) }
                    }>
                        <option value="en-US" selected=move || ui.lang.get() == Lang::En>"English"</option>
                        <option value="zh-CN" selected=move || ui.lang.get() == Lang::Zh>"简体中文"</option>
                    </select>
                </label>
                <label class="obp-inline-field">
                    <span>{move || t().theme}</span>
                    <select data-testid="theme" on:change=move |ev| {
                        if let Some(theme) = Theme::parse(&event_target_value(&ev)) { ui.theme.set(theme) }
                    }>
                        <option value="system" selected=move || ui.theme.get() == Theme::System>{move || t().theme_system}</option>
                        <option value="light" selected=move || ui.theme.get() == Theme::Light>{move || t().theme_light}</option>
                        <option value="dark" selected=move || ui.theme.get() == Theme::Dark>{move || t().theme_dark}</option>
                    </select>
                </label>
                <Show when=move || session.signed_in.get()>
                    <button type="button" class="obp-button" on:click=sign_out.clone() data-testid="sign-out">{move || t().sign_out}</button>
                </Show>
            </div>
        </header>
        {move || skew().map(|text| view! { <p class="obp-notice obp-notice-warn" role="status" data-testid="clock-skew">{text}</p> })}
        {move || ctx.config.problem.clone().map(|p| view! { <p class="obp-notice obp-notice-warn" role="status">{p}</p> })}
    }
}
