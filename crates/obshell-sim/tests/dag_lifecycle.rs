//! The backup DAG's life with an injected clock: states, stages, times, logs, operators.

mod common;

use common::*;
use obshell_api::dag::{Operator, State};
use obshell_api::{DagDetail, ObTime};
use obshell_sim::Scenario;
use serde_json::json;

fn states(dag: &DagDetail) -> Vec<(String, String)> {
    dag.nodes().iter().map(|n| (n.state.to_string(), n.operator.to_string())).collect()
}

fn names(dag: &DagDetail) -> Vec<String> {
    dag.nodes().iter().map(|n| n.name.clone()).collect()
}

fn epoch() -> ObTime {
    ObTime::epoch(chrono::FixedOffset::east_opt(8 * 3600).unwrap())
}

#[tokio::test]
async fn create_response_then_pickup_then_success() {
    let ts = healthy();
    let resp = ts.post("/api/v1/obcluster/backup", json!({"mode": "full", "plus_archive": true})).await;
    resp.ok();
    let data = resp.data();
    // Reference §8: the create response.
    assert_eq!(data["id"], json!("11"));
    assert_eq!(data["dag_id"], json!(1));
    assert_eq!(data["name"], json!("Obcluster start full backup"));
    assert_eq!(data["stage"], json!(1));
    assert_eq!(data["max_stage"], json!(4));
    assert_eq!(data["maintenance_type"], json!(1));
    assert_eq!(data["maintenance_key"], json!(""));
    assert_eq!(data["state"], json!("READY"));
    assert_eq!(data["operator"], json!("RUN"));
    assert_eq!(data["additional_data"], json!(null));
    assert_eq!(data["nodes"], json!(null));
    let created = data["start_time"].as_str().unwrap().to_string();
    assert_eq!(data["end_time"], json!(created));
    assert!(created.ends_with("+08:00"), "{created}");

    // Before pickup: everything pending shows the creation time.
    let dag = ts.dag("11").await;
    assert_eq!(dag.state, State::Ready);
    assert_eq!(dag.additional_data, Some(Default::default()), "details: DAG additional_data is {{}}");
    assert_eq!(
        names(&dag),
        ["Check destination", "Open archive log", "Start backup", "Wait backup Finish"]
    );
    for node in dag.nodes() {
        assert_eq!((node.state.clone(), node.operator.clone()), (State::Pending, Operator::Run));
        assert_eq!(node.start_time.unwrap().to_string(), created);
        assert_eq!(node.end_time.unwrap().to_string(), created);
        assert_eq!(node.additional_data, None);
        for sub in &node.sub_tasks {
            assert_eq!(sub.state, State::Pending);
            assert_eq!(sub.execute_times, 0);
            assert_eq!(sub.task_logs, None, "pending sub-tasks carry no logs");
            assert_eq!(sub.start_time.unwrap().to_string(), created);
            assert_eq!(sub.additional_data, None);
        }
    }
    // One Check destination sub-task per agent, one sub-task on the first agent elsewhere.
    let agents: Vec<String> = dag.nodes()[0].sub_tasks.iter().map(|s| s.execute_agent.to_string()).collect();
    assert_eq!(agents, ["10.0.0.1:2886", "10.0.0.2:2886", "10.0.0.3:2886"]);
    for node in &dag.nodes()[1..] {
        assert_eq!(node.sub_tasks.len(), 1);
        assert_eq!(node.sub_tasks[0].execute_agent.to_string(), "10.0.0.1:2886");
    }

    // After pickup (1 s) the DAG runs; the node starts with end == start.
    ts.advance(1.0);
    let dag = ts.dag("11").await;
    assert_eq!(dag.state, State::Running);
    let node = &dag.nodes()[0];
    assert_eq!(node.state, State::Running);
    assert_eq!(node.start_time, node.end_time, "running node: end == start");
    assert!(node.sub_tasks.iter().all(|s| s.state == State::Ready));
    ts.advance(0.5);
    let dag = ts.dag("11").await;
    let sub = &dag.nodes()[0].sub_tasks[0];
    assert_eq!(sub.state, State::Running);
    assert_eq!(sub.execute_times, 1);
    assert_eq!(sub.task_logs, Some(vec![]), "running sub-tasks show their logs");

    // Stage 2 after Check destination's 2 s.
    ts.advance(2.0);
    let dag = ts.dag("11").await;
    assert_eq!(dag.stage, 2);
    assert_eq!(dag.nodes()[0].state, State::Succeed);
    assert_eq!(dag.nodes()[1].state, State::Running);

    let dag = ts.run_until_finished("11", 400.0).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Succeed, Operator::Run));
    assert_eq!(dag.stage, 4, "stage stays at max_stage");
    assert!(dag.nodes().iter().all(|n| n.state == State::Succeed));
    assert!(dag.end_time.unwrap() > dag.start_time.unwrap());
    let logs = |i: usize| dag.nodes()[i].sub_tasks[0].task_logs.clone().unwrap();
    assert_eq!(
        logs(1),
        [
            "Open archive log of t1(1002)",
            "Wait t1(1002) archive log opened",
            "Archive log status of t1(1002) is 'BEGINNING'",
            "Wait for t1(1002) archive log to be 'DOING'",
            "Open archive log of t2(1004)",
            "Wait t2(1004) archive log opened",
            "Archive log status of t2(1004) is 'BEGINNING'",
            "Wait for t2(1004) archive log to be 'DOING'",
        ]
    );
    assert_eq!(logs(2), ["Start full backup of t1(1002)", "Start full backup of t2(1004)"]);
    assert_eq!(
        logs(3),
        [
            "Wait t1(1002) backup finish",
            "t1(1002) backup finished",
            "Wait t2(1004) backup finish",
            "t2(1004) backup finished"
        ]
    );
    // Not in the unfinished list any more.
    let unfinished = ts.get("/api/v1/task/dag/unfinish").await;
    unfinished.ok();
    assert_eq!(unfinished.data()["contents"], json!([]));
}

#[tokio::test]
async fn incremental_name_and_log_lines() {
    let ts = healthy();
    let id = ts.start_backup(json!({"mode": "Incremental"})).await;
    let dag = ts.run_until_finished(&id, 300.0).await;
    assert_eq!(dag.name, "Obcluster start increment backup");
    assert_eq!(dag.state, State::Succeed);
    let logs = dag.nodes()[2].sub_tasks[0].task_logs.clone().unwrap();
    assert_eq!(logs, ["Start incremental backup of t1(1002)", "Start incremental backup of t2(1004)"]);
}

#[tokio::test]
async fn speed_divides_durations() {
    let (mut config, clock) = config();
    config.speed = 100.0;
    let ts = start(config, clock);
    let id = ts.start_backup(json!({})).await;
    // ~100 s of nominal work at speed 100: about a second.
    ts.advance(1.5);
    assert_eq!(ts.dag(&id).await.state, State::Succeed);
}

#[tokio::test]
async fn show_details_false_and_capitalised_true() {
    let ts = healthy();
    let id = ts.start_backup(json!({})).await;
    for query in ["show_details=false", "show_details=False", "show_details=0"] {
        let resp = ts.get(&format!("/api/v1/task/dag/{id}?{query}")).await;
        resp.ok();
        assert_eq!(resp.data()["nodes"], json!(null), "{query}");
        assert_eq!(resp.data()["additional_data"], json!(null), "{query}");
    }
    for query in ["show_details=true", "show_details=True", "show_details=1"] {
        let resp = ts.get(&format!("/api/v1/task/dag/{id}?{query}")).await;
        resp.ok();
        assert_eq!(resp.data()["nodes"].as_array().unwrap().len(), 4, "{query}");
        assert_eq!(resp.data()["additional_data"], json!({}));
    }
    let resp = ts.get(&format!("/api/v1/task/dag/{id}?show_details=yes")).await;
    assert_eq!(resp.error().1, "Common.BindJsonFailed");
}

#[tokio::test]
async fn fail_at_stage_3_then_retry_succeeds() {
    let (mut config, clock) = config();
    config.scenario = Scenario::FailAtStage(3);
    let ts = start(config, clock);
    let id = ts.start_backup(json!({"mode": "full"})).await;
    let dag = ts.run_until_finished(&id, 300.0).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Failed, Operator::Run));
    assert_eq!(dag.stage, 3, "stage stays at the failed node");
    assert_eq!(
        states(&dag),
        [("SUCCEED", "RUN"), ("SUCCEED", "RUN"), ("FAILED", "RUN"), ("PENDING", "RUN")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let failed = &dag.nodes()[2].sub_tasks[0];
    let last = failed.task_logs.as_ref().unwrap().last().unwrap();
    assert!(last.starts_with("ERROR: [MySQL.Error]: Error 4012"), "{last}");
    assert_eq!(dag.nodes()[2].last_error_line(), Some(last.as_str()));
    let failed_end = dag.end_time.unwrap();
    assert!(failed_end.is_set());

    // Retry: READY/RUN with times reset to the epoch, the failed node PENDING/RETRY.
    ts.operate(&id, "RETRY").await.ok();
    let dag = ts.dag(&id).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Ready, Operator::Run));
    assert_eq!(dag.start_time, Some(epoch()));
    assert_eq!(dag.end_time, Some(epoch()));
    let node = &dag.nodes()[2];
    assert_eq!((node.state.clone(), node.operator.clone()), (State::Pending, Operator::Retry));
    assert_eq!(node.start_time, Some(epoch()));
    assert_eq!(dag.nodes()[0].state, State::Succeed, "earlier nodes keep their state");

    let dag = ts.run_until_finished(&id, 300.0).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Succeed, Operator::Run));
    let sub = &dag.nodes()[2].sub_tasks[0];
    assert_eq!(sub.execute_times, 2, "+1 per retry");
    assert_eq!(sub.operator, Operator::Retry);
    let logs = sub.task_logs.clone().unwrap();
    assert_eq!(logs.len(), 4, "both executions' logs: {logs:?}");
    assert_eq!(logs[2..], ["Start full backup of t1(1002)", "Start full backup of t2(1004)"]);

    // Sub-task logs route: rows with execute_times.
    let resp = ts.get(&format!("/api/v1/task/sub_task/{}/logs", sub.id)).await;
    resp.ok();
    let rows = resp.data()["contents"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["execute_times"], json!(1));
    assert_eq!(rows[3]["execute_times"], json!(2));
    assert_eq!(rows[0]["sub_task_id"], json!(sub.task_id));
    assert_eq!(rows[0]["is_sync"], json!(true));
    assert!(rows[0]["create_time"].as_str().unwrap().ends_with("+08:00"));
}

#[tokio::test]
async fn fail_at_stage_1_fails_one_agent_only() {
    let (mut config, clock) = config();
    config.scenario = Scenario::FailAtStage(1);
    let ts = start(config, clock);
    let id = ts.start_backup(json!({})).await;
    let dag = ts.run_until_finished(&id, 60.0).await;
    assert_eq!(dag.state, State::Failed);
    let subs = &dag.nodes()[0].sub_tasks;
    let sub_states: Vec<State> = subs.iter().map(|s| s.state.clone()).collect();
    assert_eq!(sub_states, [State::Succeed, State::Succeed, State::Failed]);
    let line = subs[2].task_logs.as_ref().unwrap().last().unwrap().clone();
    assert_eq!(line, "ERROR: [Common.Unexpected]: dial tcp 10.0.0.3:2886: connect: connection refused");
    ts.operate(&id, "retry").await.ok();
    let dag = ts.run_until_finished(&id, 300.0).await;
    assert_eq!(dag.state, State::Succeed);
    let times: Vec<u32> = dag.nodes()[0].sub_tasks.iter().map(|s| s.execute_times).collect();
    assert_eq!(times, [1, 1, 2], "only the failed sub-task runs again");
}

#[tokio::test]
async fn cancel_ends_failed_with_cancel() {
    let ts = healthy();
    let id = ts.start_backup(json!({})).await;
    ts.advance(12.0); // in stage 3 or so
    let before = ts.dag(&id).await;
    assert_eq!(before.state, State::Running);
    let stage = before.stage as usize;
    ts.operate(&id, "Cancel").await.ok();
    let dag = ts.dag(&id).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Ready, Operator::Cancel));
    assert_eq!(dag.start_time, Some(epoch()));
    let node = &dag.nodes()[stage - 1];
    assert_eq!((node.state.clone(), node.operator.clone()), (State::Pending, Operator::Cancel));
    assert_eq!(node.end_time, Some(epoch()));

    ts.advance(1.0);
    let dag = ts.dag(&id).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Failed, Operator::Cancel));
    assert!(dag.was_cancelled());
    let node = &dag.nodes()[stage - 1];
    assert_eq!((node.state.clone(), node.operator.clone()), (State::Failed, Operator::Cancel));
    for sub in &node.sub_tasks {
        assert_eq!(sub.state, State::Failed);
        assert!(!sub.task_logs.as_ref().unwrap().is_empty(), "a failed sub-task has a log line");
    }
    // Cancelling a finished DAG is refused.
    let resp = ts.operate(&id, "cancel").await;
    assert_eq!(
        resp.error(),
        (400, "Task.Dag.Operator.CancelFinishedDag".into(), "Failed to cancel DAG: DAG is finished".into())
    );
}

#[tokio::test]
async fn rollback_counts_stages_down() {
    let (mut config, clock) = config();
    config.scenario = Scenario::FailAtStage(3);
    let ts = start(config, clock);
    let id = ts.start_backup(json!({})).await;
    let dag = ts.run_until_finished(&id, 300.0).await;
    assert_eq!(dag.state, State::Failed);
    ts.operate(&id, "rollback").await.ok();
    let dag = ts.dag(&id).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Ready, Operator::Rollback));
    assert_eq!(dag.start_time, Some(epoch()));
    assert_eq!(
        states(&dag),
        [("PENDING", "ROLLBACK"), ("PENDING", "ROLLBACK"), ("PENDING", "ROLLBACK"), ("PENDING", "RUN")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let mut seen = vec![dag.stage];
    for _ in 0..200 {
        ts.advance(0.5);
        let dag = ts.dag(&id).await;
        if seen.last() != Some(&dag.stage) {
            seen.push(dag.stage);
        }
        if dag.is_finished() {
            break;
        }
    }
    assert_eq!(seen, [3, 2, 1], "rollback counts stages down");
    let dag = ts.dag(&id).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Succeed, Operator::Rollback));
    assert_eq!(dag.nodes()[0].operator, Operator::Rollback);
    assert_eq!(dag.nodes()[0].sub_tasks[0].execute_times, 2, "+1 for the rollback");
    assert_eq!(dag.nodes()[3].state, State::Pending, "never-run nodes stay untouched");
}

#[tokio::test]
async fn pass_dag_and_preconditions() {
    let (mut config, clock) = config();
    config.scenario = Scenario::FailAtStage(2);
    let ts = start(config, clock);
    let id = ts.start_backup(json!({})).await;
    // Not failed yet: retry, rollback and pass are refused with their codes.
    for (op, code, message) in [
        ("retry", "Task.Dag.Operator.RetryNotFailedDag", "Failed to set DAG retry: DAG state is not failed"),
        ("rollback", "Task.Dag.Operator.RollbackNotFailedDag", "Failed to set DAG rollback: DAG state is not failed"),
        ("pass", "Task.Dag.Operator.PassNotFailedDag", "Failed to pass DAG: DAG is not failed"),
    ] {
        assert_eq!(ts.operate(&id, op).await.error(), (400, code.into(), message.into()), "{op}");
    }
    let resp = ts.operate(&id, "skip").await;
    assert_eq!(
        resp.error(),
        (400, "Task.Dag.Operator.NotSupport".into(), "Operator skip is not supported".into())
    );
    let resp = ts.post(&format!("/api/v1/task/dag/{id}"), json!({})).await;
    let (status, code, message) = resp.error();
    assert_eq!((status, code.as_str()), (400, "Common.BindJsonFailed"));
    assert!(message.contains("'Operator' failed on the 'required' tag"), "{message}");
    let resp = ts.post(&format!("/api/v1/task/dag/{id}"), json!({"operator": 3})).await;
    assert_eq!(resp.error().1, "Common.BindJsonFailed");

    let dag = ts.run_until_finished(&id, 300.0).await;
    assert_eq!(dag.state, State::Failed);
    assert_eq!(dag.stage, 2);
    let resp = ts.operate(&id, "PASS").await;
    resp.ok();
    assert!(resp.body.get("data").is_none(), "operators answer without data: {}", resp.body);
    let dag = ts.dag(&id).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Succeed, Operator::Pass));
    assert_eq!(
        states(&dag),
        [("SUCCEED", "RUN"), ("SUCCEED", "PASS"), ("SUCCEED", "PASS"), ("SUCCEED", "PASS")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    for node in &dag.nodes()[1..] {
        assert!(node.sub_tasks.iter().all(|s| s.state == State::Succeed && s.operator == Operator::Pass));
    }
    // It stays finished: time does not move it.
    ts.advance(100.0);
    assert_eq!(ts.dag(&id).await.state, State::Succeed);
}

#[tokio::test]
async fn node_pass_continues_the_dag() {
    let (mut config, clock) = config();
    config.scenario = Scenario::FailAtStage(2);
    let ts = start(config, clock);
    let id = ts.start_backup(json!({})).await;
    let running = {
        ts.advance(1.0);
        ts.dag(&id).await
    };
    let first = running.nodes()[0].id.clone();
    let resp = ts.post(&format!("/api/v1/task/node/{first}"), json!({"operator": "pass"})).await;
    assert_eq!(
        resp.error(),
        (400, "Task.Node.Operator.PassNotFailedDag".into(), "Failed to pass node: DAG is not failed".into())
    );
    let dag = ts.run_until_finished(&id, 300.0).await;
    assert_eq!(dag.state, State::Failed);
    let failed = dag.nodes()[1].id.clone();
    let resp = ts.post(&format!("/api/v1/task/node/{first}"), json!({"operator": "pass"})).await;
    assert_eq!(resp.error().1, "Task.Node.Operator.PassNotFailedNode");
    let resp = ts.post(&format!("/api/v1/task/node/{failed}"), json!({"operator": "retry"})).await;
    assert_eq!(
        resp.error(),
        (400, "Task.Node.Operator.NotSupport".into(), "Operator retry is not supported".into())
    );
    let resp = ts.post(&format!("/api/v1/task/node/{failed}"), json!({"operator": "Pass"})).await;
    resp.ok();
    assert!(resp.body.get("data").is_none());
    let dag = ts.dag(&id).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Ready, Operator::Run));
    assert_eq!(
        (dag.nodes()[1].state.clone(), dag.nodes()[1].operator.clone()),
        (State::Succeed, Operator::Pass)
    );
    let dag = ts.run_until_finished(&id, 300.0).await;
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Succeed, Operator::Run));
    assert_eq!(dag.nodes()[2].sub_tasks[0].execute_times, 1);
}

#[tokio::test]
async fn timeout_stage_4_after_3600_simulated_seconds_then_retry() {
    let (mut config, clock) = config();
    config.scenario = Scenario::TimeoutStage4;
    config.speed = 100.0;
    let ts = start(config, clock);
    let id = ts.start_backup(json!({})).await;
    ts.advance(1.0);
    let dag = ts.dag(&id).await;
    assert_eq!(dag.stage, 4, "{dag:?}");
    let stage4_start = dag.nodes()[3].sub_tasks[0].start_time.unwrap();
    // 3600 simulated seconds at speed 100 = 36 s.
    ts.advance(35.0);
    assert_eq!(ts.dag(&id).await.state, State::Running);
    ts.advance(1.0);
    let dag = ts.dag(&id).await;
    assert_eq!(dag.state, State::Failed);
    let sub = &dag.nodes()[3].sub_tasks[0];
    assert_eq!(sub.task_logs.as_ref().unwrap().last().unwrap(), "ERROR: [Common.Unexpected]: sub task timeout");
    let took = sub.end_time.unwrap().unix_millis() - stage4_start.unix_millis();
    assert_eq!(took, 36_000, "fails exactly at the timeout");
    // The jobs keep running in OceanBase; a retry waits for the rest.
    ts.operate(&id, "retry").await.ok();
    let dag = ts.run_until_finished(&id, 60.0).await;
    assert_eq!(dag.state, State::Succeed);
    assert_eq!(dag.nodes()[3].sub_tasks[0].execute_times, 2);
}

#[tokio::test]
async fn node_and_sub_task_routes() {
    let ts = healthy();
    let id = ts.start_backup(json!({})).await;
    let dag = ts.dag(&id).await;
    let node = &dag.nodes()[0];
    let resp = ts.get(&format!("/api/v1/task/node/{}?show_details=True", node.id)).await;
    resp.ok();
    assert_eq!(resp.data()["name"], json!("Check destination"));
    assert_eq!(resp.data()["sub_tasks"].as_array().unwrap().len(), 3);
    assert_eq!(resp.data()["additional_data"], json!({}), "a node merges its 3 sub-tasks' data");
    assert!(resp.data().get("stage").is_none(), "nodes have no stage field");
    // show_details=false makes obshell panic: gin's recovery answer.
    let resp = ts.get(&format!("/api/v1/task/node/{}?show_details=false", node.id)).await;
    assert_eq!(
        resp.error(),
        (500, "Common.Unexpected".into(), "Unexpected error: Internal Server Error".into())
    );
    assert_eq!(resp.trace_id(), "");
    assert_eq!(resp.body["duration"], json!(0));

    let sub = &node.sub_tasks[1];
    let resp = ts.get(&format!("/api/v1/task/sub_task/{}", sub.id)).await;
    resp.ok();
    assert_eq!(resp.data()["name"], json!("Check destination"));
    assert_eq!(resp.data()["execute_agent"], json!({"ip": "10.0.0.2", "port": 2886}));
    assert_eq!(resp.data()["task_logs"], json!(null));
    let resp = ts.get(&format!("/api/v1/task/sub_task/{}/logs", sub.id)).await;
    resp.ok();
    assert_eq!(resp.data(), &json!({"contents": []}));

    // Lists.
    let second = ts.start_backup(json!({})).await;
    let resp = ts.get("/api/v1/task/dags/ob?show_details=false").await;
    resp.ok();
    let ids: Vec<&str> = resp.data()["contents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [id.as_str(), second.as_str()]);
    assert_eq!(resp.data()["contents"][0]["nodes"], json!(null));
    let resp = ts.get("/api/v1/task/dag/unfinish?show_details=True").await;
    resp.ok();
    assert_eq!(resp.data()["contents"].as_array().unwrap().len(), 2);
    assert_eq!(resp.data()["contents"][0]["nodes"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn generic_id_errors() {
    let ts = healthy();
    ts.start_backup(json!({})).await;
    for (path, status, code, message) in [
        ("/api/v1/task/dag/abc", 400, "Task.GenericID.Invalid", "Invalid ID: abc"),
        ("/api/v1/task/dag/9123", 400, "Task.GenericID.Invalid", "Invalid ID: 9123"),
        ("/api/v1/task/dag/1999", 404, "Task.NotFound", "Task not found: record not found"),
        ("/api/v1/task/dag/101", 404, "Task.NotFound", "Task not found: dag id not match"),
        ("/api/v1/task/node/1999", 404, "Task.NotFound", "Task not found: record not found"),
        ("/api/v1/task/node/x", 400, "Task.GenericID.Invalid", "Invalid ID: x"),
        ("/api/v1/task/sub_task/1999", 404, "Task.NotFound", "Task not found: record not found"),
        ("/api/v1/task/sub_task/1999/logs", 404, "Task.NotFound", "Task not found: record not found"),
        ("/api/v1/task/dag/2000000000102886123", 404, "Task.NotFound", "Task not found: record not found"),
    ] {
        let resp = ts.get(path).await;
        assert_eq!(resp.error(), (status, code.into(), message.into()), "{path}");
    }
    let resp = ts.operate("1999", "retry").await;
    assert_eq!(resp.error().1, "Task.NotFound");
}

#[tokio::test]
async fn second_start_while_one_runs_is_accepted_and_fails_in_start_backup() {
    let ts = healthy();
    let first = ts.start_backup(json!({})).await;
    ts.advance(12.0);
    let second = ts.start_backup(json!({})).await;
    assert_ne!(first, second);
    let dag = ts.run_until_finished(&second, 200.0).await;
    assert_eq!(dag.state, State::Failed);
    assert_eq!(dag.stage, 3);
    let line = dag.nodes()[2].last_error_line().unwrap().to_string();
    assert!(line.contains("already has a backup job in progress"), "{line}");
    assert_eq!(ts.run_until_finished(&first, 200.0).await.state, State::Succeed);
}
