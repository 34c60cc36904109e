//! The strict Content-Security-Policy holds on every view: no violation is reported while a
//! user goes through sign-in, the form, a running and a finished DAG, the tenants page, the
//! history and the destination form. The probe at the end proves a violation would be seen.

use panel_e2e::{sim, Harness};

/// Collect `securitypolicyviolation` events from now on (they fire for blocked inline
/// scripts, inline styles, foreign connections, frames...).
const LISTEN: &str = "window.__csp = window.__csp || []; \
    document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); \
    return true;";

async fn violations(h: &Harness) -> Vec<String> {
    let value = h.browser.execute("return window.__csp || [];", vec![]).await.expect("read violations");
    serde_json::from_value(value).unwrap_or_default()
}

#[tokio::test]
async fn no_view_violates_the_strict_csp() {
    let h = Harness::start(sim("healthy", 20.0)).await;
    h.open("/").await;
    h.wait("[data-testid=sign-in]").await;
    h.browser.execute(LISTEN, vec![]).await.expect("listen");
    h.sign_in().await;
    // In-app navigation keeps the same document, so the listener sees every view.
    h.start_backup().await;
    h.wait("[data-testid=stage]").await;
    h.click(".obp-stage-toggle").await;
    h.wait_text("[data-testid=summary]", "Succeeded in").await;
    h.click("[data-testid=nav-tenants]").await;
    h.wait("[data-testid=tenants-table]").await;
    h.click("[data-testid=nav-history]").await;
    h.wait("[data-testid=history-table]").await;
    h.click("[data-testid=nav-destination]").await;
    h.wait("[data-testid=destination-form]").await;
    h.click("[data-testid=theme]").await;
    assert_eq!(violations(&h).await, Vec::<String>::new());
    let errors: Vec<String> = h.console_errors().await.into_iter().filter(|e| e.contains("Content Security Policy")).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The probe: an inline style is refused and reported, so the checks above can fail.
    h.browser
        .execute("const s = document.createElement('style'); s.textContent = 'body{}'; document.head.append(s); return true;", vec![])
        .await
        .expect("probe");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while violations(&h).await.is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(violations(&h).await.iter().any(|v| v.starts_with("style-src")), "{:?}", violations(&h).await);
    h.close().await;
}
