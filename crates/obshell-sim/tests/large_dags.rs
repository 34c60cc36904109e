//! The large-DAG options: ~1,000 sub-tasks in a stage, 100,000 log lines and a 1 MB line,
//! served by the normal routes; the defaults keep obshell's shape.

mod common;

use common::*;
use obshell_api::dag::State;
use serde_json::json;

#[tokio::test]
async fn defaults_keep_one_subtask_per_agent_and_no_extra_logs() {
    let ts = healthy();
    let id = ts.start_backup(json!({})).await;
    let dag = ts.run_until_finished(&id, 600.0).await;
    assert_eq!(dag.state, State::Succeed);
    let nodes = dag.nodes.unwrap();
    let counts: Vec<usize> = nodes.iter().map(|n| n.sub_tasks.len()).collect();
    assert_eq!(counts, [3, 1, 1, 1]);
    let logs = nodes[3].sub_tasks[0].task_logs.clone().unwrap_or_default();
    assert!(logs.len() < 10, "{logs:?}");
}

#[tokio::test]
async fn a_thousand_subtasks_and_a_hundred_thousand_lines() {
    let (mut config, clock) = config();
    config.subtasks_per_stage = 1_000;
    config.log_lines_per_subtask = 100_000;
    config.long_log_line_bytes = Some(1 << 20);
    config.speed = 50.0;
    let ts = start(config, clock);
    let id = ts.start_backup(json!({})).await;
    let dag = ts.run_until_finished(&id, 60.0).await;
    assert_eq!(dag.state, State::Succeed);
    let nodes = dag.nodes.unwrap();
    assert_eq!(nodes[0].sub_tasks.len(), 1_000);
    assert_eq!(nodes[0].sub_tasks[999].execute_agent.ip, "10.0.0.1", "agents in turn: 999 % 3 = 0");
    assert_eq!(nodes[1].sub_tasks.len(), 1, "sequential stages keep one sub-task");
    let wait = &nodes[3].sub_tasks[0];
    let logs = wait.task_logs.clone().unwrap();
    assert!(logs.len() > 100_000, "{}", logs.len());
    let longest = logs.iter().map(String::len).max().unwrap();
    assert_eq!(longest, 1 << 20);
    // The logs route serves them too.
    let resp = ts.get(&obshell_api::routes::sub_task_logs(&wait.id)).await;
    resp.ok();
    assert_eq!(resp.data()["contents"].as_array().unwrap().len(), logs.len());
}
