//! English and Simplified Chinese. The catalogue is one macro table, so a key missing in either
//! language is a compile error. Parameters are `{0}`, `{1}` … filled by [`fill`].

use crate::client::{ClientError, NextStep};
use obshell_api::{DagOperator, Hint, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The single BCP-47 tag obshell localises its messages for.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Zh => "zh-CN",
        }
    }

    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Lang::Zh)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident: $en:literal, $zh:literal;)*) => {
        /// Every user-visible string.
        pub struct Texts { $(pub $key: &'static str,)* }
        pub static EN: Texts = Texts { $($key: $en,)* };
        pub static ZH: Texts = Texts { $($key: $zh,)* };
        /// `(key, English, Chinese)` for every entry, for checks over the whole catalogue.
        #[cfg(test)]
        pub fn entries() -> Vec<(&'static str, &'static str, &'static str)> {
            vec![$((stringify!($key), $en, $zh),)*]
        }
    };
}

catalogue! {
    app_title: "OceanBase cluster backup", "OceanBase 集群备份";
    nav_backup: "Start backup", "发起备份";
    language: "Language", "语言";
    theme: "Theme", "主题";
    theme_system: "System", "跟随系统";
    theme_light: "Light", "浅色";
    theme_dark: "Dark", "深色";
    sign_out: "Sign out", "退出登录";
    agent_line: "Agent {0} · obshell {1}", "Agent {0} · obshell {1}";
    loading: "Loading…", "加载中…";
    not_found: "Nothing here. Go to the backup form.", "页面不存在，请返回备份表单。";

    nav_destination: "Backup destination", "备份目的地";
    sign_in_title: "Sign in to obshell", "登录 obshell";
    sign_in_intro: "Enter the root@sys password of the cluster. It opens a session and is then forgotten: it is never stored.", "请输入集群 root@sys 用户的密码。密码仅用于建立会话，随即丢弃，不会被保存。";
    root_password: "Root password", "Root 密码";
    sign_in: "Sign in", "登录";
    signing_in: "Signing in…", "正在登录…";
    session_expired: "Your session expired. Sign in again to continue where you were.", "会话已过期。重新登录后将回到当前页面。";
    clock_skew: "Your clock differs from the agent's by {0}. Requests are corrected for it.", "本机时钟与 Agent 相差 {0}，请求已按此校正。";
    show: "Show", "显示";
    hide: "Hide", "隐藏";

    form_title: "Start a backup", "发起备份";
    form_intro: "Backs up the whole cluster (every user tenant) or one tenant. obshell runs it as a task in four stages, which you can follow live.", "备份整个集群（所有用户租户）或单个租户。obshell 以四个阶段的任务执行备份，可实时查看进度。";
    backup_scope: "What to back up", "备份范围";
    scope_cluster: "The whole cluster (every user tenant)", "整个集群（所有用户租户）";
    scope_tenant: "Tenant {0}", "租户 {0}";
    scope_tenants_unavailable: "The tenant list could not be loaded, so only the whole cluster can be chosen.", "无法加载租户列表，只能选择整个集群。";
    confirm_scope_tenant: "Scope: tenant {0} only ({1})", "范围：仅租户 {0}（{1}）";
    backup_mode: "Backup mode", "备份方式";
    mode_full: "Full", "全量";
    mode_incremental: "Incremental", "增量";
    mode_full_help: "Backs up all data.", "备份全部数据。";
    mode_incremental_help: "Backs up changes since the last backup. With no earlier backup, OceanBase takes a full one.", "备份自上次备份以来的变更。若此前没有备份，OceanBase 会执行全量备份。";
    no_incremental_base: "No completed backup of {0} in its current destination to build on: OceanBase will take a full backup instead, which takes longer and more space than an incremental one.", "{0} 当前的备份目的地中没有已完成的备份可作为增量的基础：OceanBase 会改为执行全量备份，耗时更长，占用空间也更多。";
    plus_archive: "Plus archive log", "同时备份归档日志";
    plus_archive_help: "Include the archive log, so the backup set can be restored without the separate archive.", "将归档日志一并写入备份集，恢复时无需单独的归档日志。";
    encryption_password: "Encryption password", "加密密码";
    encryption_confirm: "Confirm encryption password", "确认加密密码";
    encryption_help: "Optional. Needed to restore this backup; it is not stored anywhere. Type it twice: a mistyped password makes the backup unrestorable.", "可选。恢复此备份时需要该密码，面板不会保存它。请输入两次：输错的密码会导致备份无法恢复。";
    encryption_mismatch: "The two encryption passwords differ.", "两次输入的加密密码不一致。";
    encryption_missing: "Type the encryption password in the first field too.", "请同时在第一个输入框中输入加密密码。";
    start_backup: "Start backup", "开始备份";
    starting: "Starting…", "正在发起…";
    running_notice: "Backup tasks running now: {0}. Look at them before starting another.", "当前正在运行的备份任务：{0} 个。发起新备份前请先查看。";
    view_it: "View it", "查看";
    started_elsewhere: "The backup you started is running: task {0}.", "你发起的备份正在运行：任务 {0}。";
    start_failed_elsewhere: "The backup you started did not start, or may not have: the backup form says why and what to do.", "你发起的备份没有启动，或无法确定是否已启动：备份表单中有原因和处理办法。";
    open_backup_form: "Open the backup form", "打开备份表单";
    checking_running: "Checking for running backup tasks…", "正在检查运行中的备份任务…";

    confirm_title: "Start this backup?", "确认发起备份？";
    confirm_scope: "Scope: every user tenant of the cluster ({0})", "范围：集群内所有用户租户（{0}）";
    confirm_mode: "Mode: {0}", "方式：{0}";
    confirm_archive: "Plus archive log: {0}", "同时备份归档日志：{0}";
    confirm_encrypted: "Encrypted: {0}", "加密：{0}";
    confirm_running_warning: "Another backup task is running. OceanBase may refuse a second backup in its \"Start backup\" stage.", "已有备份任务在运行，OceanBase 可能在“Start backup”阶段拒绝第二个备份。";
    yes: "yes", "是";
    no: "no", "否";
    go_back: "Go back", "返回";
    confirm: "Confirm", "确认";

    outcome_unknown: "The agent did not answer, so it is not known whether the backup started. The panel did not retry. Checking the running tasks…", "Agent 未响应，无法确定备份是否已发起。面板不会自动重试，正在检查运行中的任务…";
    outcome_not_started: "No new backup task was found: the backup did not start. You can try again.", "未发现新的备份任务：备份未发起，可以重试。";
    outcome_check_failed: "The running tasks could not be checked either. Check again before starting another backup.", "也无法检查运行中的任务。请先再次检查，再决定是否重新发起。";
    check_again: "Check again", "再次检查";
    duplicate_starts: "obshell created {0} backup tasks for this one start: the connection dropped and the browser re-sent the request on its own. Look at each and cancel the extra one:", "本次发起在 obshell 中创建了 {0} 个备份任务：连接中断后浏览器自动重发了请求。请逐一查看并取消多余的任务：";
    try_again: "Try again", "重试";

    error_title: "The request failed", "请求失败";
    error_code: "Error code", "错误码";
    http_status: "HTTP status", "HTTP 状态";
    trace_id: "Trace ID", "Trace ID";
    server_time: "Server time", "服务端耗时";
    details: "Details", "详情";
    copy: "Copy", "复制";
    copied: "Copied", "已复制";
    dismiss: "Dismiss", "关闭";
    what_next: "What to do", "建议操作";
    network_error: "The agent could not be reached: {0}", "无法连接 Agent：{0}";
    timeout_error: "No answer within {0}.", "{0} 内未收到响应。";
    too_large: "The answer was too large ({0}).", "响应过大（{0}）。";
    not_json: "Something other than obshell answered (HTTP {0}, {1}).", "应答并非来自 obshell（HTTP {0}，{1}）。";
    malformed: "obshell's answer could not be read: {0}", "无法解析 obshell 的应答：{0}";
    incompatible_identity: "This agent is \"{0}\", not a cluster agent: cluster backup needs the agent of a running cluster.", "该 Agent 身份为“{0}”，不是集群 Agent：集群备份需要运行中集群的 Agent。";
    incompatible_auth: "This agent (obshell {0}) does not offer auth v2; the panel needs obshell 4.2.3 or newer.", "该 Agent（obshell {0}）不支持 v2 认证，面板需要 obshell 4.2.3 或更高版本。";
    bad_key: "The agent's public key is unusable: {0}", "Agent 公钥不可用：{0}";
    not_signed_in: "You are not signed in.", "尚未登录。";

    hint_configure_destination: "No backup destination is configured. Configure the cluster's backup destination (data and archive log) first, then start the backup again.", "尚未配置备份目的地。请先为集群配置数据与归档日志的备份目的地，再发起备份。";
    hint_nothing_to_back_up: "The cluster has no user tenants, so there is nothing to back up.", "集群中没有用户租户，无需备份。";
    hint_choose_mode: "Choose Full or Incremental; obshell knows no other mode.", "请选择全量或增量，obshell 不支持其他方式。";
    hint_use_cluster_agent: "Point the panel at the agent of a running cluster (identity CLUSTER AGENT).", "请将面板指向运行中集群的 Agent（身份为 CLUSTER AGENT）。";
    hint_check_password: "The root@sys password is wrong. Check it and sign in again.", "root@sys 密码错误，请确认后重新登录。";
    hint_sign_in_again: "Your session ended. Sign in again.", "会话已结束，请重新登录。";
    hint_check_clock: "The request had expired on arrival: the browser's clock is behind the agent's. Correct the clock, then reload.", "请求到达时已过期：浏览器时钟落后于 Agent。请校正时钟后刷新。";
    hint_check_proxy_path: "The path obshell received differs from the one signed: a proxy rewrites the path or query. Forward /api/v1 unchanged, or set apiBase to the prefix the proxy strips.", "obshell 收到的路径与签名不一致：代理改写了路径或查询串。请原样转发 /api/v1，或将 apiBase 设为代理去掉的前缀。";
    hint_reload_key: "The agent's key changed (it restarted). Reload the page.", "Agent 密钥已变更（可能已重启），请刷新页面。";
    hint_refresh_dag: "The task's state changed meanwhile. Look at its current state and choose again.", "任务状态已变化，请查看当前状态后重新选择。";
    hint_task_gone: "This task does not exist on this agent. Check the link.", "该 Agent 上不存在此任务，请检查链接。";
    hint_check_tenant: "Check the tenant name: it must exist and must not be sys.", "请检查租户名：租户必须存在且不能是 sys。";
    hint_try_later: "Another operation holds the tenant. Try again when it has finished.", "租户正被其他操作占用，请稍后重试。";
    hint_report_bug: "obshell refused the request body: the panel and the agent disagree on the protocol. Report this with the trace ID.", "obshell 拒绝了请求体：面板与 Agent 协议不一致。请附 Trace ID 反馈此问题。";
    hint_check_agent_log: "obshell or OceanBase failed internally. Look up the trace ID in the agent's log (obshell.log).", "obshell 或 OceanBase 内部出错。请在 Agent 日志（obshell.log）中按 Trace ID 查找。";
    hint_fix_config: "A backup setting is out of range; the message names it.", "某项备份配置超出范围，详见错误信息。";
    hint_check_connection: "Check that the agent (and any proxy in front of it) is running and reachable.", "请确认 Agent（及其前面的代理）正在运行且可访问。";
    hint_check_proxy: "A proxy or web server answered instead of obshell. Check that it forwards /api/v1 to the agent.", "代理或 Web 服务器代替 obshell 作出了应答。请检查其是否将 /api/v1 转发到 Agent。";
    hint_report_response: "The answer was cut short or is not what obshell sends. Retry; if it persists, check the proxy and report it with the trace ID.", "应答被截断或格式不符。请重试；如持续出现，请检查代理并附 Trace ID 反馈。";
    hint_use_supported_agent: "Use obshell 4.2.3 or newer, on a running cluster.", "请使用运行中集群上 4.2.3 及以上版本的 obshell。";

    dest_title: "Backup destination", "备份目的地";
    dest_intro: "Where OceanBase writes every user tenant's data backups and archive log (under <base>/<cluster id>/<tenant id>/). Saving runs a task that first checks the destination can be written.", "OceanBase 将所有用户租户的数据备份与归档日志写到这里（位于 <base>/<集群 ID>/<租户 ID>/ 下）。保存时会运行一个任务，先检查目的地是否可写。";
    storage_kind: "Storage", "存储类型";
    dest_path: "Path", "路径";
    dest_path_help_file: "An absolute path mounted on every OBServer, e.g. /data/backup.", "每台 OBServer 上都已挂载的绝对路径，例如 /data/backup。";
    dest_path_help_cloud: "bucket/directory", "bucket/目录";
    dest_host: "Endpoint (host)", "Endpoint（host）";
    dest_access_id: "Access key ID", "AccessKey ID";
    dest_access_key: "Access key secret", "AccessKey Secret";
    dest_region: "Region", "Region";
    advanced: "Advanced", "高级选项";
    dest_binding: "Binding (OPTIONAL or MANDATORY)", "Binding（OPTIONAL 或 MANDATORY）";
    dest_piece: "Piece switch interval (1d to 7d)", "Piece 切换周期（1d 到 7d）";
    dest_lag: "Archive lag target (at most 2h)", "归档延迟目标（不超过 2h）";
    dest_concurrency: "Log archive concurrency (0 to 100)", "日志归档并发（0 到 100）";
    dest_ha_score: "HA low thread score (0 to 100)", "HA 低优先级线程分（0 到 100）";
    save_destination: "Save destination", "保存目的地";
    saving: "Saving…", "正在保存…";
    configure_destination: "Configure the backup destination", "配置备份目的地";

    dag_title: "Task {0}", "任务 {0}";
    stage_of: "Stage {0} of {1}", "第 {0} / {1} 阶段";
    state_pending: "Pending", "等待中";
    state_ready: "Ready", "就绪";
    state_running: "Running", "运行中";
    state_failed: "Failed", "失败";
    state_succeed: "Succeeded", "成功";
    state_cancelled: "Cancelled", "已取消";
    state_unknown: "Unknown ({0})", "未知（{0}）";
    started_at: "Started", "开始时间";
    ended_at: "Ended", "结束时间";
    elapsed: "Elapsed", "耗时";
    not_yet: "not yet", "尚未";
    poll_live: "Live: updates every {0}", "实时：每 {0} 刷新";
    poll_fetching: "Updating…", "正在刷新…";
    poll_reconnecting: "Connection lost. Reconnecting in {0} s…", "连接中断，{0} 秒后重连…";
    poll_hidden: "Paused while this tab is hidden", "标签页隐藏时暂停刷新";
    poll_signed_out: "Paused until you sign in", "登录后继续刷新";
    poll_done: "Finished: no more updates", "已结束，不再刷新";
    refresh_now: "Refresh now", "立即刷新";
    timeline: "Timeline", "时间线";
    col_stage: "Stage", "阶段";
    col_state: "State", "状态";
    col_time: "Time", "时间";
    col_duration: "Duration", "耗时";
    current_stage: "current stage", "当前阶段";
    sub_tasks: "Sub-tasks", "子任务";
    agent: "Agent", "Agent";
    attempts: "Attempts", "执行次数";
    logs: "Logs", "日志";
    no_logs: "No log lines yet.", "暂无日志。";
    full_log: "Full log", "完整日志";
    download: "Download", "下载";
    expand_stage: "Show sub-tasks of {0}", "展开 {0} 的子任务";

    action_retry: "Retry", "重试";
    action_rollback: "Roll back", "回滚";
    action_cancel: "Cancel task", "取消任务";
    action_pass: "Skip (pass)", "跳过";
    action_pass_node: "Pass this stage", "跳过此阶段";
    consequence_retry: "Runs the failed stage again and continues from there.", "重新执行失败的阶段，并从该阶段继续。";
    consequence_rollback: "Undoes the stages that already ran, in reverse order. The backup is abandoned.", "按逆序撤销已执行的阶段，本次备份将被放弃。";
    consequence_cancel: "Stops the task; it ends as failed (cancelled). Backup jobs already started in OceanBase keep running unless cancelled there.", "停止该任务，任务以失败（已取消）结束。已在 OceanBase 中开始的备份作业不会因此停止。";
    consequence_pass: "Marks the whole task succeeded without running the remaining stages. No backup is guaranteed.", "将整个任务标记为成功，剩余阶段不再执行，不保证备份完成。";
    consequence_pass_node: "Marks this failed stage succeeded and continues with the next one.", "将此失败阶段标记为成功，并继续执行下一阶段。";
    confirm_action: "{0}?", "确认{0}？";
    action_sent: "{0}: sent. Following the task again.", "{0}：已提交，继续跟踪任务。";
    timeout_explained: "obshell gives each sub-task 3600 s. A backup that runs longer fails here even though OceanBase may still be working on it. Retry continues waiting.", "obshell 的子任务超时时间为 3600 秒。运行更久的备份会在此阶段失败，而 OceanBase 可能仍在备份。重试即可继续等待。";

    progress_title: "Backup jobs in OceanBase", "OceanBase 中的备份作业";
    progress_tenant: "Tenant {0} · backup set {1}", "租户 {0} · 备份集 {1}";
    progress_named_tenant: "{0} · backup set {1}", "{0} · 备份集 {1}";
    progress_done: "{0}% ({1} of {2} macro blocks, {3} of {4} tablets)", "{0}%（宏块 {1}/{2}，tablet {3}/{4}）";
    progress_bytes: "Read {0}, written {1}, at {2}/s", "已读 {0}，已写 {1}，速率 {2}/s";
    progress_eta: "About {0} left at this pace", "按当前速度约剩 {0}";
    progress_result: "Result {0}: {1}", "结果 {0}：{1}";
    history_taken_in_full: "In full: {0}", "全量执行：{0}";
    history_taken_in_full_help: "OceanBase had no earlier backup of these tenants in their current destination to build an incremental one on, so it backed them up in full.", "这些租户当前的备份目的地中没有可作为增量基础的备份，OceanBase 因此对其执行了全量备份。";
    progress_taken_in_full: "A full backup: OceanBase had no earlier backup of this tenant in its current destination to build an incremental one on.", "全量备份：该租户当前的备份目的地中没有可作为增量基础的备份，OceanBase 因此执行全量备份。";
    summary_succeeded: "Succeeded in {0}.", "成功，耗时 {0}。";
    summary_failed: "Failed at stage {0}, \"{1}\", after {2}.", "在第 {0} 阶段“{1}”失败，耗时 {2}。";
    summary_cancelled: "The task was cancelled.", "任务已取消。";
    summary_passed: "The task was marked succeeded by skipping (pass).", "任务已通过跳过（pass）被标记为成功。";
    summary_rolled_back: "The task was rolled back.", "任务已回滚。";
    last_error: "Last error", "最近错误";
    available_actions: "You can:", "可以：";
    notify_me: "Notify me when it ends", "结束时通知我";
    notify_on: "You will be notified when it ends", "结束时将通知你";
    notification_title: "Backup task {0}", "备份任务 {0}";

    log_hidden: "{0} earlier lines are not shown here (copy and download take them all).", "此处未显示之前的 {0} 行（复制和下载包含全部内容）。";
    show_more: "Show {0} more", "再显示 {0} 条";
    line_clipped: " … {0} more characters (download the log for the whole line)", " … 还有 {0} 个字符（下载日志查看整行）";
    sub_tasks_hidden: "{0} more sub-tasks are not shown.", "还有 {0} 个子任务未显示。";
    nav_tenants: "Tenants", "租户";
    tenants_title: "Tenants: archive log and backup jobs", "租户：日志归档与备份作业";
    tenants_intro: "Archive log copies each tenant's redo log to the archive destination continuously; together with data backups it allows restoring to a point in time. Backup jobs are the backups OceanBase is running or ran last.", "日志归档持续将各租户的 redo 日志复制到归档目的地，结合数据备份可恢复到任意时间点。备份作业是 OceanBase 正在执行或最近一次执行的备份。";
    tenants_all: "All user tenants", "所有用户租户";
    tenants_empty: "This cluster has no user tenant.", "该集群没有用户租户。";
    col_tenant: "Tenant", "租户";
    col_archive: "Archive log", "日志归档";
    col_backup_job: "Backup job", "备份作业";
    col_actions: "Actions", "操作";
    col_destination: "Destination", "备份目的地";
    dest_data: "Data", "数据";
    dest_archive: "Archive log", "日志归档";
    dest_not_set: "not set", "未设置";
    archive_running: "Archiving", "归档中";
    archive_suspended: "Suspended", "已暂停";
    archive_stopped: "Stopped", "已停止";
    archive_interrupted: "Interrupted: obshell refuses changes until it is repaired in OceanBase", "已中断：需先在 OceanBase 中修复，obshell 才能修改";
    archive_unknown: "Unknown status {0}", "未知状态 {0}";
    archive_unavailable: "Archive state could not be read", "无法读取归档状态";
    archive_lag: "Lag {0}, checkpoint {1}", "延迟 {0}，检查点 {1}";
    archive_start: "Start archive log", "开启日志归档";
    archive_suspend: "Suspend archive log", "暂停日志归档";
    archive_stop: "Stop archive log", "停止日志归档";
    archive_start_explain: "Archive log will be opened for {0}: from now on OceanBase copies the redo log to the archive destination continuously. Backups with archive log and point-in-time restore need it.", "将为{0}开启日志归档：从现在起 OceanBase 持续将 redo 日志复制到归档目的地。包含归档日志的备份和按时间点恢复都依赖它。";
    archive_suspend_explain: "Archiving pauses for {0}: nothing more is copied to the archive destination until archive log is started again, and point-in-time restore cannot reach past the pause meanwhile. The archive round is kept.", "{0}的归档将暂停：在重新开启前不再向归档目的地复制日志，期间按时间点恢复无法越过暂停时刻。当前归档轮次保留。";
    archive_stop_explain: "Archive log stops for {0} (NOARCHIVELOG) and the current archive round ends. Point-in-time restore past this moment becomes impossible; starting again opens a new round, and a new data backup is needed before point-in-time restore works again.", "{0}的日志归档将停止（NOARCHIVELOG），当前归档轮次结束。此后无法恢复到此刻之后的时间点；重新开启会进入新的轮次，需要新的数据备份后按时间点恢复才会重新可用。";
    cancel_jobs: "Cancel backup jobs", "取消备份作业";
    cancel_jobs_explain: "OceanBase cancels the backup jobs running for {0} (ALTER SYSTEM CANCEL BACKUP): the backup sets being written end as CANCELED and cannot be restored. This is not cancelling the obshell task, which only stops obshell from following while the jobs keep running; once the jobs are cancelled, the task's \"Wait backup Finish\" stage ends because no job is left.", "OceanBase 将取消{0}正在运行的备份作业（ALTER SYSTEM CANCEL BACKUP）：正在写入的备份集以 CANCELED 结束，无法用于恢复。这与取消 obshell 任务不同：取消任务只是让 obshell 停止跟踪，作业仍在运行；作业取消后，任务的“Wait backup Finish”阶段会因没有剩余作业而结束。";
    scope_all_tenants: "every user tenant", "所有用户租户";
    scope_one_tenant: "tenant {0}", "租户 {0}";
    job_none: "None yet", "暂无";
    last_completed: "Last completed: {0} · {1}", "最近完成：{0} · {1}";
    last_completed_none: "No completed backup yet: nothing to restore from", "尚无已完成的备份：无法从备份恢复";
    time_ago: "{0} ({1} ago)", "{0}（{1}前）";
    job_line: "{0} · backup set {1}", "{0} · 备份集 {1}";
    action_done: "Done. The view shows OceanBase's state again.", "已完成，已重新读取 OceanBase 的状态。";

    nav_history: "History", "历史";
    history_title: "Backup history", "备份历史";
    history_intro: "The backup and backup-destination tasks obshell has recorded for this cluster, newest first.", "obshell 为该集群记录的备份与备份目的地设置任务，按时间倒序。";
    history_empty: "No backup task has run on this cluster yet.", "该集群尚未执行过备份任务。";
    history_no_match: "No task matches these filters.", "没有符合筛选条件的任务。";
    history_showing: "Showing {0} of {1}", "显示 {0} / {1} 项";
    filter_any_state: "All states", "全部状态";
    filter_failed: "Failed or cancelled", "失败或已取消";
    filter_any_scope: "All scopes", "全部范围";
    filter_any_kind: "Backups and destination setups", "备份与目的地设置";
    filter_backups: "Backups", "备份";
    clear_filters: "Clear filters", "清除筛选";
    col_task: "Task", "任务";
    col_mode: "Mode", "方式";
    col_scope: "Scope", "范围";
    col_started: "Started", "开始时间";
    kind_config: "Destination setup", "设置备份目的地";
    scope_cluster_short: "Whole cluster", "整个集群";
    export_csv: "Export CSV", "导出 CSV";
    export_json: "Export JSON", "导出 JSON";
    history_typical: "Earlier backups of this scope took {0} (median of {1}).", "该范围以往的备份耗时 {0}（{1} 次的中位数）。";
    history_typical_full: "Earlier full backups of this scope took {0} (median of {1}).", "该范围以往的全量备份耗时 {0}（{1} 次的中位数）。";
    history_typical_incremental: "Earlier incremental backups of this scope took {0} (median of {1}).", "该范围以往的增量备份耗时 {0}（{1} 次的中位数）。";
    history_expected_end: "At that pace it ends around {0}.", "按此估计约在 {0} 结束。";
}

/// Replace `{0}`, `{1}` … in a catalogue string.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), arg);
    }
    out
}

impl Texts {
    pub fn state(&self, state: &State) -> String {
        match state {
            State::Pending => self.state_pending.into(),
            State::Ready => self.state_ready.into(),
            State::Running => self.state_running.into(),
            State::Failed => self.state_failed.into(),
            State::Succeed => self.state_succeed.into(),
            State::Unknown(raw) => fill(self.state_unknown, &[raw]),
        }
    }

    pub fn operator_label(&self, op: DagOperator) -> &'static str {
        match op {
            DagOperator::Retry => self.action_retry,
            DagOperator::Rollback => self.action_rollback,
            DagOperator::Cancel => self.action_cancel,
            DagOperator::Pass => self.action_pass,
        }
    }

    pub fn consequence(&self, op: DagOperator) -> &'static str {
        match op {
            DagOperator::Retry => self.consequence_retry,
            DagOperator::Rollback => self.consequence_rollback,
            DagOperator::Cancel => self.consequence_cancel,
            DagOperator::Pass => self.consequence_pass,
        }
    }

    pub fn hint(&self, hint: Hint) -> &'static str {
        match hint {
            Hint::ConfigureBackupDestination => self.hint_configure_destination,
            Hint::NothingToBackUp => self.hint_nothing_to_back_up,
            Hint::ChooseValidMode => self.hint_choose_mode,
            Hint::UseClusterAgent => self.hint_use_cluster_agent,
            Hint::CheckPassword => self.hint_check_password,
            Hint::SignInAgain => self.hint_sign_in_again,
            Hint::CheckClock => self.hint_check_clock,
            Hint::CheckProxyPath => self.hint_check_proxy_path,
            Hint::ReloadKey => self.hint_reload_key,
            Hint::RefreshDagState => self.hint_refresh_dag,
            Hint::TaskGone => self.hint_task_gone,
            Hint::CheckTenant => self.hint_check_tenant,
            Hint::TryLater => self.hint_try_later,
            Hint::ReportBug => self.hint_report_bug,
            Hint::CheckAgentLog => self.hint_check_agent_log,
            Hint::FixConfigValue => self.hint_fix_config,
        }
    }

    pub fn next_step(&self, step: NextStep) -> &'static str {
        match step {
            NextStep::Agent(hint) => self.hint(hint),
            NextStep::CheckConnection => self.hint_check_connection,
            NextStep::CheckProxy => self.hint_check_proxy,
            NextStep::ReportResponse => self.hint_report_response,
            NextStep::UseSupportedAgent => self.hint_use_supported_agent,
        }
    }

    /// One sentence saying what went wrong, for failures obshell did not word itself.
    pub fn describe(&self, error: &ClientError, lang: Lang) -> String {
        match error {
            ClientError::Api(f) => f.message.clone(),
            ClientError::Network { detail } => fill(self.network_error, &[detail]),
            ClientError::Timeout { after_ms } => {
                fill(self.timeout_error, &[&crate::format::duration(i64::from(*after_ms), lang)])
            }
            ClientError::TooLarge { bytes } => fill(self.too_large, &[&crate::format::bytes(*bytes as i64)]),
            ClientError::NotJson { status, content_type, .. } => {
                fill(self.not_json, &[&status.to_string(), content_type])
            }
            ClientError::Malformed { detail, .. } => fill(self.malformed, &[detail]),
            ClientError::Incompatible(obshell_api::Incompatibility::NotClusterAgent { identity }) => {
                fill(self.incompatible_identity, &[identity])
            }
            ClientError::Incompatible(obshell_api::Incompatibility::NoAuthV2 { version, .. }) => {
                fill(self.incompatible_auth, &[version])
            }
            ClientError::BadKey(detail) => fill(self.bad_key, &[detail]),
            ClientError::NotSignedIn => self.not_signed_in.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_all_placeholders() {
        assert_eq!(fill(EN.stage_of, &["2", "4"]), "Stage 2 of 4");
        assert_eq!(fill(ZH.stage_of, &["2", "4"]), "第 2 / 4 阶段");
    }

    #[test]
    fn placeholders_match_between_languages() {
        // A translation that drops or adds a parameter would silently lose information.
        let params = |s: &str| (0..6).filter(|i| s.contains(&format!("{{{i}}}"))).collect::<Vec<_>>();
        for (key, en, zh) in entries() {
            assert_eq!(params(en), params(zh), "{key}");
            assert!(!en.is_empty() && !zh.is_empty(), "{key}");
        }
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::Zh.tag(), "zh-CN");
    }
}
