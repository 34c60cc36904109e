//! Task DAGs (`ob/agent/engine/task/task_dto.go`) and the rules every view of them needs.
//!
//! The one rule that matters most: started/finished come from `state`, never from timestamps.
//! Running nodes have `end_time == start_time`, pending ones show their creation time, reset
//! ones the epoch, and a freshly created DAG may carry Go's zero time.

use crate::time::{lenient, ObTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)*
            /// A value this version does not know (a newer obshell): kept, shown as-is.
            Unknown(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Unknown(text) => text,
                }
            }

            pub fn parse(text: &str) -> Self {
                match text {
                    $($text => $name::$variant,)*
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Anything that is not a string (a number from a future obshell, null) is kept
                // as Unknown rather than failing the whole DAG.
                Ok(match serde_json::Value::deserialize(d)? {
                    serde_json::Value::String(text) => $name::parse(&text),
                    other => $name::Unknown(other.to_string()),
                })
            }
        }
    };
}

wire_enum! {
    /// `state` of a DAG, node or sub-task.
    State { Pending = "PENDING", Ready = "READY", Running = "RUNNING", Failed = "FAILED", Succeed = "SUCCEED" }
}

wire_enum! {
    /// `operator` of a DAG, node or sub-task: what the scheduler is doing with it.
    Operator { Run = "RUN", Retry = "RETRY", Rollback = "ROLLBACK", Cancel = "CANCEL", Pass = "PASS" }
}

impl State {
    /// SUCCEED or FAILED: nothing more will happen without an operator.
    pub fn is_terminal(&self) -> bool {
        matches!(self, State::Succeed | State::Failed)
    }

    /// The step has begun executing (its start time is real).
    pub fn has_started(&self) -> bool {
        matches!(self, State::Running | State::Succeed | State::Failed)
    }
}

/// `{ip, port}` of the agent that executes a sub-task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ExecuteAgent {
    #[serde(default)]
    pub ip: String,
    #[serde(default)]
    pub port: u32,
}

impl fmt::Display for ExecuteAgent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ip.contains(':') {
            write!(f, "[{}]:{}", self.ip, self.port)
        } else {
            write!(f, "{}:{}", self.ip, self.port)
        }
    }
}

/// `TaskDetailDTO`: one sub-task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubTaskDetail {
    pub id: String,
    #[serde(default)]
    pub task_id: i64,
    #[serde(default)]
    pub name: String,
    pub state: State,
    pub operator: Operator,
    #[serde(with = "lenient", default)]
    pub start_time: Option<ObTime>,
    #[serde(with = "lenient", default)]
    pub end_time: Option<ObTime>,
    #[serde(default)]
    pub additional_data: Option<serde_json::Map<String, serde_json::Value>>,
    /// 0 at creation, 1 on the first run, +1 per retry or rollback.
    #[serde(default)]
    pub execute_times: u32,
    #[serde(default)]
    pub execute_agent: ExecuteAgent,
    /// Filled only while RUNNING, SUCCEED or FAILED.
    #[serde(default)]
    pub task_logs: Option<Vec<String>>,
}

/// `NodeDetailDTO`: one stage. Its position in `nodes` is its stage; it has no stage field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeDetail {
    pub id: String,
    #[serde(default)]
    pub node_id: i64,
    #[serde(default)]
    pub name: String,
    pub state: State,
    pub operator: Operator,
    #[serde(with = "lenient", default)]
    pub start_time: Option<ObTime>,
    #[serde(with = "lenient", default)]
    pub end_time: Option<ObTime>,
    #[serde(default)]
    pub additional_data: Option<serde_json::Map<String, serde_json::Value>>,
    /// Shared, so that a view can keep a sub-task that did not change between two polls
    /// without copying it (see [`DagDetail::share_unchanged`]).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub sub_tasks: Vec<Arc<SubTaskDetail>>,
}

/// `DagDetailDTO`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DagDetail {
    /// Generic id, see [`crate::GenericId`].
    pub id: String,
    #[serde(default)]
    pub dag_id: i64,
    #[serde(default)]
    pub name: String,
    /// 1-based index of the current node.
    #[serde(default)]
    pub stage: u32,
    #[serde(default)]
    pub max_stage: u32,
    #[serde(default)]
    pub maintenance_type: i32,
    #[serde(default)]
    pub maintenance_key: String,
    pub state: State,
    pub operator: Operator,
    #[serde(with = "lenient", default)]
    pub start_time: Option<ObTime>,
    #[serde(with = "lenient", default)]
    pub end_time: Option<ObTime>,
    #[serde(default)]
    pub additional_data: Option<serde_json::Map<String, serde_json::Value>>,
    /// `null` unless details are shown; ordered by stage. Shared like the sub-tasks.
    #[serde(default)]
    pub nodes: Option<Vec<Arc<NodeDetail>>>,
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Operators of `POST /api/v1/task/dag/:id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DagOperator {
    Retry,
    Rollback,
    Cancel,
    Pass,
}

impl DagOperator {
    pub const ALL: [DagOperator; 4] =
        [DagOperator::Retry, DagOperator::Rollback, DagOperator::Cancel, DagOperator::Pass];

    /// The wire spelling (obshell lower-cases it, so any case is accepted).
    pub fn as_str(self) -> &'static str {
        match self {
            DagOperator::Retry => "retry",
            DagOperator::Rollback => "rollback",
            DagOperator::Cancel => "cancel",
            DagOperator::Pass => "pass",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        DagOperator::ALL.into_iter().find(|op| op.as_str().eq_ignore_ascii_case(text))
    }
}

/// Body of `POST /api/v1/task/dag/:id` and `/task/node/:id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorBody {
    pub operator: String,
}

impl OperatorBody {
    pub fn new(op: DagOperator) -> Self {
        OperatorBody { operator: op.as_str().to_string() }
    }
}

/// A step's place on a time axis, decided from its state first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Not started (PENDING/READY or unknown): no bar.
    NotStarted,
    /// Running since `start` (Unix ms); the bar grows until now.
    Running { start: i64 },
    /// Finished between `start` and `end` (Unix ms, `end >= start`).
    Finished { start: i64, end: i64 },
    /// Started or finished per its state, but its times are sentinels or inverted: show the
    /// state without a bar rather than an absurd one.
    Unknown,
}

impl Span {
    pub fn of(state: &State, start: Option<ObTime>, end: Option<ObTime>) -> Span {
        let real = |t: Option<ObTime>| t.filter(ObTime::is_set).map(|t| t.unix_millis());
        match state {
            State::Running => match real(start) {
                Some(start) => Span::Running { start },
                None => Span::Unknown,
            },
            State::Succeed | State::Failed => match (real(start), real(end)) {
                (Some(start), Some(end)) if end >= start => Span::Finished { start, end },
                _ => Span::Unknown,
            },
            _ => Span::NotStarted,
        }
    }

    /// Milliseconds from start to end (or to `now` if running); never negative.
    pub fn duration_ms(&self, now_ms: i64) -> Option<i64> {
        match *self {
            Span::Running { start } => Some((now_ms - start).max(0)),
            Span::Finished { start, end } => Some(end - start),
            _ => None,
        }
    }

    /// `(start, end)` clamped so a running bar ends at now and never before its start.
    pub fn bounds(&self, now_ms: i64) -> Option<(i64, i64)> {
        match *self {
            Span::Running { start } => Some((start, now_ms.max(start))),
            Span::Finished { start, end } => Some((start, end)),
            _ => None,
        }
    }
}

impl SubTaskDetail {
    pub fn span(&self) -> Span {
        Span::of(&self.state, self.start_time, self.end_time)
    }

    pub fn logs(&self) -> &[String] {
        self.task_logs.as_deref().unwrap_or(&[])
    }
}

impl NodeDetail {
    pub fn span(&self) -> Span {
        Span::of(&self.state, self.start_time, self.end_time)
    }

    /// The last `ERROR:` line among its failed sub-tasks, else their last log line.
    pub fn last_error_line(&self) -> Option<&str> {
        let failed = || self.sub_tasks.iter().filter(|t| t.state == State::Failed);
        failed()
            .flat_map(|t| t.logs().iter().rev())
            .find(|line| line.starts_with("ERROR"))
            .or_else(|| failed().filter_map(|t| t.logs().last()).next())
            .map(String::as_str)
    }
}

impl DagDetail {
    pub fn is_finished(&self) -> bool {
        self.state.is_terminal()
    }

    pub fn nodes(&self) -> &[Arc<NodeDetail>] {
        self.nodes.as_deref().unwrap_or(&[])
    }

    pub fn span(&self) -> Span {
        Span::of(&self.state, self.start_time, self.end_time)
    }

    /// When this backup DAG's OceanBase jobs started: `(start, end)` in Unix ms, `end` `None`
    /// while open. The "Start backup" stage's span once it finished, else the DAG's own;
    /// `None` when neither has real times (reset by a retry), so nothing can be told apart.
    pub fn backup_jobs_window(&self) -> Option<(i64, Option<i64>)> {
        let stage = self.nodes().iter().find(|n| n.name == START_BACKUP_STAGE).map(|n| n.span());
        match stage {
            Some(Span::Finished { start, end }) => Some((start, Some(end))),
            _ => match self.span() {
                Span::Running { start } => Some((start, None)),
                Span::Finished { start, end } => Some((start, Some(end))),
                _ => None,
            },
        }
    }

    /// The node at `stage` (1-based), if the response carried nodes and the stage is sane.
    pub fn current_node(&self) -> Option<&NodeDetail> {
        let index = usize::try_from(self.stage).ok()?.checked_sub(1)?;
        self.nodes().get(index).map(|n| &**n)
    }

    /// The failed node: the first FAILED one (obshell's own clients pick it the same way).
    pub fn failed_node(&self) -> Option<(usize, &NodeDetail)> {
        self.nodes().iter().map(|n| &**n).enumerate().find(|(_, n)| n.state == State::Failed)
    }

    /// A cancelled DAG ends FAILED with operator CANCEL.
    pub fn was_cancelled(&self) -> bool {
        self.state == State::Failed && self.operator == Operator::Cancel
    }

    /// Which DAG operators obshell accepts now: retry/rollback/pass need FAILED, cancel needs
    /// "not finished".
    pub fn allowed_operators(&self) -> Vec<DagOperator> {
        match self.state {
            State::Failed => vec![DagOperator::Retry, DagOperator::Rollback, DagOperator::Pass],
            State::Succeed => vec![],
            _ => vec![DagOperator::Cancel],
        }
    }

    pub fn allows(&self, op: DagOperator) -> bool {
        self.allowed_operators().contains(&op)
    }

    /// Node-level pass needs a FAILED DAG and a FAILED node.
    pub fn node_can_pass(&self, node: &NodeDetail) -> bool {
        self.state == State::Failed && node.state == State::Failed
    }

    /// The time axis covering every step with a real span: `(first start, last end or now)`.
    pub fn axis(&self, now_ms: i64) -> Option<(i64, i64)> {
        let spans = std::iter::once(self.span()).chain(self.nodes().iter().map(|n| n.span()));
        spans.filter_map(|s| s.bounds(now_ms)).fold(None, |acc, (s, e)| match acc {
            None => Some((s, e)),
            Some((a, b)) => Some((a.min(s), b.max(e))),
        })
    }

    /// Take over, from the `previous` answer for the same DAG, every node and sub-task that
    /// did not change, so that they are the same allocations (`Arc::ptr_eq`) as before. A view
    /// can then tell what changed between two polls by pointer, and keep the rest, instead of
    /// copying and comparing a thousand sub-tasks and their logs at every poll.
    /// Matching is by position and id: obshell keeps the order of nodes and sub-tasks.
    pub fn share_unchanged(&mut self, previous: &DagDetail) {
        let (Some(nodes), Some(old_nodes)) = (self.nodes.as_mut(), previous.nodes.as_ref()) else { return };
        for (node, old) in nodes.iter_mut().zip(old_nodes) {
            if node.id != old.id {
                continue;
            }
            if **node == **old {
                *node = Arc::clone(old);
                continue;
            }
            // The node changed; keep the sub-tasks that did not.
            let node = Arc::make_mut(node);
            for (task, old_task) in node.sub_tasks.iter_mut().zip(&old.sub_tasks) {
                if task.id == old_task.id && **task == **old_task {
                    *task = Arc::clone(old_task);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Option<ObTime> {
        ObTime::parse(text)
    }

    #[test]
    fn unknown_values_survive() {
        let s: State = serde_json::from_str(r#""PAUSED""#).unwrap();
        assert_eq!(s, State::Unknown("PAUSED".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""PAUSED""#);
        let o: Operator = serde_json::from_str("7").unwrap();
        assert_eq!(o, Operator::Unknown("7".into()));
        assert!(!State::Unknown("X".into()).is_terminal());
    }

    #[test]
    fn spans_come_from_state_not_times() {
        let created = t("2026-05-08T17:06:47.52391+08:00");
        // Pending steps show their creation time: still no bar.
        assert_eq!(Span::of(&State::Pending, created, created), Span::NotStarted);
        // A running node has end == start: the bar runs to now.
        let running = Span::of(&State::Running, created, created);
        let start = created.unwrap().unix_millis();
        assert_eq!(running, Span::Running { start });
        assert_eq!(running.duration_ms(start + 5_000), Some(5_000));
        // A clock behind the agent never yields a negative duration.
        assert_eq!(running.duration_ms(start - 5_000), Some(0));
        // Reset and zero times with a finished state: no absurd bar.
        let epoch = t("1970-01-01T08:00:00+08:00");
        assert_eq!(Span::of(&State::Failed, epoch, created), Span::Unknown);
        assert_eq!(Span::of(&State::Succeed, Some(ObTime::go_zero()), created), Span::Unknown);
        // Inverted times are refused too.
        let later = t("2026-05-08T17:07:47+08:00");
        assert_eq!(Span::of(&State::Succeed, later, created), Span::Unknown);
    }

    #[test]
    fn backup_jobs_window_prefers_the_start_backup_stage() {
        let ms = |text: &str| t(text).unwrap().unix_millis();
        let stage = |state: State, start: &str, end: &str| {
            let mut n = (*node("3", vec![])).clone();
            (n.name, n.state, n.start_time, n.end_time) = (START_BACKUP_STAGE.into(), state, t(start), t(end));
            Arc::new(n)
        };
        let mut dag = dag_of(vec![stage(State::Succeed, "2026-11-25T10:00:08+08:00", "2026-11-25T10:00:09+08:00")]);
        (dag.start_time, dag.end_time) = (t("2026-11-25T10:00:00+08:00"), t("2026-11-25T10:00:00+08:00"));
        assert_eq!(
            dag.backup_jobs_window(),
            Some((ms("2026-11-25T10:00:08+08:00"), Some(ms("2026-11-25T10:00:09+08:00")))),
            "jobs start while \"Start backup\" runs"
        );
        // Before that stage has finished: the DAG's own span, open while it runs.
        dag.nodes = Some(vec![stage(State::Running, "2026-11-25T10:00:08+08:00", "2026-11-25T10:00:08+08:00")]);
        assert_eq!(dag.backup_jobs_window(), Some((ms("2026-11-25T10:00:00+08:00"), None)));
        (dag.state, dag.end_time) = (State::Failed, t("2026-11-25T10:05:00+08:00"));
        assert_eq!(dag.backup_jobs_window(), Some((ms("2026-11-25T10:00:00+08:00"), Some(ms("2026-11-25T10:05:00+08:00")))));
        // Times reset by a retry: nothing to tell jobs apart by.
        dag.start_time = t("1970-01-01T08:00:00+08:00");
        assert_eq!(dag.backup_jobs_window(), None);
    }

    #[test]
    fn operators_by_state() {
        let mut dag = dag_of(vec![]);
        dag.nodes = None;
        assert_eq!(dag.allowed_operators(), vec![DagOperator::Cancel]);
        dag.state = State::Ready;
        assert!(dag.allows(DagOperator::Cancel));
        dag.state = State::Failed;
        assert_eq!(
            dag.allowed_operators(),
            vec![DagOperator::Retry, DagOperator::Rollback, DagOperator::Pass]
        );
        dag.state = State::Succeed;
        assert!(dag.allowed_operators().is_empty());
        assert!(dag.current_node().is_none());
        dag.stage = 0;
        assert!(dag.current_node().is_none());
    }

    fn sub_task(id: &str, logs: &[&str]) -> Arc<SubTaskDetail> {
        Arc::new(SubTaskDetail {
            id: id.into(),
            task_id: 0,
            name: format!("task {id}"),
            state: State::Running,
            operator: Operator::Run,
            start_time: None,
            end_time: None,
            additional_data: None,
            execute_times: 1,
            execute_agent: ExecuteAgent::default(),
            task_logs: Some(logs.iter().map(|l| l.to_string()).collect()),
        })
    }

    fn node(id: &str, sub_tasks: Vec<Arc<SubTaskDetail>>) -> Arc<NodeDetail> {
        Arc::new(NodeDetail {
            id: id.into(),
            node_id: 0,
            name: format!("node {id}"),
            state: State::Running,
            operator: Operator::Run,
            start_time: None,
            end_time: None,
            additional_data: None,
            sub_tasks,
        })
    }

    fn dag_of(nodes: Vec<Arc<NodeDetail>>) -> DagDetail {
        DagDetail {
            id: "11".into(),
            dag_id: 1,
            name: "n".into(),
            stage: 1,
            max_stage: 2,
            maintenance_type: 1,
            maintenance_key: String::new(),
            state: State::Running,
            operator: Operator::Run,
            start_time: None,
            end_time: None,
            additional_data: None,
            nodes: Some(nodes),
        }
    }

    /// A fresh copy, as a new poll decodes it: equal, but no allocation shared.
    fn decoded_again(dag: &DagDetail) -> DagDetail {
        serde_json::from_str(&serde_json::to_string(dag).unwrap()).unwrap()
    }

    #[test]
    fn share_unchanged_keeps_what_did_not_change() {
        let before = dag_of(vec![
            node("1", vec![sub_task("a", &["x"]), sub_task("b", &["y"])]),
            node("2", vec![sub_task("c", &[])]),
        ]);
        let mut after = decoded_again(&before);
        // Sub-task b logs one more line; node 2 is untouched.
        Arc::make_mut(&mut Arc::make_mut(&mut after.nodes.as_mut().unwrap()[0]).sub_tasks[1])
            .task_logs
            .as_mut()
            .unwrap()
            .push("z".into());
        let expected = after.clone();
        after.share_unchanged(&before);

        assert_eq!(after, expected, "sharing never changes a value");
        let (old, new) = (before.nodes(), after.nodes());
        assert!(Arc::ptr_eq(&old[1], &new[1]), "an unchanged node is the old allocation");
        assert!(!Arc::ptr_eq(&old[0], &new[0]), "a changed node is new");
        assert!(Arc::ptr_eq(&old[0].sub_tasks[0], &new[0].sub_tasks[0]), "its unchanged sub-task is kept");
        assert!(!Arc::ptr_eq(&old[0].sub_tasks[1], &new[0].sub_tasks[1]), "its changed sub-task is new");
    }

    #[test]
    fn share_unchanged_never_matches_across_ids() {
        let before = dag_of(vec![node("1", vec![sub_task("a", &[])])]);
        // Same content, other ids (another DAG, or obshell reordered): nothing is taken over.
        let mut after = dag_of(vec![node("9", vec![sub_task("a", &[])])]);
        after.share_unchanged(&before);
        assert!(!Arc::ptr_eq(&before.nodes()[0], &after.nodes()[0]));
        let mut renamed = decoded_again(&before);
        Arc::make_mut(&mut Arc::make_mut(&mut renamed.nodes.as_mut().unwrap()[0]).sub_tasks[0]).id = "b".into();
        renamed.share_unchanged(&before);
        assert!(!Arc::ptr_eq(&before.nodes()[0].sub_tasks[0], &renamed.nodes()[0].sub_tasks[0]));
        // No nodes before or now: nothing to do, nothing breaks.
        let mut bare = dag_of(vec![]);
        bare.nodes = None;
        bare.share_unchanged(&before);
        assert!(bare.nodes.is_none());
    }

    #[test]
    fn operator_parse_is_case_insensitive() {
        assert_eq!(DagOperator::parse("RETRY"), Some(DagOperator::Retry));
        assert_eq!(DagOperator::parse("Pass"), Some(DagOperator::Pass));
        assert_eq!(DagOperator::parse("skip"), None);
    }
}

/// One entry of `GET /api/v1/task/sub_task/:id/logs` (`{contents: [...]}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubTaskLog {
    #[serde(default)]
    pub id: i64,
    #[serde(default)]
    pub sub_task_id: i64,
    #[serde(default)]
    pub execute_times: u32,
    #[serde(default)]
    pub log_content: String,
    #[serde(default)]
    pub is_sync: bool,
    #[serde(with = "lenient", default)]
    pub create_time: Option<ObTime>,
    #[serde(with = "lenient", default)]
    pub update_time: Option<ObTime>,
}

/// The backup DAG's third stage: it issues `ALTER SYSTEM BACKUP`, so OceanBase's jobs of the
/// DAG start while it runs.
pub const START_BACKUP_STAGE: &str = "Start backup";

/// The backup DAG's last stage: it waits for OceanBase's backup jobs, and it is the one
/// obshell's 3600 s sub-task timeout hits on long backups.
pub const WAIT_BACKUP_STAGE: &str = "Wait backup Finish";

/// Names of the cluster backup DAG (`Obcluster start full backup`, `... increment backup`),
/// also with a ` for <tenant>` suffix on the tenant route.
pub fn is_backup_dag_name(name: &str) -> bool {
    name.starts_with("Obcluster start ") && name.contains(" backup")
}

/// Name of the DAG `POST`/`PATCH /obcluster/backup/config` starts.
pub const BACKUP_CONFIG_DAG_NAME: &str = "Set obcluster backup config";

/// What a backup DAG's name says: obshell puts the mode (`full` / `increment`) and, on the
/// tenant route, the tenant in it; the DAG itself carries neither.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupDagName {
    pub mode: Option<crate::BackupMode>,
    pub tenant: Option<String>,
}

impl BackupDagName {
    /// `None` for any DAG that is not a backup DAG. A word this panel does not know (a newer
    /// obshell) leaves `mode` empty instead of guessing.
    pub fn parse(name: &str) -> Option<BackupDagName> {
        let rest = name.strip_prefix("Obcluster start ")?;
        let (word, after) = rest.split_once(" backup")?;
        let mode = match word {
            "full" => Some(crate::BackupMode::Full),
            "increment" | "incremental" => Some(crate::BackupMode::Incremental),
            _ => None,
        };
        let tenant = after.strip_prefix(" for ").filter(|t| !t.is_empty()).map(str::to_string);
        Some(BackupDagName { mode, tenant })
    }
}

#[cfg(test)]
mod backup_dag_name_tests {
    use super::*;
    use crate::BackupMode;

    #[test]
    fn mode_and_tenant_come_from_the_name() {
        let full = BackupDagName::parse("Obcluster start full backup").unwrap();
        assert_eq!((full.mode, full.tenant), (Some(BackupMode::Full), None));
        let inc = BackupDagName::parse("Obcluster start increment backup for t1").unwrap();
        assert_eq!((inc.mode, inc.tenant.as_deref()), (Some(BackupMode::Incremental), Some("t1")));
        let odd = BackupDagName::parse("Obcluster start delta backup").unwrap();
        assert_eq!(odd.mode, None);
        assert_eq!(BackupDagName::parse(BACKUP_CONFIG_DAG_NAME), None);
        assert_eq!(BackupDagName::parse("Start obproxy"), None);
    }
}
