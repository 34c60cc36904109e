//! DAG rules over the 4-stage cluster backup DAG in each lifecycle phase.
//!
//! Expectations come from reference/obshell-api.md §4.5 (lifecycle and operators), §4.6 (time
//! sentinels: pending = creation time, running end == start, retry/rollback/cancel reset to the
//! epoch; "decide started/finished from state, never from timestamps"), §7 (node names, log
//! lines) and obshell-sdks.md §3 (the SDKs pick the first FAILED node; a cancelled DAG is
//! FAILED + CANCEL). Expected instants are Unix milliseconds worked out with GNU `date`
//! (`date -d <rfc3339> +%s%3N`), not with this crate.

mod common;

use common::{dag_of, phase};
use obshell_api::{DagDetail, DagOperator, NodeDetail, Operator, Span, State};
use std::sync::Arc;
use std::collections::HashSet;

// Instants used by the fixtures (see tests/fixtures/README.md).
const N1_START: i64 = 1_778_231_209_105; // 2026-05-08T17:06:49.10562+08:00
const N1_END: i64 = 1_778_231_209_631; // 2026-05-08T17:06:49.631007+08:00
const DAG_START: i64 = 1_778_231_209_004; // 2026-05-08T17:06:49.004417+08:00
const N2_START: i64 = 1_778_231_209_703; // 2026-05-08T17:06:49.70333+08:00
const N2_END: i64 = 1_778_231_232_218; // 2026-05-08T17:07:12.218+08:00
const N3_START: i64 = 1_778_231_232_300; // 2026-05-08T17:07:12.30051+08:00
const N3_END: i64 = 1_778_231_233_900; // 2026-05-08T17:07:13.9+08:00
const N4_START: i64 = 1_778_231_234_011; // 2026-05-08T17:07:14.011+08:00
const N4_END: i64 = 1_778_231_560_772; // 2026-05-08T17:12:40.77212+08:00
const DAG_END_OK: i64 = 1_778_231_560_800; // 2026-05-08T17:12:40.8+08:00
const DAG_END_FAILED: i64 = 1_778_231_234_020; // 2026-05-08T17:07:14.02+08:00
const RETRY_DAG_START: i64 = 1_778_232_003_500; // 2026-05-08T17:20:03.5+08:00
const RETRY_N3_START: i64 = 1_778_232_003_610; // 2026-05-08T17:20:03.61+08:00

const NAMES: [&str; 4] = ["Check destination", "Open archive log", "Start backup", "Wait backup Finish"];
const STAGE3_ERROR: &str = "ERROR: [OB.Backup.DataDestEmpty]: Data destination is empty, tenant: t2(1004)";

fn ops(dag: &DagDetail) -> HashSet<DagOperator> {
    dag.allowed_operators().into_iter().collect()
}

fn set(list: &[DagOperator]) -> HashSet<DagOperator> {
    list.iter().copied().collect()
}

fn spans(dag: &DagDetail) -> Vec<Span> {
    dag.nodes().iter().map(|n| n.span()).collect()
}

/// Which nodes obshell would accept a node-level pass for.
fn passable(dag: &DagDetail) -> Vec<bool> {
    dag.nodes().iter().map(|n| dag.node_can_pass(n)).collect()
}

fn current_name(dag: &DagDetail) -> Option<&str> {
    dag.current_node().map(|n| n.name.as_str())
}

#[test]
fn fixtures_have_the_cluster_backup_shape() {
    // §7: four stages with these names; stage 1 has one sub-task per agent, the rest one each.
    for (name, text) in phase::ALL {
        let dag = dag_of(text);
        assert_eq!(dag.name, "Obcluster start full backup", "{name}");
        assert_eq!(dag.max_stage, 4, "{name}");
        let names: Vec<&str> = dag.nodes().iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, NAMES, "{name}");
        let per_node: Vec<usize> = dag.nodes().iter().map(|n| n.sub_tasks.len()).collect();
        assert_eq!(per_node, [3, 1, 1, 1], "{name}");
        assert!((1..=dag.max_stage).contains(&dag.stage), "{name}: stage is 1-based");
    }
}

#[test]
fn just_created() {
    let dag = dag_of(phase::CREATED);
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Ready, Operator::Run));
    assert!(!dag.is_finished());
    assert_eq!(current_name(&dag), Some("Check destination"));
    assert!(dag.failed_node().is_none());
    assert!(dag.nodes().iter().all(|n| n.last_error_line().is_none()));
    assert!(!dag.was_cancelled());
    // Cancel needs "not finished"; retry/rollback/pass need FAILED (§4.5).
    assert_eq!(ops(&dag), set(&[DagOperator::Cancel]));
    assert_eq!(passable(&dag), [false; 4]);
    // Every node shows its creation time as start and end, yet none has started (§4.6).
    for node in dag.nodes() {
        assert_eq!(node.state, State::Pending);
        assert!(node.start_time.is_some_and(|t| t.is_set()), "pending nodes carry a real creation time");
        assert_eq!(node.start_time, node.end_time);
        assert_eq!(node.span(), Span::NotStarted, "{}", node.name);
        for task in &node.sub_tasks {
            assert_eq!(task.span(), Span::NotStarted);
            assert_eq!(task.execute_times, 0, "0 at creation (§4.3)");
        }
    }
    assert_eq!(dag.span(), Span::NotStarted);
    assert_eq!(dag.axis(N1_START), None, "nothing has started, so there is no axis");
}

#[test]
fn running_at_stage_two() {
    let dag = dag_of(phase::RUNNING_STAGE2);
    assert_eq!(dag.state, State::Running);
    assert!(!dag.is_finished());
    assert_eq!(current_name(&dag), Some("Open archive log"));
    assert!(dag.failed_node().is_none());
    assert!(!dag.was_cancelled());
    assert_eq!(ops(&dag), set(&[DagOperator::Cancel]));
    assert_eq!(passable(&dag), [false; 4]);

    // The running node has end == start (§4.6): it runs until now, not for zero ms.
    let running = &dag.nodes()[1];
    assert_eq!(running.start_time, running.end_time);
    assert_eq!(
        spans(&dag),
        [
            Span::Finished { start: N1_START, end: N1_END },
            Span::Running { start: N2_START },
            Span::NotStarted,
            Span::NotStarted
        ]
    );
    assert_eq!(running.span().duration_ms(N2_START + 7_500), Some(7_500));
    // A browser clock behind the agent's never yields a negative duration.
    assert_eq!(running.span().duration_ms(N2_START - 3_000), Some(0));
    assert_eq!(dag.span(), Span::Running { start: DAG_START });
    // Sub-tasks follow the same rule.
    assert_eq!(running.sub_tasks[0].span(), Span::Running { start: 1_778_231_209_800 }); // 17:06:49.8+08:00

    // Axis: from the first real start to now while something runs.
    let now = N2_START + 60_000;
    assert_eq!(dag.axis(now), Some((DAG_START, now)));
    // With a clock behind the agent, the axis still covers every real instant.
    let behind = DAG_START - 10_000;
    let (lo, hi) = dag.axis(behind).unwrap();
    assert_eq!(lo, DAG_START);
    assert!(hi >= N2_START, "axis end {hi} before the last real instant");
}

#[test]
fn failed_at_stage_three() {
    let dag = dag_of(phase::FAILED_STAGE3);
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Failed, Operator::Run));
    assert!(dag.is_finished());
    // `stage` still points at the failed node (§4.5).
    assert_eq!(dag.stage, 3);
    assert_eq!(current_name(&dag), Some("Start backup"));
    let (index, failed) = dag.failed_node().expect("a failed node");
    assert_eq!((index, failed.name.as_str()), (2, "Start backup"));
    // The line the operator needs: the ERROR line (§7: `ERROR: [<errCode>]: <message>`).
    assert_eq!(failed.last_error_line(), Some(STAGE3_ERROR));
    for (i, node) in dag.nodes().iter().enumerate() {
        if i != 2 {
            assert_eq!(node.last_error_line(), None, "{}: no failed sub-task", node.name);
        }
    }
    // What the SDKs print for it: "<ip>:<port> <last task_logs entry>" (obshell-sdks.md §3).
    let task = &failed.sub_tasks[0];
    assert_eq!(
        format!("{} {}", task.execute_agent, task.logs().last().unwrap()),
        format!("10.10.10.1:2886 {STAGE3_ERROR}")
    );
    assert!(!dag.was_cancelled(), "FAILED with operator RUN is a failure, not a cancel");
    assert_eq!(ops(&dag), set(&[DagOperator::Retry, DagOperator::Rollback, DagOperator::Pass]));
    for op in [DagOperator::Retry, DagOperator::Rollback, DagOperator::Pass] {
        assert!(dag.allows(op), "{op:?}");
    }
    assert!(!dag.allows(DagOperator::Cancel), "cancel needs an unfinished DAG");
    // Node pass needs a FAILED DAG and a FAILED node (§4.5).
    assert_eq!(passable(&dag), [false, false, true, false]);
    assert_eq!(
        spans(&dag),
        [
            Span::Finished { start: N1_START, end: N1_END },
            Span::Finished { start: N2_START, end: N2_END },
            Span::Finished { start: N3_START, end: N3_END },
            Span::NotStarted,
        ]
    );
    assert_eq!(dag.span(), Span::Finished { start: DAG_START, end: DAG_END_FAILED });
    // Nothing runs, so the axis does not depend on now.
    assert_eq!(dag.axis(0), Some((DAG_START, DAG_END_FAILED)));
    assert_eq!(dag.axis(DAG_END_FAILED + 3_600_000), Some((DAG_START, DAG_END_FAILED)));
}

#[test]
fn error_line_is_found_even_when_not_last() {
    // A WARN after the ERROR must not hide it; with no ERROR line the last line stands in.
    let mut dag = dag_of(phase::FAILED_STAGE3);
    let node = Arc::make_mut(&mut dag.nodes.as_mut().unwrap()[2]);
    fn logs(node: &mut NodeDetail) -> &mut Option<Vec<String>> {
        &mut Arc::make_mut(&mut node.sub_tasks[0]).task_logs
    }
    logs(node).as_mut().unwrap().push("WARN: cleanup skipped".into());
    assert_eq!(node.last_error_line(), Some(STAGE3_ERROR));
    *logs(node) = Some(vec!["Start full backup of t1(1002)".into()]);
    assert_eq!(node.last_error_line(), Some("Start full backup of t1(1002)"));
    // A failed sub-task with no logs at all (the SDKs crash here; obshell-sdks.md §3).
    *logs(node) = None;
    assert_eq!(node.last_error_line(), None);
}

#[test]
fn cancelled_while_stage_two_ran() {
    let dag = dag_of(phase::CANCELLED);
    // "It ends as FAILED with operator CANCEL" (§4.5).
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Failed, Operator::Cancel));
    assert!(dag.was_cancelled());
    assert!(dag.is_finished());
    assert_eq!(current_name(&dag), Some("Open archive log"));
    let (index, failed) = dag.failed_node().expect("the cancelled node is FAILED");
    assert_eq!(index, 1);
    assert_eq!(failed.operator, Operator::Cancel, "the SDKs report 'Task <name> canceled.' from this");
    // No ERROR line: the last log line of the failed sub-task stands in.
    assert_eq!(failed.last_error_line(), Some("Wait t1(1002) archive log opened"));
    // A cancelled DAG is FAILED: retry/rollback/pass, no second cancel.
    assert_eq!(ops(&dag), set(&[DagOperator::Retry, DagOperator::Rollback, DagOperator::Pass]));
    assert_eq!(passable(&dag), [false, true, false, false]);
    // Reset-to-epoch times on finished steps: state says finished, the times are sentinels, so
    // no bar rather than one reaching back to 1970 (§4.6).
    assert_eq!(
        spans(&dag),
        [Span::Finished { start: N1_START, end: N1_END }, Span::Unknown, Span::NotStarted, Span::NotStarted]
    );
    assert_eq!(failed.sub_tasks[0].span(), Span::Unknown);
    assert_eq!(dag.span(), Span::Unknown);
    assert_eq!(dag.axis(N2_END), Some((N1_START, N1_END)), "the epoch never stretches the axis");
}

#[test]
fn succeeded() {
    let dag = dag_of(phase::SUCCEEDED);
    assert_eq!(dag.state, State::Succeed);
    assert!(dag.is_finished());
    // "After the last node succeeds, stage stays at max_stage" (§4.5).
    assert_eq!(dag.stage, dag.max_stage);
    assert_eq!(current_name(&dag), Some("Wait backup Finish"));
    assert!(dag.failed_node().is_none());
    assert!(dag.nodes().iter().all(|n| n.last_error_line().is_none()));
    assert!(!dag.was_cancelled());
    assert!(dag.allowed_operators().is_empty(), "nothing to do with a succeeded DAG");
    assert!(DagOperator::ALL.iter().all(|&op| !dag.allows(op)));
    assert_eq!(passable(&dag), [false; 4]);
    assert_eq!(
        spans(&dag),
        [
            Span::Finished { start: N1_START, end: N1_END },
            Span::Finished { start: N2_START, end: N2_END },
            Span::Finished { start: N3_START, end: N3_END },
            Span::Finished { start: N4_START, end: N4_END },
        ]
    );
    assert_eq!(dag.span().duration_ms(0), Some(DAG_END_OK - DAG_START));
    assert_eq!(dag.axis(0), Some((DAG_START, DAG_END_OK)));
    // §4.7: a backup DAG with details has `additional_data: {}`; nodes carry null.
    assert_eq!(dag.additional_data.as_ref().map(|m| m.len()), Some(0));
    assert!(dag.nodes().iter().all(|n| n.additional_data.is_none()));
}

#[test]
fn retried_and_waiting() {
    let dag = dag_of(phase::RETRIED_READY);
    // retry: DAG → READY/RUN with times reset; the failed node → PENDING/RETRY (§4.5).
    assert_eq!((dag.state.clone(), dag.operator.clone()), (State::Ready, Operator::Run));
    assert!(dag.start_time.is_some_and(|t| !t.is_set()), "DAG times reset to the epoch");
    assert!(!dag.is_finished());
    assert_eq!(current_name(&dag), Some("Start backup"));
    let node = dag.current_node().unwrap();
    assert_eq!((node.state.clone(), node.operator.clone()), (State::Pending, Operator::Retry));
    assert!(dag.failed_node().is_none(), "nothing is FAILED any more");
    assert!(!dag.was_cancelled());
    assert_eq!(ops(&dag), set(&[DagOperator::Cancel]));
    assert_eq!(passable(&dag), [false; 4]);
    assert_eq!(
        spans(&dag),
        [
            Span::Finished { start: N1_START, end: N1_END },
            Span::Finished { start: N2_START, end: N2_END },
            Span::NotStarted,
            Span::NotStarted
        ]
    );
    assert_eq!(dag.span(), Span::NotStarted);
    // The axis covers what really ran, not the epoch.
    assert_eq!(dag.axis(RETRY_DAG_START), Some((N1_START, N2_END)));
}

#[test]
fn retried_and_running_again() {
    let dag = dag_of(phase::RETRIED_RUNNING);
    assert_eq!(dag.state, State::Running);
    assert!(!dag.is_finished());
    assert_eq!(current_name(&dag), Some("Start backup"));
    let node = dag.current_node().unwrap();
    assert_eq!((node.state.clone(), node.operator.clone()), (State::Running, Operator::Retry));
    // The sub-task's logs hold every execution, including the old ERROR line, but nothing is
    // FAILED now: no error to show.
    assert_eq!(node.sub_tasks[0].execute_times, 2, "+1 per retry (§4.3)");
    assert!(node.sub_tasks[0].logs().iter().any(|l| l == STAGE3_ERROR));
    assert_eq!(node.last_error_line(), None);
    assert!(dag.failed_node().is_none());
    assert_eq!(ops(&dag), set(&[DagOperator::Cancel]));
    assert_eq!(
        spans(&dag),
        [
            Span::Finished { start: N1_START, end: N1_END },
            Span::Finished { start: N2_START, end: N2_END },
            Span::Running { start: RETRY_N3_START },
            Span::NotStarted,
        ]
    );
    // The DAG's end is still the epoch but it is RUNNING: only its start matters.
    assert!(dag.end_time.is_some_and(|t| !t.is_set()));
    assert_eq!(dag.span(), Span::Running { start: RETRY_DAG_START });
    let now = RETRY_N3_START + 5_000;
    assert_eq!(dag.axis(now), Some((N1_START, now)), "the axis spans the first run and the retry");
}

#[test]
fn no_span_is_ever_negative() {
    let nows = [0, N1_START - 1, N2_START, N3_END, RETRY_N3_START + 1, i64::MAX / 2];
    for (name, text) in phase::ALL {
        let dag = dag_of(text);
        let mut all = vec![(format!("{name} dag"), dag.span())];
        for node in dag.nodes() {
            all.push((format!("{name} {}", node.name), node.span()));
            for task in &node.sub_tasks {
                all.push((format!("{name} {} #{}", node.name, task.task_id), task.span()));
            }
        }
        for (what, span) in all {
            for now in nows {
                if let Some(d) = span.duration_ms(now) {
                    assert!(d >= 0, "{what}: {span:?} at {now} lasts {d}");
                }
                if let Some((s, e)) = span.bounds(now) {
                    assert!(s <= e, "{what}: {span:?} at {now} is inverted");
                    assert!(s > 86_400_000, "{what}: a bar starting at the epoch");
                }
            }
        }
        for now in nows {
            if let Some((s, e)) = dag.axis(now) {
                assert!(s <= e, "{name}: axis inverted at {now}");
            }
        }
    }
}

#[test]
fn pending_and_ready_steps_never_get_a_bar_whatever_their_times() {
    // The time fields of a not-started step can be creation time, epoch or Go zero (§4.6).
    for (name, text) in phase::ALL {
        let dag = dag_of(text);
        for node in dag.nodes() {
            if matches!(node.state, State::Pending | State::Ready) {
                assert_eq!(node.span(), Span::NotStarted, "{name}: {}", node.name);
            }
            for task in &node.sub_tasks {
                if matches!(task.state, State::Pending | State::Ready) {
                    assert_eq!(task.span(), Span::NotStarted, "{name}: {}", task.id);
                }
            }
        }
    }
}

#[test]
fn finished_with_inverted_times_has_no_bar() {
    // A succeeded node whose end precedes its start (clock step on the agent) gets no bar.
    let mut dag = dag_of(phase::SUCCEEDED);
    let node = Arc::make_mut(&mut dag.nodes.as_mut().unwrap()[0]);
    std::mem::swap(&mut node.start_time, &mut node.end_time);
    assert_eq!(node.span(), Span::Unknown);
}

#[test]
fn stage_out_of_range_has_no_current_node() {
    let mut dag = dag_of(phase::RUNNING_STAGE2);
    dag.stage = 0;
    assert!(dag.current_node().is_none());
    dag.stage = 5;
    assert!(dag.current_node().is_none());
    dag.stage = u32::MAX;
    assert!(dag.current_node().is_none());
}
