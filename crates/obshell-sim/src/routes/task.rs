//! Task routes: DAGs, nodes, sub-tasks and their logs (reference §1.6, §4).

use crate::auth::Authed;
use crate::bind::{bind, required, show_details, Param, RawBody};
use crate::envelope::Reply;
use crate::error::ObError;
use crate::state::Sim;
use axum::extract::{RawQuery, State};
use obshell_api::dag::{DagOperator, SubTaskLog};
use obshell_api::error_code;

pub(super) async fn get_dag(
    State(sim): State<Sim>,
    _: Authed,
    Param(id): Param,
    RawQuery(query): RawQuery,
) -> Result<Reply, ObError> {
    let details = show_details(query.as_deref())?;
    let view = sim.view();
    sim.with_world(|world, _| {
        let d = world.find_dag(&id)?;
        Ok(Reply::data(&world.dags.get(d).map(|dag| view.dag(dag, details))))
    })
}

#[derive(Debug, Default, serde::Deserialize)]
struct OperatorParam {
    operator: Option<String>,
}

fn bind_operator(body: &[u8], go_struct: &str) -> Result<String, ObError> {
    let param: OperatorParam = bind(body)?;
    required(param.operator, go_struct, "Operator")
}

/// POST `/api/v1/task/dag/:id` `{"operator": "retry"|"rollback"|"cancel"|"pass"}`.
pub(super) async fn operate_dag(
    State(sim): State<Sim>,
    _: Authed,
    Param(id): Param,
    RawBody(body): RawBody,
) -> Result<Reply, ObError> {
    let operator = bind_operator(&body, "DagOperator")?;
    sim.with_world(|world, now| {
        let d = world.find_dag(&id)?;
        let op = DagOperator::parse(&operator).ok_or_else(|| {
            ObError::new(error_code::DAG_OPERATOR_NOT_SUPPORT, format!("Operator {operator} is not supported"))
        })?;
        world.operate_dag(d, op, now)
    })?;
    Ok(Reply::NoData)
}

pub(super) async fn get_node(
    State(sim): State<Sim>,
    _: Authed,
    Param(id): Param,
    RawQuery(query): RawQuery,
) -> Result<Reply, ObError> {
    let details = show_details(query.as_deref())?;
    let view = sim.view();
    sim.with_world(|world, _| {
        let (d, n) = world.find_node(&id)?;
        // obshell dereferences a nil pointer without details and panics (reference §1.6).
        if !details {
            return Err(ObError::recovered());
        }
        let node = world.dags.get(d).and_then(|dag| dag.nodes.get(n));
        Ok(Reply::data(&node.map(|node| view.node(node))))
    })
}

/// POST `/api/v1/task/node/:id` `{"operator": "pass"}`: the only node operator.
pub(super) async fn operate_node(
    State(sim): State<Sim>,
    _: Authed,
    Param(id): Param,
    RawBody(body): RawBody,
) -> Result<Reply, ObError> {
    let operator = bind_operator(&body, "NodeOperator")?;
    sim.with_world(|world, now| {
        let (d, n) = world.find_node(&id)?;
        if !operator.eq_ignore_ascii_case("pass") {
            return Err(ObError::new(
                error_code::NODE_OPERATOR_NOT_SUPPORT,
                format!("Operator {operator} is not supported"),
            ));
        }
        world.pass_failed_node(d, n, now)
    })?;
    Ok(Reply::NoData)
}

pub(super) async fn get_sub_task(State(sim): State<Sim>, _: Authed, Param(id): Param) -> Result<Reply, ObError> {
    let view = sim.view();
    sim.with_world(|world, _| {
        let (d, n, k) = world.find_sub_task(&id)?;
        let node = world.dags.get(d).and_then(|dag| dag.nodes.get(n));
        let sub = node.and_then(|node| node.subs.get(k).map(|sub| view.sub_task(sub, node.step.name())));
        Ok(Reply::data(&sub))
    })
}

pub(super) async fn sub_task_logs(State(sim): State<Sim>, _: Authed, Param(id): Param) -> Result<Reply, ObError> {
    let view = sim.view();
    sim.with_world(|world, _| {
        let (d, n, k) = world.find_sub_task(&id)?;
        let sub = world.dags.get(d).and_then(|dag| dag.nodes.get(n)).and_then(|node| node.subs.get(k));
        let logs: Vec<SubTaskLog> = sub
            .map(|sub| {
                sub.logs
                    .iter()
                    .map(|line| SubTaskLog {
                        id: line.id,
                        sub_task_id: sub.id,
                        execute_times: line.execute_times,
                        log_content: line.text.clone(),
                        is_sync: true,
                        create_time: view.time(line.at),
                        update_time: view.time(line.at),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Reply::contents(logs))
    })
}

fn list_dags(sim: &Sim, query: Option<&str>, unfinished_only: bool) -> Result<Reply, ObError> {
    let details = show_details(query)?;
    let view = sim.view();
    Ok(sim.with_world(|world, _| {
        let dags: Vec<_> = world
            .dags
            .iter()
            .filter(|dag| !unfinished_only || !dag.is_finished())
            .map(|dag| view.dag(dag, details))
            .collect();
        Reply::contents(dags)
    }))
}

/// GET `/api/v1/task/dag/unfinish`: finished DAGs (SUCCEED or FAILED) are left out.
pub(super) async fn unfinished(State(sim): State<Sim>, _: Authed, RawQuery(query): RawQuery) -> Result<Reply, ObError> {
    list_dags(&sim, query.as_deref(), true)
}

/// GET `/api/v1/task/dags/ob`: every cluster DAG.
pub(super) async fn cluster_dags(State(sim): State<Sim>, _: Authed, RawQuery(query): RawQuery) -> Result<Reply, ObError> {
    list_dags(&sim, query.as_deref(), false)
}

