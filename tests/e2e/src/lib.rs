//! The end-to-end harness: an in-process obshell-sim serving the release `dist/` on a free
//! loopback port, and a real headless Chromium driven through chromedriver.
//!
//! Each test gets its own sim (its own scenario and state) and its own browser profile. Tests
//! run one at a time (a process-wide lock): two Chromiums on two cores make timings flaky, and
//! the point here is behaviour, not speed.

use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use obshell_sim::{Sim, SimConfig};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};
use tokio::sync::{Mutex, MutexGuard};

/// How long any single expectation waits before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);
pub const ROOT_PASSWORD: &str = "e2e-Root#pw";

static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// The built panel. `./dev test` builds it first; running this crate alone needs
/// `trunk build --release` (or `OBSHELL_PANEL_DIST=<dir>`).
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("OBSHELL_PANEL_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
    assert!(
        dir.join("index.html").is_file(),
        "no built panel at {} - run `./dev test` (or `trunk build --release`) first",
        dir.display()
    );
    dir
}

/// The name of the file of `dist/` named `prefix…suffix` (hashed names differ per build).
pub fn dist_file(prefix: &str, suffix: &str) -> String {
    std::fs::read_dir(dist_dir())
        .expect("read dist")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with(prefix) && name.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {prefix}…{suffix} in dist/"))
}

/// What the browser talks to.
pub enum Front {
    /// obshell-sim serves `dist/` itself.
    Sim,
    /// obshell-sim serves this directory: a copy of `dist/` (e.g. from [`dist_with_config`]) or
    /// a site with the panel and host pages in it.
    SimStatic { dir: PathBuf },
    /// Debian's nginx with `deploy/nginx/obshell-panel.conf` serves `dist` and proxies the API.
    Nginx { dist: PathBuf },
    /// `deploy/nginx/obshell-panel-subpath.conf`: the panel under `/admin/backup/` of a site
    /// whose root is `site` (the panel's files in `site/admin/backup/`).
    NginxSubpath { site: PathBuf },
}

pub struct Harness {
    pub sim: Sim,
    pub base: String,
    pub browser: Client,
    _nginx: Option<Nginx>,
    _driver: Child,
    _profile: TempDir,
    _lock: MutexGuard<'static, ()>,
}

impl Harness {
    /// Start a sim with `config` (serving `dist/`, test hooks on) and a fresh browser.
    pub async fn start(config: SimConfig) -> Harness {
        Harness::start_with(config, Front::Sim).await
    }

    /// Start a sim with `config` and put something in front of it for the browser.
    pub async fn start_with(mut config: SimConfig, front: Front) -> Harness {
        let lock = ONE_AT_A_TIME.lock().await;
        config.static_dir = match &front {
            Front::Sim => Some(dist_dir()),
            Front::SimStatic { dir } => Some(dir.clone()),
            Front::Nginx { .. } | Front::NginxSubpath { .. } => None,
        };
        config.test_hooks = true;
        let (router, sim) = obshell_sim::app(config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind sim");
        let addr: SocketAddr = listener.local_addr().expect("sim addr");
        tokio::spawn(obshell_sim::serve_router(listener, router));

        let (base, nginx) = match front {
            Front::Sim | Front::SimStatic { .. } => (format!("http://{addr}"), None),
            Front::Nginx { dist } => {
                let nginx = Nginx::start(&dist, addr).await;
                (format!("http://127.0.0.1:{}", nginx.port), Some(nginx))
            }
            Front::NginxSubpath { site } => {
                let nginx = Nginx::start_site("obshell-panel-subpath.conf", "root /srv/www;", &site, addr).await;
                (format!("http://127.0.0.1:{}", nginx.port), Some(nginx))
            }
        };

        let driver_port = free_port().await;
        let driver = Command::new(chromedriver())
            .arg(format!("--port={driver_port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver (apt-get install chromium-driver)");
        let profile = TempDir::new("e2e-profile");
        let browser = connect(driver_port, &profile.0).await;
        Harness { sim, base, browser, _nginx: nginx, _driver: driver, _profile: profile, _lock: lock }
    }

    pub async fn open(&self, path: &str) {
        self.browser.goto(&format!("{}{}", self.base, path)).await.expect("navigate");
    }

    /// Wait until `css` matches a displayed element.
    pub async fn wait(&self, css: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(el) = self.browser.find(Locator::Css(css)).await {
                if el.is_displayed().await.unwrap_or(false) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                let body = self.body_text().await;
                panic!("timed out waiting for {css:?}; page says:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait until nothing matches `css` any more.
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        while self.count(css).await > 0 {
            assert!(Instant::now() < deadline, "{css} never went away; page:\n{}", self.body_text().await);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait until the text of `css` contains `needle`; returns the text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        loop {
            if let Ok(el) = self.browser.find(Locator::Css(css)).await {
                last = el.text().await.unwrap_or_default();
                if last.contains(needle) {
                    return last;
                }
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {css:?} to contain {needle:?}; last text {last:?}; page:\n{}", self.body_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait for an attribute value on `css`.
    pub async fn wait_attr(&self, css: &str, attr: &str, value: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(el) = self.browser.find(Locator::Css(css)).await {
                if el.attr(attr).await.ok().flatten().as_deref() == Some(value) {
                    return;
                }
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {css}[{attr}={value}]; page:\n{}", self.body_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait(css).await.text().await.unwrap_or_default()
    }

    /// A DOM property of `css` (`value`, `checked`, ...), as text.
    pub async fn prop(&self, css: &str, name: &str) -> String {
        self.wait(css).await.prop(name).await.ok().flatten().unwrap_or_default()
    }

    pub async fn count(&self, css: &str) -> usize {
        self.browser.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0)
    }

    /// Click `css` as a person would: scrolled to the middle of the window if it is not wholly
    /// in view, and left still for two frames first. WebDriver's own scroll puts an element at
    /// the window's bottom edge and clicks at once, so a late layout change (an answer
    /// arriving, a row rendering) can move it between the hit test and the mouse press, and the
    /// click lands elsewhere.
    pub async fn click(&self, css: &str) {
        let el = self.wait(css).await;
        self.settle_in_view(&el).await;
        el.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Scroll `el` to the middle of the window unless it is wholly in view, then wait (up to
    /// 2 s) until its position holds over two animation frames.
    async fn settle_in_view(&self, el: &Element) {
        const SETTLE: &str = r#"
            const [el, done] = [arguments[0], arguments[arguments.length - 1]];
            const box = el.getBoundingClientRect();
            if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
                el.scrollIntoView({ block: 'center', inline: 'nearest' });
            }
            const at = () => { const r = el.getBoundingClientRect(); return `${r.left},${r.top},${r.width},${r.height}`; };
            const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
            (async () => {
                let last = at();
                for (const end = performance.now() + 2000; performance.now() < end;) {
                    await frame(); await frame();
                    const now = at();
                    if (now === last) break;
                    last = now;
                }
                done(true);
            })();
        "#;
        let arg = serde_json::to_value(el).expect("element reference");
        // An element that is gone or hidden fails in the click itself, with WebDriver's reason.
        let _ = self.browser.execute_async(SETTLE, vec![arg]).await;
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.wait(css).await;
        el.clear().await.ok();
        el.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    pub async fn body_text(&self) -> String {
        match self.browser.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(e) => format!("<no body: {e}>"),
        }
    }

    pub async fn url(&self) -> String {
        self.browser.current_url().await.map(|u| u.to_string()).unwrap_or_default()
    }

    /// Sign in with the sim's root password and wait for the backup form.
    pub async fn sign_in(&self) {
        self.sign_in_with(ROOT_PASSWORD).await;
        self.wait("[data-testid=agent-line]").await;
    }

    pub async fn sign_in_with(&self, password: &str) {
        self.fill("#obp-root-password", password).await;
        self.click("[data-testid=sign-in-submit]").await;
    }

    /// Fill the form and start a backup through the confirmation; returns the DAG id from
    /// the URL the panel navigated to.
    pub async fn start_backup(&self) -> String {
        self.click("[data-testid=start-backup]").await;
        self.click("[data-testid=confirm]").await;
        self.wait("[data-testid=dag-page]").await;
        self.dag_id_from_url().await
    }

    /// Start through the confirmation when obshell is expected to refuse: waits for the error.
    pub async fn start_backup_expecting_error(&self) {
        self.click("[data-testid=start-backup]").await;
        self.click("[data-testid=confirm]").await;
        self.wait("[data-testid=error-panel]").await;
    }

    pub async fn dag_id_from_url(&self) -> String {
        let url = self.url().await;
        url.rsplit_once("/dag/").map(|(_, id)| id.to_string()).unwrap_or_else(|| panic!("not on a DAG page: {url}"))
    }

    pub async fn screenshot(&self, path: &Path) {
        let png = self.browser.screenshot().await.expect("screenshot");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot dir");
        }
        std::fs::write(path, png).expect("write screenshot");
    }

    /// How the page received the loaded file whose URL ends with `suffix`: (bytes on the
    /// wire without headers, bytes after decoding), from Resource Timing.
    pub async fn received_sizes(&self, suffix: &str) -> (u64, u64) {
        let v = self
            .js(
                "const e = performance.getEntriesByType('resource').find(e => e.name.endsWith(arguments[0])); \
                 return e ? [e.encodedBodySize, e.decodedBodySize] : null;",
                vec![suffix.into()],
            )
            .await;
        let pair: Option<(u64, u64)> = serde_json::from_value(v).unwrap_or(None);
        pair.unwrap_or_else(|| panic!("the page loaded no file ending in {suffix}"))
    }

    /// Browser console entries at SEVERE level (uncaught errors, failed loads, CSP reports).
    pub async fn console_errors(&self) -> Vec<String> {
        let json = self.browser.issue_cmd(GetBrowserLog).await.expect("read browser log");
        json.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Run `script` (a function body; `arguments` are `args`) in the page and return its value.
    pub async fn js(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.browser.execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// A Chrome DevTools Protocol command through chromedriver (e.g. `Network.setCacheDisabled`).
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        self.browser
            .issue_cmd(ExecuteCdp { cmd: cmd.into(), params })
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
    }

    pub async fn close(self) {
        let _ = self.browser.close().await;
    }
}

async fn free_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("free port");
    l.local_addr().expect("addr").port()
}

fn chromedriver() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into())
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

async fn connect(port: u16, profile: &Path) -> Client {
    let mut caps = Capabilities::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium(),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    caps.insert("goog:loggingPrefs".into(), serde_json::json!({ "browser": "ALL" }));
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(client) => return client,
            Err(e) if Instant::now() > deadline => panic!("chromedriver did not start: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// chromedriver's log endpoint (not in W3C WebDriver, so not in fantoccini).
#[derive(Debug)]
struct GetBrowserLog;

impl WebDriverCompatibleCommand for GetBrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// chromedriver's CDP passthrough (not in W3C WebDriver, so not in fantoccini).
#[derive(Debug)]
struct ExecuteCdp {
    cmd: String,
    params: serde_json::Value,
}

impl WebDriverCompatibleCommand for ExecuteCdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// A directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> TempDir {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A sim config for a scenario at a speed.
pub fn sim(scenario: &str, speed: f64) -> SimConfig {
    SimConfig {
        root_password: ROOT_PASSWORD.into(),
        scenario: scenario.parse().expect("scenario"),
        speed,
        ..SimConfig::default()
    }
}

/// Debian's nginx running the repository's own config file (`deploy/nginx/obshell-panel.conf`),
/// with only its three marked values changed: port, dist directory, obshell's address.
pub struct Nginx {
    pub port: u16,
    _process: Child,
    _dir: TempDir,
}

impl Nginx {
    pub async fn start(dist: &Path, upstream: SocketAddr) -> Nginx {
        Nginx::start_site("obshell-panel.conf", "root /srv/obshell-panel;", dist, upstream).await
    }

    /// `deploy/nginx/<file>` with its `listen`, its `root_line` pointed at `root` and its
    /// upstream pointed at the sim.
    pub async fn start_site(file: &str, root_line: &str, root: &Path, upstream: SocketAddr) -> Nginx {
        let dir = TempDir::new("e2e-nginx");
        let port = free_port().await;
        let site = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx").join(file))
            .unwrap_or_else(|e| panic!("deploy/nginx/{file}: {e}"));
        let site = replace_once(&site, "listen 8080;", &format!("listen 127.0.0.1:{port};"));
        let site = replace_once(&site, root_line, &format!("root {};", root.display()));
        let site = site.replace("http://127.0.0.1:2886", &format!("http://{upstream}"));
        std::fs::write(dir.0.join("site.conf"), site).expect("write site");
        let d = dir.0.display();
        // The minimal main file around the site: run in the foreground, everything in a temp dir.
        let main = format!(
            "daemon off; master_process off; user root; pid {d}/nginx.pid; error_log {d}/error.log;\n\
             events {{ worker_connections 256; }}\n\
             http {{ include /etc/nginx/mime.types; access_log off;\n\
             client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fcgi;\n\
             uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
             include {d}/site.conf; }}\n"
        );
        std::fs::write(dir.0.join("nginx.conf"), main).expect("write nginx.conf");
        // One process (master_process off) with no inherited stdout, so killing it on drop
        // leaves nothing behind.
        let process = Command::new("nginx")
            .arg("-p")
            .arg(&dir.0)
            .arg("-c")
            .arg(dir.0.join("nginx.conf"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start nginx (apt-get install nginx-light)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            assert!(Instant::now() < deadline, "nginx did not start: {}", std::fs::read_to_string(dir.0.join("error.log")).unwrap_or_default());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Nginx { port, _process: process, _dir: dir }
    }
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "expected exactly one {from:?} in the nginx config");
    text.replacen(from, to, 1)
}

/// A copy of `dist/` with a `config.json`, for deployments that need one.
pub fn dist_with_config(config_json: &str) -> TempDir {
    let copy = TempDir::new("e2e-dist");
    copy_dist(&copy.0);
    std::fs::write(copy.0.join("config.json"), config_json).expect("write config.json");
    copy
}

/// The README's sub-path set-up, step for step: copy `dist/` to `site/<path>` and change the one
/// `<base href>` of its `index.html` to `/<path>/`.
pub fn install_under(site: &Path, path: &str) {
    let panel = site.join(path);
    copy_dist(&panel);
    let index = std::fs::read_to_string(panel.join("index.html")).expect("index.html");
    assert_eq!(index.matches(r#"<base href="/" />"#).count(), 1, "index.html must carry exactly one default <base>");
    let base = format!(r#"<base href="/{path}/" />"#);
    std::fs::write(panel.join("index.html"), index.replace(r#"<base href="/" />"#, &base)).expect("write index.html");
}

/// Copy `dist/`'s files into `to` (created if needed).
pub fn copy_dist(to: &Path) {
    std::fs::create_dir_all(to).expect("create dist copy");
    for entry in std::fs::read_dir(dist_dir()).expect("read dist") {
        let entry = entry.expect("dist entry");
        // Only files: a build in progress may leave a staging directory beside them.
        if !entry.path().is_file() {
            continue;
        }
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy dist");
    }
}

/// A plain static file server for `dir` on a free loopback port, standing for a host console
/// on its own origin (with none of the panel's headers); returns the port.
pub async fn host_console(dir: &Path) -> u16 {
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dir));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind host console");
    let port = listener.local_addr().expect("host console addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    port
}
