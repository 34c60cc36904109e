//! `obshell-sim`: a stand-in obshell agent for the panel's demo and tests.

use clap::Parser;
use obshell_sim::{Scenario, SimConfig};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(version, about = "A stand-in obshell agent speaking obshell's backup/task API over a simulated cluster")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:2886")]
    listen: SocketAddr,
    /// The simulated cluster's root@sys password.
    #[arg(long)]
    root_password: String,
    /// Also serve the panel's dist/ from this directory (SPA fallback to index.html).
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Simulated-time factor: 1 = realistic minutes, 100 = a backup DAG in a second or two.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// healthy, no-backup-config, no-user-tenants, fail-at-stage-N, flaky, slow, timeout-stage-4.
    #[arg(long, default_value = "healthy")]
    scenario: Scenario,
    /// Number of agents in the simulated cluster.
    #[arg(long, default_value_t = 3)]
    agents: usize,
    /// User tenants, comma separated.
    #[arg(long, value_delimiter = ',', default_value = "t1,t2")]
    tenants: Vec<String>,
    /// Mount the /__sim/* test hooks.
    #[arg(long)]
    test_hooks: bool,
    /// The answering agent's identity (anything but "CLUSTER AGENT" refuses backups).
    #[arg(long, default_value = obshell_api::agent::CLUSTER_AGENT)]
    identity: String,
    /// Seed for the flaky scenario's choices.
    #[arg(long, default_value_t = 0x000b_5e11)]
    seed: u64,
    /// Sub-tasks of each parallel stage (0 = one per agent, as obshell).
    #[arg(long, default_value_t = 0)]
    subtasks_per_stage: usize,
    /// Extra log lines of the backup DAG's "Wait backup Finish" sub-task.
    #[arg(long, default_value_t = 0)]
    log_lines_per_subtask: usize,
    /// Also one log line of this many bytes there.
    #[arg(long)]
    long_log_line_bytes: Option<usize>,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if !(args.speed.is_finite() && args.speed > 0.0) {
        eprintln!("obshell-sim: --speed must be a positive number");
        return std::process::ExitCode::FAILURE;
    }
    let config = SimConfig {
        root_password: args.root_password.clone(),
        scenario: args.scenario,
        speed: args.speed,
        agents: args.agents,
        tenants: args.tenants.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
        static_dir: args.static_dir,
        test_hooks: args.test_hooks,
        identity: args.identity,
        seed: args.seed,
        subtasks_per_stage: args.subtasks_per_stage,
        log_lines_per_subtask: args.log_lines_per_subtask,
        long_log_line_bytes: args.long_log_line_bytes,
        ..SimConfig::default()
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("obshell-sim: cannot start the runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen).await?;
        let address = listener.local_addr()?;
        // The demo's one line of output; the password is the operator's own, shown so the
        // demo can be used (request logs never show it).
        println!("obshell-sim listening on http://{address} (root password: {})", args.root_password);
        obshell_sim::serve(listener, config).await
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("obshell-sim: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
