//! One component a file. Components render and react; they never build URLs or touch crypto
//! (that is the client's job).

pub mod backup_form;
pub mod backup_progress;
pub mod confirm_dialog;
pub mod confirmed_action;
pub mod copy_button;
pub mod dag_actions;
pub mod dag_summary;
pub mod dag_timeline;
pub mod error_panel;
pub mod history_filters;
pub mod log_view;
pub mod sign_in;
pub mod start_outcome;
pub mod stage_row;
pub mod state_badge;
pub mod sub_task_list;
pub mod top_bar;
