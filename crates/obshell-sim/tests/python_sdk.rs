//! Conformance: obshell's official Python client (`obshell==0.0.9`) drives the sim over HTTP.
//!
//! The interpreter comes from `OBSHELL_SDK_PYTHON` (a venv's python with obshell installed);
//! without it, a venv is made once at `$OBSHELL_PANEL_CACHE/sdk-venv` (default
//! `$HOME/.cache/obshell-panel/sdk-venv`) and the client installed there from PyPI only if
//! `import obshell` fails.

use obshell_sim::SimConfig;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

const SDK: &str = "obshell==0.0.9";

fn run(command: &mut Command) -> bool {
    command.status().map(|s| s.success()).unwrap_or(false)
}

fn sdk_python() -> PathBuf {
    if let Some(python) = std::env::var_os("OBSHELL_SDK_PYTHON") {
        return PathBuf::from(python);
    }
    let cache = std::env::var_os("OBSHELL_PANEL_CACHE").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
        home.join(".cache").join("obshell-panel")
    });
    let venv = cache.join("sdk-venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        std::fs::create_dir_all(&cache).expect("cache directory");
        assert!(run(Command::new("python3").args(["-m", "venv"]).arg(&venv)), "python3 -m venv {venv:?} failed");
    }
    if !run(Command::new(&python).args(["-c", "import obshell"])) {
        assert!(
            run(Command::new(&python).args(["-m", "pip", "install", "--quiet", SDK])),
            "pip install {SDK} failed"
        );
    }
    python
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_client_drives_the_sim() {
    let python = tokio::task::spawn_blocking(sdk_python).await.expect("venv");
    let password = "Root\"pw\\ 'é中文";
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let config = SimConfig {
        root_password: password.into(),
        test_hooks: true,
        speed: 200.0,
        log_requests: false,
        ..SimConfig::default()
    };
    tokio::spawn(obshell_sim::serve(listener, config));
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance").join("sdk_conformance.py");
    let output = tokio::time::timeout(
        Duration::from_secs(600),
        tokio::process::Command::new(&python).arg(&script).arg(port.to_string()).arg(password).output(),
    )
    .await
    .expect("the conformance script finished in time")
    .expect("the conformance script ran");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(output.status.success(), "conformance failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
