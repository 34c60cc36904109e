//! The panel inside a host console: as the `<obshell-backup-panel>` custom element (shadow
//! root, host theme variables, events out, attributes in) and in a cross-origin iframe
//! (postMessage with checked origins both ways). The host pages are the repository's own
//! examples in `deploy/host-example/`, served with the panel under `/panel/`.

use panel_e2e::{host_console, install_under, sim, Front, Harness, TempDir, ROOT_PASSWORD, WAIT};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// A site: the panel in `panel/` (its `<base href>` set as the README says) and the host
/// example pages in `host/`.
fn site(config_json: Option<&str>) -> TempDir {
    let site = TempDir::new("e2e-host-site");
    install_under(&site.0, "panel");
    if let Some(json) = config_json {
        std::fs::write(site.0.join("panel/config.json"), json).expect("config.json");
    }
    let host = site.0.join("host");
    std::fs::create_dir_all(&host).expect("host dir");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/host-example");
    for entry in std::fs::read_dir(examples).expect("deploy/host-example") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), host.join(entry.file_name())).expect("copy host page");
    }
    site
}

/// Run `body` (a JS function body returning a value) until it returns something truthy.
async fn until(h: &Harness, what: &str, body: &str) -> Value {
    let deadline = Instant::now() + WAIT;
    loop {
        let value = h.browser.execute(body, vec![]).await.unwrap_or(Value::Null);
        if !(value.is_null() || value == Value::Bool(false) || value == Value::String(String::new())) {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}; page: {}", h.body_text().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// JS that finds `css` inside the panel's shadow root.
fn in_shadow(css: &str) -> String {
    format!("document.querySelector('obshell-backup-panel').shadowRoot.querySelector({css:?})")
}

async fn shadow_click(h: &Harness, css: &str) {
    until(h, css, &format!("const el = {}; if (!el) return null; el.click(); return true;", in_shadow(css))).await;
}

#[tokio::test]
async fn as_a_custom_element_themed_by_the_host_with_events_out() {
    let site = site(None);
    let h = Harness::start_with(sim("healthy", 50.0), Front::SimStatic { dir: site.0.clone() }).await;
    h.open("/host/custom-element.html").await;
    until(&h, "the sign-in inside the shadow root", &format!("return !!{};", in_shadow("[data-testid=sign-in]"))).await;

    // Sign in through the shadow root as a user would: type, then submit.
    let fill = format!(
        "const input = {}; input.value = {ROOT_PASSWORD:?}; input.dispatchEvent(new Event('input', {{bubbles: true}})); return true;",
        in_shadow("#obp-root-password")
    );
    h.browser.execute(&fill, vec![]).await.expect("type password");
    shadow_click(&h, "[data-testid=sign-in-submit]").await;
    until(&h, "the backup form", &format!("return !!{};", in_shadow("[data-testid=backup-form]"))).await;

    // The host's theme variables reach in; its element rules do not; the panel's rules do not
    // leak out.
    let looks = h
        .browser
        .execute(
            &format!(
                "const start = {}; const app = {}; const show = {};
                 return [getComputedStyle(start).backgroundColor, getComputedStyle(app).fontFamily,
                         getComputedStyle(start).borderTopLeftRadius, getComputedStyle(show).backgroundColor,
                         getComputedStyle(document.querySelector('.host-button')).backgroundColor,
                         getComputedStyle(document.querySelector('.host-title')).fontFamily,
                         document.documentElement.lang];",
                in_shadow("[data-testid=start-backup]"),
                in_shadow(".obp-app"),
                in_shadow(".obp-password-row .obp-button")
            ),
            vec![],
        )
        .await
        .expect("computed styles");
    let looks: Vec<String> = serde_json::from_value(looks).expect("strings");
    assert_eq!(looks[0], "rgb(180, 0, 90)", "host accent on the primary button");
    assert!(looks[1].starts_with("Georgia"), "host font: {}", looks[1]);
    assert_eq!(looks[2], "0px", "host radius");
    assert_ne!(looks[3], "rgb(255, 105, 180)", "the host's `button` rule must not reach inside");
    assert_eq!(looks[4], "rgb(255, 105, 180)", "the host's own button keeps its look");
    assert!(looks[5].contains("Times New Roman"), "the panel's font must not leak out: {}", looks[5]);
    assert_eq!(looks[6], "en", "the host page's lang is the host's");

    // Start a backup: the host hears about it, then about its end.
    shadow_click(&h, "[data-testid=start-backup]").await;
    shadow_click(&h, "dialog[open] [data-testid=confirm]").await;
    let started = until(&h, "obp:backup-started in the host's log", "return [...document.querySelectorAll('#host-log li')].map(li => li.textContent).find(t => t.startsWith('obp:backup-started')) ?? null;").await;
    let dag_id = h.sim.recorded_backups()[0].dag_id.clone().expect("a DAG was created");
    assert_eq!(started.as_str(), Some(format!(r#"obp:backup-started {{"dagId":"{dag_id}"}}"#).as_str()));
    until(&h, "obp:dag-finished", "return [...document.querySelectorAll('#host-log li')].some(li => li.textContent.startsWith('obp:dag-finished') && li.textContent.includes('SUCCEED'));").await;
    // The panel's routes extend the host page's URL (a host can choose another `base-path`).
    assert!(h.url().await.ends_with(&format!("/host/custom-element.html/dag/{dag_id}")), "{}", h.url().await);

    // The host switches the language through the element's attribute.
    h.browser.execute("document.querySelector('obshell-backup-panel').setAttribute('language', 'zh-CN'); return true;", vec![]).await.expect("set attribute");
    until(&h, "Chinese texts", &format!("return {}.textContent.includes('刷新');", in_shadow("[data-testid=refresh]"))).await;
    assert_eq!(
        h.browser.execute("return document.documentElement.lang;", vec![]).await.expect("lang"),
        Value::String("en".into()),
        "switching the panel's language leaves the host page's lang alone"
    );
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors in the host page: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn in_a_cross_origin_iframe_with_checked_messages_both_ways() {
    // The host console: another origin (its own server), serving the example host page.
    let host_site = site(None);
    let host_port = host_console(&host_site.0).await;
    let trusted = format!("http://127.0.0.1:{host_port}");
    let untrusted = format!("http://localhost:{host_port}");

    // The panel: config.json trusts only the 127.0.0.1 host; its server lets both frame it.
    let panel_site = site(Some(&format!(r#"{{"hostOrigins": ["{trusted}"]}}"#)));
    let mut config = sim("healthy", 50.0);
    config.frame_ancestors = format!("'self' {trusted} {untrusted}");
    let h = Harness::start_with(config, Front::SimStatic { dir: panel_site.0.clone() }).await;
    let panel_url = format!("{}/panel/", h.base);

    // An untrusted origin's messages are ignored.
    h.browser.goto(&format!("{untrusted}/host/iframe.html?panel={panel_url}")).await.expect("open host");
    h.wait("#panel").await.enter_frame().await.expect("enter frame");
    h.sign_in().await;
    h.browser.enter_parent_frame().await.expect("leave frame");
    h.click("#host-zh").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    h.wait("#panel").await.enter_frame().await.expect("enter frame");
    assert_eq!(h.text("[data-testid=start-backup]").await, "Start backup", "a message from {untrusted} must be ignored");
    h.browser.enter_parent_frame().await.expect("leave frame");

    // The trusted host sets language and theme, and hears about the backup.
    h.browser.goto(&format!("{trusted}/host/iframe.html?panel={panel_url}")).await.expect("open host");
    h.wait("#panel").await.enter_frame().await.expect("enter frame");
    h.sign_in().await;
    h.browser.enter_parent_frame().await.expect("leave frame");
    h.click("#host-zh").await;
    h.click("#host-dark").await;
    h.wait("#panel").await.enter_frame().await.expect("enter frame");
    h.wait_text("[data-testid=start-backup]", "开始备份").await;
    h.wait_attr(".obp-app", "data-theme", "dark").await;
    h.click("[data-testid=start-backup]").await;
    h.click("dialog[open] [data-testid=confirm]").await;
    h.wait("[data-testid=dag-page]").await;
    // WebDriver's URL is the top page's; the frame's own location has the DAG.
    let frame_path = h.browser.execute("return location.pathname;", vec![]).await.expect("frame location");
    let dag_id = frame_path.as_str().and_then(|p| p.rsplit_once("/dag/")).map(|(_, id)| id.to_string()).expect("on a DAG page");
    h.browser.enter_parent_frame().await.expect("leave frame");
    h.wait_text("#host-log", &format!(r#"obp:backup-started {{"dagId":"{dag_id}","type":"obp:backup-started"}}"#)).await;
    h.wait_text("#host-log", "obp:dag-finished").await;
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn mounted_into_a_host_element_with_the_hosts_session() {
    let site = site(None);
    let h = Harness::start_with(sim("healthy", 50.0), Front::SimStatic { dir: site.0.clone() }).await;
    // The host console signed in on its own and hands its session over: no sign-in at all.
    let session = h.sim.open_session();
    h.open(&format!("/host/mount.html?session={session}")).await;
    h.wait("#backups [data-testid=backup-form]").await;
    assert_eq!(h.count("[data-testid=sign-in]").await, 0, "a handed-over session needs no sign-in");
    h.wait_text("#backups [data-testid=start-backup]", "开始备份").await;
    assert_eq!(h.browser.execute("return document.documentElement.lang", vec![]).await.expect("lang"), Value::String("en".into()));
    h.click("#host-dark").await;
    h.wait_attr("#backups .obp-app", "data-theme", "dark").await;
    let id = h.start_backup().await;
    h.wait_text("#host-log", &format!(r#"obp:backup-started {{"dagId":"{id}"}}"#)).await;
    h.wait_text("#host-log", "obp:dag-finished").await;
    assert_eq!(h.sim.recorded_backups().len(), 1);

    // A session that is over: the panel says so with its own sign-in, and tells the host.
    h.open("/host/mount.html?session=no-such-session").await;
    h.wait("#backups [data-testid=sign-in]").await;
    h.wait_text("#host-log", "obp:session-lost").await;
    h.close().await;
}
