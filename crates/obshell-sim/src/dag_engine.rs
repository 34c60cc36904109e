//! The task DAG lifecycle, as obshell's scheduler runs it (reference §4.5, §4.6).
//!
//! Nothing runs in the background: [`World::advance`] replays every event due up to "now"
//! whenever a request looks at the cluster, so the result depends only on the clock. Each
//! event is derived from the current state: pickup of a READY DAG, start of the current node,
//! READY → RUNNING of its sub-tasks, their planned actions ([`crate::plans`]) and the 3600 s
//! sub-task timeout.

use crate::clock::Instant;
use crate::cluster::{later, next, World};
use crate::config::Scenario;
use crate::error::ObError;
use crate::plans::{self, Action, DagKind, Execution, Planned, Step, When};
use chrono::{DateTime, FixedOffset, SubsecRound, Utc};
use obshell_api::dag::{DagDetail, DagOperator, ExecuteAgent, NodeDetail, Operator, State, SubTaskDetail};
use obshell_api::error_code;
use obshell_api::{GenericId, ObTime};
use std::collections::VecDeque;
use std::sync::Arc;

/// Nominal (speed 1) seconds before the scheduler picks up a READY DAG.
const PICKUP_SECS: f64 = 1.0;
/// Nominal seconds a sub-task stays READY before it runs.
const READY_SECS: f64 = 0.5;
/// obshell's `DEFAULT_TIMEOUT` for a sub-task, in simulated seconds (reference §7).
const SUB_TASK_TIMEOUT_SECS: f64 = 3600.0;

/// What retry, rollback and cancel reset times to: `time.Unix(0, 0)` (reference §4.6).
fn epoch() -> Instant {
    DateTime::<Utc>::UNIX_EPOCH
}

#[derive(Debug, Clone)]
pub(crate) struct LogLine {
    pub id: i64,
    pub execute_times: u32,
    pub at: Instant,
    pub text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct SubTask {
    pub id: i64,
    pub state: State,
    pub operator: Operator,
    pub start: Instant,
    pub end: Instant,
    pub execute_times: u32,
    pub agent: ExecuteAgent,
    pub logs: Vec<LogLine>,
    plan: VecDeque<Planned>,
    ready_at: Instant,
    /// When the last planned action happened (planned delays count from it).
    last_at: Instant,
}

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub id: i64,
    pub step: Step,
    pub state: State,
    pub operator: Operator,
    pub start: Instant,
    pub end: Instant,
    pub subs: Vec<SubTask>,
}

#[derive(Debug, Clone)]
pub(crate) struct Dag {
    pub id: i64,
    pub kind: DagKind,
    pub state: State,
    pub operator: Operator,
    /// 1-based index of the current node.
    pub stage: u32,
    pub start: Instant,
    pub end: Instant,
    pub nodes: Vec<Node>,
    /// When it last became READY: the scheduler picks it up a moment later.
    ready_at: Instant,
    /// When the current stage became current: its node starts then.
    cursor_at: Instant,
}

impl Dag {
    pub fn generic_id(&self) -> String {
        GenericId::cluster(self.id.unsigned_abs()).to_string()
    }

    pub fn is_finished(&self) -> bool {
        self.state.is_terminal()
    }

    fn current(&self) -> usize {
        (self.stage as usize).saturating_sub(1).min(self.nodes.len().saturating_sub(1))
    }
}

#[derive(Debug, Clone, Copy)]
enum Event {
    Pickup,
    StartNode,
    /// READY → RUNNING of sub-task `k` of the current node.
    Run(usize),
    /// The next planned action of sub-task `k`.
    Act(usize),
    Timeout(usize),
    /// The current node already succeeded (passed): move on.
    NextStage,
}

/// obshell's `ERROR: [<errCode>]: <message>` task log form (reference §7).
fn error_line(kind: obshell_api::error_code::ErrorKind, message: &str) -> String {
    format!("ERROR: [{}]: {message}", kind.err_code)
}

impl World {
    /// Create a DAG: READY/RUN at stage 1, every node and sub-task PENDING/RUN, all times the
    /// row creation time (reference §4.5).
    pub fn create_dag(&mut self, kind: DagKind, now: Instant) -> usize {
        let id = next(&mut self.ids.dag);
        let scheduler = self.agents.first().cloned().unwrap_or_default();
        let mut nodes = Vec::new();
        for step in kind.steps() {
            let agents = match (step.parallel(), self.bulk.subtasks_per_stage) {
                (false, _) => vec![scheduler.clone()],
                (true, 0) => self.agents.clone(),
                // Large-DAG option: the agents in turn.
                (true, n) => self.agents.iter().cycle().take(n).cloned().collect(),
            };
            let node_id = next(&mut self.ids.node);
            let subs = agents
                .into_iter()
                .map(|agent| SubTask {
                    id: next(&mut self.ids.sub_task),
                    state: State::Pending,
                    operator: Operator::Run,
                    start: now,
                    end: now,
                    execute_times: 0,
                    agent,
                    logs: Vec::new(),
                    plan: VecDeque::new(),
                    ready_at: now,
                    last_at: now,
                })
                .collect();
            nodes.push(Node {
                id: node_id,
                step: *step,
                state: State::Pending,
                operator: Operator::Run,
                start: now,
                end: now,
                subs,
            });
        }
        self.dags.push(Dag {
            id,
            kind,
            state: State::Ready,
            operator: Operator::Run,
            stage: 1,
            start: now,
            end: now,
            nodes,
            ready_at: now,
            cursor_at: now,
        });
        self.dags.len() - 1
    }

    /// Replay everything due up to `now`.
    pub fn advance(&mut self, now: Instant) {
        for d in 0..self.dags.len() {
            // Every event changes some state, so this ends; the bound only guards against a
            // bug turning into a hung request.
            for _ in 0..100_000 {
                match self.next_event(d) {
                    Some((at, event)) if at <= now => self.apply(d, at, event),
                    _ => break,
                }
            }
        }
    }

    fn due(&self, sub: &SubTask, planned: &Planned) -> Instant {
        match planned.when {
            When::After(delay) => later(sub.last_at, delay),
            When::TenantIdle(tenant_id) => {
                self.tenant_idle_at(tenant_id).map_or(sub.last_at, |idle| idle.max(sub.last_at))
            }
        }
    }

    fn next_event(&self, d: usize) -> Option<(Instant, Event)> {
        let dag = self.dags.get(d)?;
        match dag.state {
            State::Ready => Some((later(dag.ready_at, self.scaled(PICKUP_SECS)), Event::Pickup)),
            State::Running => {
                let node = dag.nodes.get(dag.current())?;
                match node.state {
                    State::Pending => Some((dag.cursor_at, Event::StartNode)),
                    State::Succeed => Some((dag.cursor_at, Event::NextStage)),
                    State::Running => node
                        .subs
                        .iter()
                        .enumerate()
                        .filter_map(|(k, sub)| match sub.state {
                            State::Ready => Some((later(sub.ready_at, self.scaled(READY_SECS)), Event::Run(k))),
                            State::Running => {
                                let timeout_at = later(sub.start, self.scaled(SUB_TASK_TIMEOUT_SECS));
                                match sub.plan.front().map(|p| self.due(sub, p)) {
                                    Some(at) if at <= timeout_at => Some((at, Event::Act(k))),
                                    _ => Some((timeout_at, Event::Timeout(k))),
                                }
                            }
                            _ => None,
                        })
                        .min_by_key(|(at, _)| *at),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn apply(&mut self, d: usize, at: Instant, event: Event) {
        match event {
            Event::Pickup => self.pickup(d, at),
            Event::StartNode => self.start_node(d, at),
            Event::Run(k) => self.run_sub(d, k, at),
            Event::Act(k) => self.act(d, k, at),
            Event::Timeout(k) => {
                let line = error_line(error_code::UNEXPECTED, "sub task timeout");
                self.finish_sub(d, k, at, Some(line));
            }
            Event::NextStage => self.step_stage(d, at),
        }
    }

    fn pickup(&mut self, d: usize, at: Instant) {
        let Some(dag) = self.dags.get_mut(d) else { return };
        // The scheduler sets the start time only; `end_time` keeps its old value while running.
        dag.state = State::Running;
        dag.start = at;
        dag.cursor_at = at;
        if dag.operator != Operator::Cancel {
            return;
        }
        // Cancelling: the node marked PENDING/CANCEL fails with operator CANCEL, and so does
        // the DAG (reference §4.5). Failed sub-tasks get a log line: obshell's clients read
        // the last one.
        if let Some(node) =
            dag.nodes.iter_mut().find(|n| n.operator == Operator::Cancel && n.state == State::Pending)
        {
            node.state = State::Failed;
            node.start = at;
            node.end = at;
            for sub in node.subs.iter_mut().filter(|s| s.state != State::Succeed) {
                sub.state = State::Failed;
                sub.operator = Operator::Cancel;
                sub.start = at;
                sub.end = at;
                sub.plan.clear();
                sub.logs.push(LogLine {
                    id: next(&mut self.ids.log),
                    execute_times: sub.execute_times,
                    at,
                    text: error_line(error_code::UNEXPECTED, "context canceled"),
                });
            }
        }
        dag.state = State::Failed;
        dag.end = at;
    }

    fn start_node(&mut self, d: usize, at: Instant) {
        let Some(dag) = self.dags.get_mut(d) else { return };
        let rollback = dag.operator == Operator::Rollback;
        let current = dag.current();
        let Some(node) = dag.nodes.get_mut(current) else { return };
        // A running node shows end == start (reference §4.6).
        node.state = State::Running;
        node.start = at;
        node.end = at;
        let mut any = false;
        for sub in node.subs.iter_mut().filter(|s| rollback || s.state != State::Succeed) {
            sub.state = State::Ready;
            sub.operator = node.operator.clone();
            sub.ready_at = at;
            any = true;
        }
        if !any {
            self.node_done(d, at);
        }
    }

    fn run_sub(&mut self, d: usize, k: usize, at: Instant) {
        let Some(dag) = self.dags.get(d) else { return };
        let current = dag.current();
        let Some(node) = dag.nodes.get(current) else { return };
        let Some(sub) = node.subs.get(k) else { return };
        let rollback = dag.operator == Operator::Rollback;
        let execute_times = sub.execute_times.saturating_add(1);
        let stage = u32::try_from(current + 1).unwrap_or(u32::MAX);
        // fail-at-stage-N: the first execution of that stage fails; for a parallel node only
        // the last agent's sub-task does.
        let inject_failure = self.scenario == Scenario::FailAtStage(stage)
            && matches!(dag.kind, DagKind::Backup { .. })
            && !rollback
            && execute_times == 1
            && (!node.step.parallel() || k + 1 == node.subs.len());
        let exec = Execution {
            kind: &dag.kind,
            step: node.step,
            rollback,
            inject_failure,
            agent: format!("{}:{}", sub.agent.ip, sub.agent.port),
            now: at,
        };
        let plan = plans::plan(self, &exec);
        let Some(sub) = self.sub_mut(d, k) else { return };
        sub.state = State::Running;
        sub.start = at;
        sub.end = at;
        sub.execute_times = execute_times;
        sub.last_at = at;
        sub.plan = plan;
    }

    fn sub_mut(&mut self, d: usize, k: usize) -> Option<&mut SubTask> {
        let dag = self.dags.get_mut(d)?;
        let current = dag.current();
        dag.nodes.get_mut(current)?.subs.get_mut(k)
    }

    fn act(&mut self, d: usize, k: usize, at: Instant) {
        let Some(sub) = self.sub_mut(d, k) else { return };
        let Some(planned) = sub.plan.pop_front() else { return };
        sub.last_at = at;
        match planned.action {
            Action::Log(text) => self.log(d, k, at, text),
            Action::BulkLogs { label } => {
                let bulk = self.bulk;
                let total = bulk.log_lines;
                for i in 1..=total {
                    self.log(d, k, at, format!("Wait {label} backup finish: poll {i}/{total}, CDB_OB_BACKUP_JOBS not empty"));
                }
                if let Some(bytes) = bulk.long_line_bytes {
                    let head = format!("{label} backup job comment: ");
                    let fill = bytes.saturating_sub(head.len());
                    self.log(d, k, at, format!("{head}{}", "x".repeat(fill)));
                }
            }
            Action::CreateJob { tenant_id } => {
                if let Some(DagKind::Backup { mode, encrypted, plus_archive, .. }) = self.dags.get(d).map(|g| g.kind.clone()) {
                    self.create_job(tenant_id, mode, encrypted, plus_archive, at);
                }
            }
            Action::OpenArchive { tenant_id } => {
                if let Some(tenant) = self.tenant_mut(tenant_id) {
                    // A suspended archive resumes its round; a stopped one opens a new one.
                    if tenant.archive.status == "SUSPEND" {
                        tenant.archive.status = "DOING";
                    } else {
                        tenant.archive.open(at);
                    }
                }
            }
            Action::CancelJobs { tenant_ids } => self.cancel_jobs(&tenant_ids, at),
            Action::ApplyConfig { base } => plans::apply_config(self, &base),
            Action::Succeed => self.finish_sub(d, k, at, None),
            Action::Fail(line) => self.finish_sub(d, k, at, Some(line)),
        }
    }

    fn log(&mut self, d: usize, k: usize, at: Instant, text: String) {
        let id = next(&mut self.ids.log);
        if let Some(sub) = self.sub_mut(d, k) {
            sub.logs.push(LogLine { id, execute_times: sub.execute_times, at, text });
        }
    }

    /// A sub-task ends; `error` is its last log line if it failed.
    fn finish_sub(&mut self, d: usize, k: usize, at: Instant, error: Option<String>) {
        let failed = error.is_some();
        if let Some(line) = error {
            self.log(d, k, at, line);
        }
        let Some(sub) = self.sub_mut(d, k) else { return };
        sub.state = if failed { State::Failed } else { State::Succeed };
        sub.end = at;
        sub.plan.clear();
        self.node_done(d, at);
    }

    /// When every sub-task of the current node has ended, end the node and the DAG or stage.
    fn node_done(&mut self, d: usize, at: Instant) {
        let Some(dag) = self.dags.get_mut(d) else { return };
        let current = dag.current();
        let Some(node) = dag.nodes.get_mut(current) else { return };
        if !node.subs.iter().all(|s| s.state.is_terminal()) {
            return;
        }
        node.end = at;
        if node.subs.iter().any(|s| s.state == State::Failed) {
            // The DAG fails with `stage` still at the failed node.
            node.state = State::Failed;
            dag.state = State::Failed;
            dag.end = at;
        } else {
            node.state = State::Succeed;
            self.step_stage(d, at);
        }
    }

    /// Forward: the next stage, or SUCCEED after the last. Rollback counts down to stage 1.
    fn step_stage(&mut self, d: usize, at: Instant) {
        let Some(dag) = self.dags.get_mut(d) else { return };
        let max_stage = u32::try_from(dag.nodes.len()).unwrap_or(u32::MAX);
        let more = if dag.operator == Operator::Rollback { dag.stage > 1 } else { dag.stage < max_stage };
        if more {
            if dag.operator == Operator::Rollback {
                dag.stage -= 1;
            } else {
                dag.stage += 1;
            }
            dag.cursor_at = at;
        } else {
            dag.state = State::Succeed;
            dag.end = at;
        }
    }

    /// POST `/task/dag/:id` (reference §4.5 operators).
    pub fn operate_dag(&mut self, d: usize, op: DagOperator, now: Instant) -> Result<(), ObError> {
        let Some(dag) = self.dags.get_mut(d) else { return Err(task_not_found()) };
        match op {
            DagOperator::Retry => {
                if dag.state != State::Failed {
                    return Err(ObError::new(
                        error_code::DAG_RETRY_NOT_FAILED,
                        "Failed to set DAG retry: DAG state is not failed",
                    ));
                }
                let current = dag.current();
                if let Some(node) = dag.nodes.get_mut(current) {
                    reset_node(node, Operator::Retry);
                    for sub in node.subs.iter_mut().filter(|s| s.state != State::Succeed) {
                        reset_sub(sub, Operator::Retry);
                    }
                }
                make_ready(dag, Operator::Run, now);
            }
            DagOperator::Rollback => {
                if dag.state != State::Failed {
                    return Err(ObError::new(
                        error_code::DAG_ROLLBACK_NOT_FAILED,
                        "Failed to set DAG rollback: DAG state is not failed",
                    ));
                }
                let current = dag.current();
                for node in dag.nodes.iter_mut().take(current + 1).filter(|n| n.state.is_terminal()) {
                    reset_node(node, Operator::Rollback);
                }
                make_ready(dag, Operator::Rollback, now);
            }
            DagOperator::Cancel => {
                if dag.is_finished() {
                    return Err(ObError::new(
                        error_code::DAG_CANCEL_FINISHED,
                        "Failed to cancel DAG: DAG is finished",
                    ));
                }
                // The current node is the first one not finished.
                let last = dag.nodes.len().saturating_sub(1);
                let current = dag.nodes.iter().position(|n| !n.state.is_terminal()).unwrap_or(last);
                if let Some(node) = dag.nodes.get_mut(current) {
                    reset_node(node, Operator::Cancel);
                    for sub in node.subs.iter_mut().filter(|s| !s.state.is_terminal()) {
                        reset_sub(sub, Operator::Cancel);
                    }
                }
                make_ready(dag, Operator::Cancel, now);
            }
            DagOperator::Pass => {
                if dag.state != State::Failed {
                    return Err(ObError::new(
                        error_code::DAG_PASS_NOT_FAILED,
                        "Failed to pass DAG: DAG is not failed",
                    ));
                }
                let from = dag.nodes.iter().position(|n| n.state == State::Failed).unwrap_or(dag.current());
                for node in dag.nodes.iter_mut().skip(from) {
                    pass_node(node, now);
                }
                // obshell's operator update also zeroes start_time here.
                dag.state = State::Succeed;
                dag.operator = Operator::Pass;
                dag.start = epoch();
                dag.end = now;
            }
        }
        Ok(())
    }

    /// POST `/task/node/:id` with `pass`: the failed node succeeds and the DAG runs on.
    pub fn pass_failed_node(&mut self, d: usize, n: usize, now: Instant) -> Result<(), ObError> {
        let Some(dag) = self.dags.get_mut(d) else { return Err(task_not_found()) };
        if dag.state != State::Failed {
            return Err(ObError::new(
                error_code::NODE_PASS_NOT_FAILED_DAG,
                "Failed to pass node: DAG is not failed",
            ));
        }
        let Some(node) = dag.nodes.get_mut(n) else { return Err(task_not_found()) };
        if node.state != State::Failed {
            return Err(ObError::new(
                error_code::NODE_PASS_NOT_FAILED_NODE,
                "Failed to pass node: node is not failed",
            ));
        }
        pass_node(node, now);
        make_ready(dag, Operator::Run, now);
        Ok(())
    }
}

fn reset_node(node: &mut Node, operator: Operator) {
    node.state = State::Pending;
    node.operator = operator;
    node.start = epoch();
    node.end = epoch();
}

fn reset_sub(sub: &mut SubTask, operator: Operator) {
    sub.state = State::Pending;
    sub.operator = operator;
    sub.start = epoch();
    sub.end = epoch();
    sub.plan.clear();
}

fn pass_node(node: &mut Node, now: Instant) {
    node.state = State::Succeed;
    node.operator = Operator::Pass;
    node.end = now;
    for sub in node.subs.iter_mut().filter(|s| s.state != State::Succeed) {
        sub.state = State::Succeed;
        sub.operator = Operator::Pass;
        sub.end = now;
        sub.plan.clear();
    }
}

/// retry, rollback, cancel and node pass put the DAG back to READY with its times reset.
fn make_ready(dag: &mut Dag, operator: Operator, now: Instant) {
    dag.state = State::Ready;
    dag.operator = operator;
    dag.start = epoch();
    dag.end = epoch();
    dag.ready_at = now;
}

pub(crate) fn task_not_found() -> ObError {
    ObError::new(error_code::TASK_NOT_FOUND, "Task not found: record not found")
}

/// Parse a generic id and find the row, with obshell's errors (reference §4.4): a bad id is
/// 400, an unknown one 404, and one that does not re-derive to itself (`"10123"`) 404.
fn lookup<T>(text: &str, what: &str, find: impl FnOnce(i64) -> Option<T>) -> Result<T, ObError> {
    let invalid = || ObError::new(error_code::GENERIC_ID_INVALID, format!("Invalid ID: {text}"));
    let raw = match text.parse::<GenericId>().map_err(|_| invalid())? {
        GenericId::Cluster(raw) => i64::try_from(raw).map_err(|_| task_not_found())?,
        // Local and obproxy tasks: this agent has none.
        GenericId::Local { .. } => return Err(task_not_found()),
    };
    let found = find(raw).ok_or_else(task_not_found)?;
    if GenericId::cluster(raw.unsigned_abs()).to_string() != text {
        return Err(ObError::new(error_code::TASK_NOT_FOUND, format!("Task not found: {what} id not match")));
    }
    Ok(found)
}

impl World {
    pub fn find_dag(&self, text: &str) -> Result<usize, ObError> {
        lookup(text, "dag", |raw| self.dags.iter().position(|g| g.id == raw))
    }

    pub fn find_node(&self, text: &str) -> Result<(usize, usize), ObError> {
        lookup(text, "node", |raw| {
            self.dags.iter().enumerate().find_map(|(d, g)| {
                g.nodes.iter().position(|n| n.id == raw).map(|n| (d, n))
            })
        })
    }

    pub fn find_sub_task(&self, text: &str) -> Result<(usize, usize, usize), ObError> {
        lookup(text, "sub task", |raw| {
            self.dags.iter().enumerate().find_map(|(d, g)| {
                g.nodes.iter().enumerate().find_map(|(n, node)| {
                    node.subs.iter().position(|s| s.id == raw).map(|k| (d, n, k))
                })
            })
        })
    }
}

/// Renders the model as obshell's DTOs, in the agent's zone with microsecond precision (the
/// `TIMESTAMP(6)` columns of reference §4.6).
#[derive(Debug, Clone, Copy)]
pub(crate) struct View {
    pub offset: FixedOffset,
    /// The agent's clock skew (`crate::skew`), added to every time shown.
    pub skew: chrono::Duration,
}

type Data = Option<serde_json::Map<String, serde_json::Value>>;

/// obshell merges `additional_data` upward; merging two or more entries always allocates a
/// map, so a backup DAG shows `{}` while every node and sub-task inside shows `null`
/// (reference §4.7).
fn merge(values: Vec<Data>) -> Data {
    match values.len() {
        0 => None,
        1 => values.into_iter().next().flatten(),
        _ => Some(values.into_iter().flatten().flatten().collect()),
    }
}

impl View {
    pub fn time(&self, at: Instant) -> Option<ObTime> {
        Some(ObTime(self.skewed(at).trunc_subsecs(6).with_timezone(&self.offset)))
    }

    /// A time by the agent's skewed clock; the epoch sentinel of reset tasks is a constant
    /// (`time.Unix(0, 0)`), not a reading of the clock, so it stays.
    pub fn skewed(&self, at: Instant) -> Instant {
        if at == epoch() {
            return at;
        }
        at.checked_add_signed(self.skew).unwrap_or(at)
    }

    /// A time as Go prints it untruncated (backup job rows).
    pub fn text(&self, at: Instant) -> String {
        ObTime(self.skewed(at).with_timezone(&self.offset)).to_go_string()
    }

    /// `TaskDetailDTO`; a sub-task is named after its node.
    pub fn sub_task(&self, sub: &SubTask, name: &str) -> SubTaskDetail {
        // Logs are filled only for RUNNING, SUCCEED and FAILED sub-tasks (reference §4.3).
        let logs = matches!(sub.state, State::Running | State::Succeed | State::Failed)
            .then(|| sub.logs.iter().map(|l| l.text.clone()).collect());
        SubTaskDetail {
            id: GenericId::cluster(sub.id.unsigned_abs()).to_string(),
            task_id: sub.id,
            name: name.to_string(),
            state: sub.state.clone(),
            operator: sub.operator.clone(),
            start_time: self.time(sub.start),
            end_time: self.time(sub.end),
            additional_data: None,
            execute_times: sub.execute_times,
            execute_agent: sub.agent.clone(),
            task_logs: logs,
        }
    }

    /// `NodeDetailDTO` with its own merged `additional_data` (GET `/task/node/:id`).
    pub fn node(&self, node: &Node) -> NodeDetail {
        let subs: Vec<SubTaskDetail> = node.subs.iter().map(|s| self.sub_task(s, node.step.name())).collect();
        NodeDetail {
            id: GenericId::cluster(node.id.unsigned_abs()).to_string(),
            node_id: node.id,
            name: node.step.name().to_string(),
            state: node.state.clone(),
            operator: node.operator.clone(),
            start_time: self.time(node.start),
            end_time: self.time(node.end),
            additional_data: merge(subs.iter().map(|s| s.additional_data.clone()).collect()),
            sub_tasks: subs.into_iter().map(Arc::new).collect(),
        }
    }

    /// `DagDetailDTO`; `details` = `show_details`.
    pub fn dag(&self, dag: &Dag, details: bool) -> DagDetail {
        let (additional_data, nodes) = if details {
            let mut nodes: Vec<NodeDetail> = dag.nodes.iter().map(|n| self.node(n)).collect();
            let data = merge(nodes.iter().map(|n| n.additional_data.clone()).collect());
            for node in &mut nodes {
                node.additional_data = None;
            }
            (data, Some(nodes.into_iter().map(Arc::new).collect()))
        } else {
            (None, None)
        };
        DagDetail {
            id: dag.generic_id(),
            dag_id: dag.id,
            name: dag.kind.name(),
            stage: dag.stage,
            max_stage: u32::try_from(dag.nodes.len()).unwrap_or(u32::MAX),
            // Backup DAGs are not maintenance DAGs (reference §7).
            maintenance_type: 1,
            maintenance_key: String::new(),
            state: dag.state.clone(),
            operator: dag.operator.clone(),
            start_time: self.time(dag.start),
            end_time: self.time(dag.end),
            additional_data,
            nodes,
        }
    }

    /// The DAG as the create call returns it: `additional_data` and `nodes` null. Its times:
    /// obshell returns the struct GORM just inserted, whose times the reference infers to be
    /// Go's zero time; the sim shows the creation time instead, as the API docs' example does
    /// (reference §4.6).
    pub fn created(&self, dag: &Dag) -> DagDetail {
        self.dag(dag, false)
    }
}
