//! Which rows the history page shows: state, scope and kind of task, read from and written to
//! the page's URL query so a filtered view can be reloaded, bookmarked and shared. Pure, so it
//! is tested natively.

use crate::history::{HistoryRow, Kind};
use obshell_api::State;

/// Which rows the history shows, kept in the page's URL (`?state=failed&scope=t1&kind=backup`)
/// so a filtered view can be reloaded, bookmarked and shared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub state: StateFilter,
    pub scope: ScopeFilter,
    pub kind: Option<Kind>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    All,
    /// Not finished yet.
    Running,
    Succeeded,
    /// Failed or cancelled.
    Failed,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ScopeFilter {
    #[default]
    All,
    Cluster,
    Tenant(String),
}

impl StateFilter {
    pub const ALL: [StateFilter; 4] = [StateFilter::All, StateFilter::Running, StateFilter::Succeeded, StateFilter::Failed];

    /// The value in the URL and in the page's select.
    pub fn as_str(self) -> &'static str {
        match self {
            StateFilter::All => "",
            StateFilter::Running => "running",
            StateFilter::Succeeded => "succeeded",
            StateFilter::Failed => "failed",
        }
    }

    pub fn parse(value: &str) -> StateFilter {
        StateFilter::ALL.into_iter().find(|s| s.as_str() == value).unwrap_or_default()
    }
}

impl ScopeFilter {
    /// The value in the URL and in the page's select: `""`, `whole-cluster` (which no tenant
    /// can be named: `-` is not in an identifier), or a tenant's name.
    pub fn as_str(&self) -> &str {
        match self {
            ScopeFilter::All => "",
            ScopeFilter::Cluster => "whole-cluster",
            ScopeFilter::Tenant(name) => name,
        }
    }

    /// A tenant's name is an identifier (letters, digits, `_`, `$`), which also keeps the URL
    /// free of anything to escape; any other value means no filter.
    pub fn parse(value: &str) -> ScopeFilter {
        match value {
            "" => ScopeFilter::All,
            "whole-cluster" => ScopeFilter::Cluster,
            name if name.len() <= 128 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$') => {
                ScopeFilter::Tenant(name.to_string())
            }
            _ => ScopeFilter::All,
        }
    }
}

impl Filter {
    /// Read from a URL's query (`?a=b&c=d` or without the `?`); what is not understood is
    /// no filter.
    pub fn from_query(query: &str) -> Filter {
        let mut filter = Filter::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "state" => filter.state = StateFilter::parse(value),
                "scope" => filter.scope = ScopeFilter::parse(value),
                "kind" => filter.kind = Kind::parse(value),
                _ => {}
            }
        }
        filter
    }

    /// The query for the URL, `""` when nothing is filtered (the inverse of [`Filter::from_query`]).
    pub fn to_query(&self) -> String {
        let pairs: Vec<String> = [("state", self.state.as_str()), ("scope", self.scope.as_str()), ("kind", self.kind.map_or("", Kind::as_str))]
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        if pairs.is_empty() { String::new() } else { format!("?{}", pairs.join("&")) }
    }

    pub fn is_active(&self) -> bool {
        *self != Filter::default()
    }

    pub fn keeps(&self, row: &HistoryRow) -> bool {
        let state = State::parse(&row.state);
        let state_ok = match self.state {
            StateFilter::All => true,
            StateFilter::Running => !state.is_terminal(),
            StateFilter::Succeeded => state == State::Succeed,
            StateFilter::Failed => state == State::Failed,
        };
        let scope_ok = match &self.scope {
            ScopeFilter::All => true,
            // A destination change applies to every tenant: it is the cluster's.
            ScopeFilter::Cluster => row.tenant.is_none(),
            ScopeFilter::Tenant(name) => row.tenant.as_ref() == Some(name),
        };
        state_ok && scope_ok && self.kind.is_none_or(|k| k == row.kind)
    }
}

/// The tenants the rows name, in order of first appearance: the scope filter's choices.
pub fn tenants_named(rows: &[HistoryRow]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in rows.iter().filter_map(|r| r.tenant.as_ref()) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, kind: Kind, tenant: Option<&str>, state: &str) -> HistoryRow {
        HistoryRow {
            id: id.into(),
            dag_id: 0,
            name: String::new(),
            kind,
            mode: None,
            tenant: tenant.map(str::to_string),
            state: state.into(),
            cancelled: false,
            start_time: None,
            end_time: None,
            duration_ms: None,
            taken_in_full: None,
            jobs_window: None,
        }
    }

    #[test]
    fn the_filter_reads_back_from_its_query_and_keeps_what_it_says() {
        let filter = Filter { state: StateFilter::Failed, scope: ScopeFilter::Tenant("t1".into()), kind: Some(Kind::Backup) };
        assert_eq!(filter.to_query(), "?state=failed&scope=t1&kind=backup");
        assert_eq!(Filter::from_query(&filter.to_query()), filter);
        assert_eq!(Filter::default().to_query(), "", "no filter, no query");
        assert!(!Filter::from_query("").is_active());
        // What is not understood is no filter, and a hostile scope never reaches the URL.
        let odd = Filter::from_query("state=exploded&scope=%3Cscript%3E&kind=&x=1&scope");
        assert_eq!(odd, Filter::default());
        assert_eq!(ScopeFilter::parse("a/b"), ScopeFilter::All);
        assert_eq!(ScopeFilter::parse("whole-cluster"), ScopeFilter::Cluster);
        assert_eq!(ScopeFilter::parse("cluster"), ScopeFilter::Tenant("cluster".into()), "a tenant may be called that");

        let rows = vec![
            row("16", Kind::Backup, None, "RUNNING"),
            row("15", Kind::Backup, Some("t1"), "FAILED"),
            row("14", Kind::Backup, None, "SUCCEED"),
            row("12", Kind::Config, None, "SUCCEED"),
            row("11", Kind::Backup, None, "SUCCEED"),
        ];
        let kept = |query: &str| -> Vec<String> {
            let filter = Filter::from_query(query);
            rows.iter().filter(|r| filter.keeps(r)).map(|r| r.id.clone()).collect()
        };
        assert_eq!(kept(""), ["16", "15", "14", "12", "11"]);
        assert_eq!(kept("state=failed"), ["15"]);
        assert_eq!(kept("state=running"), ["16"]);
        assert_eq!(kept("state=succeeded&kind=backup"), ["14", "11"]);
        assert_eq!(kept("scope=t1"), ["15"]);
        assert_eq!(kept("scope=whole-cluster&kind=config"), ["12"]);
        assert_eq!(kept("scope=t9"), Vec::<String>::new());
        assert_eq!(tenants_named(&rows), ["t1"]);
    }

}

/// A URL's query is outside data: any text reads to a filter, and the query written from it is
/// plain and reads back to the same filter.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn reads_back(query: &str) -> Result<(), TestCaseError> {
        let filter = Filter::from_query(query);
        let written = filter.to_query();
        prop_assert_eq!(Filter::from_query(&written), filter);
        prop_assert!(written.bytes().all(|b| b.is_ascii_alphanumeric() || b"?=&_$-".contains(&b)), "{}", written);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn query_like_text_reads_back(query in "[?&=a-z_$%0-9-]{0,48}") {
            reads_back(&query)?;
        }

        #[test]
        fn any_text_reads_back(query in any::<String>()) {
            reads_back(&query)?;
        }
    }
}
