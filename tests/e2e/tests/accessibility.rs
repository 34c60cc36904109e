//! Accessibility in the real browser: axe-core (from npm, injected through WebDriver, so the
//! page's strict CSP stays on) finds no WCAG 2.x A/AA violation on the sign-in, the form and a
//! failed DAG, in both themes; and a backup can be started with the keyboard alone.

use fantoccini::key::Key;
use panel_e2e::{sim, Harness, ROOT_PASSWORD};
use std::path::PathBuf;

fn axe_source() -> String {
    let path = std::env::var_os("OBSHELL_PANEL_AXE").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        home.join(".cache/obshell-panel/npm/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("axe-core not found at {} ({e}): run ./dev setup", path.display()))
}

/// Violations as "rule impact: targets", empty when the page passes.
async fn axe_violations(h: &Harness, axe: &str) -> Vec<String> {
    h.browser.execute(&format!("{axe}\nreturn true;"), vec![]).await.expect("inject axe");
    let result = h
        .browser
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] })
                  .then(r => done({ passes: r.passes.length, violations: r.violations.map(v =>
                      v.id + ' ' + v.impact + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')) }))
                  .catch(e => done({ error: String(e) }));"#,
            vec![],
        )
        .await
        .expect("run axe");
    assert!(result["error"].is_null(), "axe failed: {result}");
    assert!(result["passes"].as_u64().unwrap_or(0) > 10, "axe checked almost nothing: {result}");
    serde_json::from_value(result["violations"].clone()).unwrap_or_default()
}

#[tokio::test]
async fn no_wcag_violations_in_either_theme() {
    let axe = axe_source();
    for theme in ["light", "dark"] {
        let h = Harness::start(sim("fail-at-stage-3", 30.0)).await;
        h.open("/").await;
        h.wait("[data-testid=theme]").await.select_by_value(theme).await.expect("theme");
        h.wait("[data-testid=sign-in]").await;
        let mut found = axe_violations(&h, &axe).await;
        h.sign_in().await;
        h.wait("[data-testid=backup-form]").await;
        found.extend(axe_violations(&h, &axe).await);
        h.start_backup().await;
        h.wait("[data-testid=summary]").await;
        found.extend(axe_violations(&h, &axe).await);
        // The tables: tenants (with their destinations and last backups) and the history
        // (with its filters).
        h.click("[data-testid=nav-tenants]").await;
        h.wait("[data-testid=tenants-table] [data-testid=destination] code").await;
        found.extend(axe_violations(&h, &axe).await);
        h.click("[data-testid=nav-history]").await;
        h.wait("[data-testid=history-table]").await;
        h.wait("[data-testid=filter-state]").await.select_by_value("failed").await.expect("filter the history");
        h.wait_text("[data-testid=history-showing]", "Showing 1 of 1").await;
        found.extend(axe_violations(&h, &axe).await);
        assert!(found.is_empty(), "{theme}: {found:#?}");
        h.close().await;
    }
}

#[tokio::test]
async fn a_backup_can_be_started_with_the_keyboard_alone() {
    let h = Harness::start(sim("healthy", 30.0)).await;
    h.open("/").await;
    let password = h.wait("#obp-root-password").await;
    password.send_keys(&format!("{ROOT_PASSWORD}{}", char::from(Key::Enter))).await.expect("type and Enter");
    h.wait("[data-testid=backup-form]").await;
    // Tab until the Start button has the focus (the order is the page's own).
    let mut reached = false;
    for _ in 0..40 {
        let active = h.browser.active_element().await.expect("active element");
        if active.attr("data-testid").await.ok().flatten().as_deref() == Some("start-backup") {
            reached = true;
            break;
        }
        active.send_keys(&char::from(Key::Tab).to_string()).await.expect("Tab");
    }
    assert!(reached, "Tab never reached the Start button");
    h.browser.active_element().await.unwrap().send_keys(&char::from(Key::Enter).to_string()).await.expect("Enter");
    // The dialog opens with the safe choice focused; Tab to Confirm, Enter.
    h.wait("[data-testid=confirm]").await;
    let focused = h.browser.active_element().await.unwrap().text().await.unwrap_or_default();
    assert_eq!(focused, "Go back", "the safe button has the focus first");
    h.browser.active_element().await.unwrap().send_keys(&char::from(Key::Tab).to_string()).await.expect("Tab");
    let confirm = h.browser.active_element().await.unwrap();
    assert_eq!(confirm.attr("data-testid").await.ok().flatten().as_deref(), Some("confirm"));
    confirm.send_keys(&char::from(Key::Enter).to_string()).await.expect("Enter");
    h.wait("[data-testid=dag-page]").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    assert_eq!(h.sim.started_backups().len(), 1);
    h.close().await;
}
