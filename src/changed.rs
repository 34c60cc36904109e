//! "Did it change?" by allocation, for memos over the polled DAG.
//!
//! Each poll decodes a new DAG, and [`obshell_api::DagDetail::share_unchanged`] hands every
//! node and sub-task that stayed the same back as the previous `Arc`. A memo holding such an
//! `Arc` then knows in one pointer comparison whether its part changed: no copy of a thousand
//! sub-tasks and their logs, no deep comparison, and no re-render of the rows that did not
//! change.

use obshell_api::SubTaskDetail;
use std::sync::Arc;

/// For `Memo::new_with_compare` over an `Arc<T>`: changed unless it is the same allocation.
pub fn arc<T>(old: Option<&Arc<T>>, new: Option<&Arc<T>>) -> bool {
    !matches!((old, new), (Some(a), Some(b)) if Arc::ptr_eq(a, b))
}

/// The same over an `Option<Arc<T>>`: two `None`s are unchanged too.
pub fn optional_arc<T>(old: Option<&Option<Arc<T>>>, new: Option<&Option<Arc<T>>>) -> bool {
    match (old, new) {
        (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
        (Some(None), Some(None)) => false,
        _ => true,
    }
}

/// For a memo over a sub-task that feeds its log view: changed only when the log lines are.
pub fn logs(old: Option<&Option<Arc<SubTaskDetail>>>, new: Option<&Option<Arc<SubTaskDetail>>>) -> bool {
    fn lines(s: &Option<Arc<SubTaskDetail>>) -> &[String] {
        s.as_deref().map_or(&[], SubTaskDetail::logs)
    }
    match (old, new) {
        (Some(Some(a)), Some(Some(b))) if Arc::ptr_eq(a, b) => false,
        (Some(a), Some(b)) => lines(a) != lines(b),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_allocation_is_unchanged() {
        let a = Arc::new(String::from("x"));
        let equal_copy = Arc::new(String::from("x"));
        assert!(!arc(Some(&a), Some(&Arc::clone(&a))));
        assert!(arc(Some(&a), Some(&equal_copy)), "an equal value in a new allocation is a change");
        assert!(arc(None, Some(&a)), "the first value is a change");

        assert!(!optional_arc(Some(&Some(Arc::clone(&a))), Some(&Some(a.clone()))));
        assert!(!optional_arc::<String>(Some(&None), Some(&None)));
        assert!(optional_arc(Some(&None), Some(&Some(a.clone()))));
        assert!(optional_arc(Some(&Some(a)), Some(&None)));
        assert!(optional_arc::<String>(None, Some(&None)));
    }

    #[test]
    fn logs_change_with_their_lines_only() {
        let task: SubTaskDetail = serde_json::from_str(
            r#"{"id":"1","state":"RUNNING","operator":"RUN","task_logs":["a"]}"#,
        )
        .unwrap();
        let a = Some(Arc::new(task.clone()));
        let mut later = task.clone();
        later.execute_times += 1;
        assert!(!logs(Some(&a), Some(&Some(Arc::new(later)))), "same lines, other fields: unchanged");
        let mut more = task;
        more.task_logs.as_mut().unwrap().push("b".into());
        assert!(logs(Some(&a), Some(&Some(Arc::new(more)))));
        assert!(logs(Some(&a), Some(&None)));
        assert!(!logs(Some(&None), Some(&None)));
        assert!(logs(None, Some(&a)), "the first value is a change");
    }
}
