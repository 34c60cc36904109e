//! Deployments: Debian's nginx with the repository's own config in front of obshell-sim,
//! at the origin's root, with the API under a prefix the proxy strips, and with the panel
//! itself under a sub-path of a bigger site; and what obshell-sim and nginx send of the
//! release build's pre-compressed copies; and the timings that `config.json` turns on for
//! `./dev bench`.

use panel_e2e::{dist_dir, dist_file, dist_with_config, install_under, sim, Front, Harness, TempDir};

/// The release build's compressed copies (`encoding` is their extension) went over the wire:
/// exactly their sizes, so not a compression done per request, and the page decoded them to
/// exactly the built files.
async fn assert_sent_precompressed(h: &Harness, encoding: &str) {
    let dist = dist_dir();
    let size = |name: &str| std::fs::metadata(dist.join(name)).unwrap_or_else(|e| panic!("dist/{name}: {e}")).len();
    for (prefix, suffix) in [("obshell-panel-", "_bg.wasm"), ("obshell-panel-", ".js"), ("panel-", ".css")] {
        let name = dist_file(prefix, suffix);
        let (on_the_wire, decoded) = h.received_sizes(&name).await;
        assert_eq!(decoded, size(&name), "{name} decoded");
        assert_eq!(on_the_wire, size(&format!("{name}.{encoding}")), "{name} sent as its .{encoding} copy");
    }
}

#[tokio::test]
async fn the_sim_sends_the_brotli_copies() {
    let h = Harness::start(sim("healthy", 30.0)).await;
    h.open("/").await;
    h.wait("[data-testid=sign-in]").await;
    assert_sent_precompressed(&h, "br").await;
    h.close().await;
}

#[tokio::test]
async fn behind_nginx_a_backup_runs_end_to_end() {
    let h = Harness::start_with(sim("healthy", 30.0), Front::Nginx { dist: dist_dir() }).await;
    h.open("/").await;
    h.wait("[data-testid=sign-in]").await;
    // Stock nginx has no brotli module; `gzip_static` sends the build's gzip copies.
    assert_sent_precompressed(&h, "gz").await;
    h.sign_in().await;
    let id = h.start_backup().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    // A deep link served by nginx's fallback, after a reload.
    h.open(&format!("/dag/{id}")).await;
    h.sign_in().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors behind nginx: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn behind_nginx_with_the_api_under_a_stripped_prefix() {
    let dist = dist_with_config(r#"{"apiBase": "/obshell"}"#);
    let h = Harness::start_with(sim("healthy", 30.0), Front::Nginx { dist: dist.0.clone() }).await;
    h.open("/").await;
    h.sign_in().await;
    h.start_backup().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    assert_eq!(h.sim.started_backups().len(), 1);
    // The panel really went through the prefix: the browser's resource list shows it.
    let urls = h
        .browser
        .execute("return performance.getEntriesByType('resource').map(e => e.name)", vec![])
        .await
        .expect("resource timing");
    let urls: Vec<String> = serde_json::from_value(urls).unwrap_or_default();
    assert!(urls.iter().any(|u| u.contains("/obshell/api/v1/task/dag/")), "{urls:#?}");
    assert!(!urls.iter().any(|u| u.contains("://") && u.split("://").nth(1).is_some_and(|r| r.contains("/api/v1/") && !r.contains("/obshell/api/v1/"))), "{urls:#?}");
    h.close().await;
}

#[tokio::test]
async fn under_a_sub_path_with_deep_links() {
    // The README's set-up, step for step: copy dist/ into the site, change the one <base href>.
    let site = TempDir::new("e2e-site");
    install_under(&site.0, "admin/backup");

    let h = Harness::start_with(sim("healthy", 30.0), Front::NginxSubpath { site: site.0.clone() }).await;
    h.open("/admin/backup/").await;
    h.sign_in().await;
    let id = h.start_backup().await;
    assert!(h.url().await.ends_with(&format!("/admin/backup/dag/{id}")), "routes live under the sub-path: {}", h.url().await);
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    // The nav links stay under the prefix too.
    h.click("[data-testid=nav-history]").await;
    h.wait("[data-testid=history-table]").await;
    assert!(h.url().await.ends_with("/admin/backup/history"), "{}", h.url().await);
    assert_eq!(h.prop("[data-testid=nav-history]", "ariaCurrent").await, "page", "the nav says where the user is");
    // Back and Forward move between the panel's pages without reloading it.
    h.js("window.__sameDocument = true;", vec![]).await;
    h.browser.back().await.expect("back");
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    assert!(h.url().await.ends_with(&format!("/admin/backup/dag/{id}")), "{}", h.url().await);
    h.browser.forward().await.expect("forward");
    h.wait("[data-testid=history-table]").await;
    assert_eq!(h.js("return window.__sameDocument === true;", vec![]).await, serde_json::json!(true), "no reload");
    // A deep link opened directly (nginx falls back to the panel's index.html).
    h.open(&format!("/admin/backup/dag/{id}")).await;
    h.sign_in().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors under a sub-path: {errors:#?}");
    h.close().await;
}

/// The names of the panel's User Timing entries (`obp:*`) on the page, sorted, each once.
async fn panel_timings(h: &Harness) -> Vec<String> {
    let names = h
        .js("return [...new Set(performance.getEntries().map(e => e.name).filter(n => n.startsWith('obp:')))].sort();", vec![])
        .await;
    serde_json::from_value(names).unwrap_or_default()
}

/// Sign in, run a backup to its end, and say which timings the page recorded.
async fn timings_of_a_backup(h: &Harness) -> Vec<String> {
    h.open("/").await;
    h.sign_in().await;
    h.start_backup().await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    panel_timings(h).await
}

#[tokio::test]
async fn timings_are_recorded_only_when_the_config_asks() {
    // By default a dashboard left open for days adds one mark, once.
    let h = Harness::start(sim("healthy", 30.0)).await;
    assert_eq!(timings_of_a_backup(&h).await, ["obp:ready"]);
    h.close().await;

    // With "perfMarks", every figure ./dev bench reads is there.
    let dist = dist_with_config(r#"{"perfMarks": true}"#);
    let h = Harness::start_with(sim("healthy", 30.0), Front::SimStatic { dir: dist.0.clone() }).await;
    let names = timings_of_a_backup(&h).await;
    for expected in ["obp:ready", "obp:sign-in", "obp:sign", "obp:dag-update", "obp:wasm-memory"] {
        assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
    }
    // One sign-in, one measure of it.
    let sign_in = h.js("return performance.getEntriesByName('obp:sign-in').map(e => e.duration);", vec![]).await;
    let sign_in: Vec<f64> = serde_json::from_value(sign_in).unwrap_or_default();
    assert_eq!(sign_in.len(), 1, "{sign_in:?}");
    assert!(sign_in[0] > 0.0, "{sign_in:?}");
    h.close().await;
}
