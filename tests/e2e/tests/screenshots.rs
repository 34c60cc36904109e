//! Screenshots of the main views, light and dark, as a person sees them. Written to
//! `target/.../screenshots/`; with `UPDATE_SCREENSHOTS=1` also to `docs/screenshots/` (the
//! README shows those). The assertions check the themes really differ and every shot has
//! content.

use panel_e2e::{sim, Harness};
use std::path::{Path, PathBuf};

fn out_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots")];
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots"));
    }
    dirs
}

async fn shoot(h: &Harness, name: &str) {
    for dir in out_dirs() {
        let path = dir.join(format!("{name}.png"));
        h.screenshot(&path).await;
        let size = std::fs::metadata(&path).expect("screenshot written").len();
        // A blank 1280x900 page compresses to a few KiB; a rendered view is far larger.
        assert!(size > 20_000, "{name}: {size} bytes looks blank");
    }
}

async fn set_theme(h: &Harness, theme: &str) -> String {
    h.wait("[data-testid=theme]").await.select_by_value(theme).await.expect("select theme");
    h.wait_attr(".obp-app", "data-theme", theme).await;
    let bg = h
        .browser
        .execute("return getComputedStyle(document.querySelector('.obp-app')).backgroundColor", vec![])
        .await
        .expect("computed style");
    bg.as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn screenshots_light_and_dark() {
    let mut backgrounds = Vec::new();
    for theme in ["light", "dark"] {
        // Failed journey: sign-in, form, a DAG that fails at stage 3.
        let h = Harness::start(sim("fail-at-stage-3", 30.0)).await;
        h.open("/").await;
        backgrounds.push(set_theme(&h, theme).await);
        h.wait("[data-testid=sign-in]").await;
        shoot(&h, &format!("sign-in-{theme}")).await;
        h.sign_in().await;
        h.click("[data-testid=plus-archive]").await;
        shoot(&h, &format!("form-{theme}")).await;
        h.start_backup().await;
        h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "FAILED").await;
        // The failed stage opens by itself, showing its error line.
        h.wait("[data-stage='3'] .obp-log-error").await;
        shoot(&h, &format!("failed-{theme}")).await;
        h.close().await;

        // Running, then succeeded.
        let h = Harness::start(sim("healthy", 8.0)).await;
        h.open("/").await;
        set_theme(&h, theme).await;
        h.sign_in().await;
        h.start_backup().await;
        h.wait_attr("[data-stage='4']", "data-state", "RUNNING").await;
        h.click("[data-stage='4'] .obp-stage-toggle").await;
        shoot(&h, &format!("running-{theme}")).await;
        h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "SUCCEED").await;
        shoot(&h, &format!("succeeded-{theme}")).await;
        h.close().await;
    }
    assert_ne!(backgrounds[0], backgrounds[1], "dark theme must change the page colours");
}

#[tokio::test]
async fn screenshots_of_the_workflow_around_the_backup() {
    let h = Harness::start(sim("healthy", 50.0)).await;
    h.open("/").await;
    set_theme(&h, "light").await;
    h.sign_in().await;
    h.start_backup().await;
    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "SUCCEED").await;
    h.click("[data-testid=nav-backup]").await;
    h.click("[data-testid=mode-incremental]").await;
    h.start_backup().await;
    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "SUCCEED").await;
    h.click("[data-testid=nav-tenants]").await;
    h.click("[data-testid=all-tenants-actions] [data-testid=archive-start]").await;
    h.click("dialog[open] [data-testid=confirm]").await;
    h.wait_attr("[data-tenant=t2] [data-testid=archive-state]", "data-state", "DOING").await;
    h.click("[data-tenant=t1] [data-testid=archive-suspend]").await;
    shoot(&h, "archive-confirm-light").await;
    h.click("dialog[open] [data-testid=confirm]").await;
    h.wait_attr("[data-tenant=t1] [data-testid=archive-state]", "data-state", "SUSPEND").await;
    shoot(&h, "tenants-light").await;
    h.click("[data-testid=nav-history]").await;
    h.wait("[data-testid=history-row]").await;
    shoot(&h, "history-light").await;
    h.close().await;
}
