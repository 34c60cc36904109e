//! Error messages in the request's language, as obshell's `PostHandlers` does it
//! (`ob/agent/api/common/middleware.go`; messages from `ob/agent/assets/i18n/error/zh.json`).
//!
//! obshell's rule: when the request has a non-empty `Accept-Language` that
//! `golang.org/x/text/language.Parse` accepts as **one** BCP 47 tag (`zh-CN`, `zh`, `en-US`;
//! not a browser list such as `zh-CN,zh;q=0.9`, which fails to parse), and the error is one of
//! obshell's typed errors, the message is re-rendered by go-i18n for that tag. The bundle has
//! `en` and `zh`, so any `zh-*` tag gets Chinese and every other tag English. There are no
//! q-values: a list means English. Typed errors render the same English either way; a plain Go
//! error (`Common.Unexpected` with a raw message) gains its template's prefix ("Unexpected
//! error: ", "非预期错误：") on this path. gin's panic recovery is never localised.
//!
//! The sim renders English where the error happens and translates here, by errCode and the
//! English template, so handlers stay in one language.

use axum::http::HeaderValue;

/// The language of the answer, when the request asked for one obshell understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// A single well-formed tag whose language is not Chinese: English, but localised (plain
    /// errors get their prefix).
    English,
    /// `zh`, `zh-CN`, `zh-Hans`, `zh_CN`, ...
    Chinese,
}

/// One BCP 47 tag, roughly as `language.Parse` accepts it: a 2-3 (or 5-8) letter language,
/// then alphanumeric subtags of 1-8 characters, separated by `-` or `_`.
fn parse_tag(text: &str) -> Option<String> {
    let text = text.trim();
    let mut subtags = text.split(['-', '_']);
    let language = subtags.next()?;
    let language_ok = matches!(language.len(), 2 | 3 | 5..=8) && language.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok = subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    (language_ok && rest_ok).then(|| language.to_ascii_lowercase())
}

/// The language an `Accept-Language` header selects, `None` for obshell's default path.
pub(crate) fn requested(header: Option<&HeaderValue>) -> Option<Lang> {
    let language = parse_tag(header?.to_str().ok()?)?;
    Some(if language == "zh" { Lang::Chinese } else { Lang::English })
}

/// (errCode, the sim's English template, obshell's Chinese template). `%s` stands for an
/// argument; an errCode may have several forms.
const MESSAGES: &[(&str, &str, &str)] = &[
    ("Agent.Identify.NotSupportOperation", "'%s' is '%s', instead of '%s', does not support this operation", "'%s' 身份是 '%s'，而不是 '%s'，不支持此操作"),
    ("Common.BindJsonFailed", "Bind JSON failed: %s", "绑定 JSON 失败：%s"),
    ("Common.NotFound", "Element not found: %s", "未找到资源：%s"),
    ("Common.Unexpected", "Unexpected error: %s", "非预期错误：%s"),
    ("Common.InvalidTimeDuration", "Time duration '%s' is invalid: %s", "时间段 '%s' 无效：%s"),
    ("OB.Backup.NoUserTenants", "No user tenants found", "未找到用户租户"),
    ("OB.Backup.ArchiveDestEmpty", "Archive destination is empty, tenant: %s", "租户：%s 的归档目标路径为空"),
    ("OB.Backup.DataDestEmpty", "Data destination is empty, tenant: %s", "租户：%s 的数据备份路径为空"),
    ("OB.Backup.Mode.Invalid", "Invalid backup mode: %s, must be %s or %s", "非法的备份模式：%s，必须是 %s 或 %s"),
    ("OB.Backup.Status.Invalid", "Invalid backup status: '%s', must be '%s'", "非法的备份状态：'%s'，必须是 '%s'"),
    ("OB.Backup.ArchiveLogStatus.Invalid", "Invalid archive log status: '%s', must be '%s' or '%s'", "非法的归档日志状态：'%s'，必须是 '%s' 或 '%s'"),
    ("OB.Backup.BaseUriEmpty", "backup_base_uri cannot be empty", "backup_base_uri 不能为空"),
    ("OB.Backup.DataBaseUriEmpty", "data_base_uri cannot be empty", "data_base_uri 不能为空"),
    ("OB.Backup.ArchiveBaseUriEmpty", "archive_base_uri cannot be empty", "archive_base_uri 不能为空"),
    // obshell's own wording, typo included.
    ("OB.Backup.Binding.Invalid", "Invalid binding mode: %s, must be %s or %s", "binging 非法：%s，必须是 %s 或 %s"),
    ("OB.Backup.PieceSwitchInterval.Invalid", "piece_switch_interval must be between %s and %s", "piece_switch_interval 必须在 %s 和 %s 之间"),
    ("OB.Backup.LogArchiveConcurrency.Invalid", "log_archive_concurrency must be between %s and %s", "log_archive_concurrency 必须在 %s 和 %s 之间"),
    ("OB.Backup.HaLowThreadScore.Invalid", "ha_low_thread_score must be between %s and %s", "ha_low_thread_score 必须在 %s 和 %s 之间"),
    ("OB.Backup.ArchiveLagTarget.Invalid", "archive_lag_target must be less than %s", "archive_lag_target 必须小于 %s"),
    ("OB.Backup.ArchiveLagTargetForS3.Invalid", "archive_lag_target must be greater than %s for S3", "对于 S3，archive_lag_target 必须大于 %s"),
    ("OB.Backup.DeletePolicy.Invalid", "Invalid delete policy: '%s', must be '%s'", "非法的删除策略：'%s'，必须是 '%s'"),
    ("OB.Storage.URI.Invalid", "Invalid storage URI: %s", "非法的存储路径：%s"),
    ("OB.Tenant.Name.Empty", "Tenant name is empty", "租户名称为空"),
    ("OB.Tenant.NotExist", "Tenant '%s' does not exist.", "租户 '%s' 不存在"),
    ("OB.Tenant.SysOperationNotAllowed", "System tenant is not allowed to perform this operation", "不允许对系统租户执行此操作"),
    ("OB.Tenant.Mode.NotSupported", "Tenant mode '%s' is not supported.", "不支持的租户模式 '%s'"),
    ("Task.NotFound", "Task not found: %s", "未找到任务：%s"),
    ("Task.NotFound", "Task not found", "未找到任务"),
    ("Task.GenericID.Invalid", "Invalid ID: %s", "无效的任务通用 ID：%s"),
    ("Task.Dag.Operator.NotSupport", "Operator %s is not supported", "不支持的任务操作 '%s'"),
    ("Task.Dag.Operator.RetryNotFailedDag", "Failed to set DAG retry: DAG state is not failed", "重试 DAG 失败：DAG 未失败"),
    ("Task.Dag.Operator.RollbackNotFailedDag", "Failed to set DAG rollback: DAG state is not failed", "设置 DAG 回滚失败：DAG 未失败"),
    ("Task.Dag.Operator.CancelFinishedDag", "Failed to cancel DAG: DAG is finished", "取消 DAG 失败：DAG 已执行完成"),
    ("Task.Dag.Operator.PassNotFailedDag", "Failed to pass DAG: DAG is not failed", "跳过 DAG 失败：DAG 未失败"),
    ("Task.Node.Operator.NotSupport", "Operator %s is not supported", "不支持的任务操作 '%s'"),
    ("Task.Node.Operator.PassNotFailedDag", "Failed to pass node: DAG is not failed", "跳过节点失败：指定的 DAG 未失败"),
    ("Task.Node.Operator.PassNotFailedNode", "Failed to pass node: node is not failed", "跳过节点失败：节点未失败"),
    ("Request.Header.NotFound", "X-OCS-Agent-Header or X-OCS-Header not found in http request header", "HTTP 请求头中未找到 X-OCS-Agent-Header 或 X-OCS-Header"),
    ("Request.Body.Decrypt.AES.KeyAndIv.Invalid", "AES key and IV size error", "AES 密钥和 IV 大小错误"),
    ("Request.Body.Decrypt.AES.ContentLength.Invalid", "%s", "解密字符串长度不是块大小的倍数"),
    ("Security.Authentication.Header.DecryptFailed", "Decrypt http header failed: %s", "解密 HTTP 请求头失败：%s"),
    ("Security.Authentication.Header.UriMismatch", "URI mismatch", "URI 不匹配"),
    ("Security.Authentication.Expired", "Authentication expired", "认证信息已过期"),
    ("Security.Authentication.Timestamp.Invalid", "Invalid timestamp: %s, err: %s", "无效的时间戳：%s，错误：%s"),
    ("Security.Authentication.IncorrectOceanbasePassword", "OceanBase password is incorrect", "OceanBase root 密码不正确"),
    ("Security.Authentication.WithAgentPassword", "Should use agent_password to verify: %s", "应该使用 agent_password 进行验证：%s"),
    ("Security.Authentication.SessionInvalid", "Session is invalid", "会话无效"),
    ("Security.Authentication.SessionExpired", "Session is expired", "会话已过期"),
];

/// `Common.Unauthorized`'s text, the outer part of `WrapRetain(Common.Unauthorized, cause)`.
const UNAUTHORIZED: (&str, &str) = ("Unauthorized", "认证失败");

/// The arguments of `message` under `template` (`None` if it does not fit). Each `%s` takes
/// the shortest text up to the next literal, the last one the rest.
fn arguments<'m>(template: &str, message: &'m str) -> Option<Vec<&'m str>> {
    let mut literals = template.split("%s");
    let mut rest = message.strip_prefix(literals.next()?)?;
    let mut args = Vec::new();
    for literal in literals {
        if literal.is_empty() {
            args.push(rest);
            rest = "";
        } else {
            let at = rest.find(literal)?;
            args.push(rest.get(..at)?);
            rest = rest.get(at + literal.len()..)?;
        }
    }
    rest.is_empty().then_some(args)
}

fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::new();
    for (i, literal) in template.split("%s").enumerate() {
        if i > 0 {
            out.push_str(args.get(i - 1).copied().unwrap_or_default());
        }
        out.push_str(literal);
    }
    out
}

/// `message` of a typed error with this errCode, in Chinese; unchanged if the sim does not
/// know its form. A wrapped error ("<outer>: <cause>") keeps a cause it cannot translate.
fn to_chinese(err_code: &str, message: &str) -> String {
    if let Some(cause) = message.strip_prefix(UNAUTHORIZED.0).and_then(|m| m.strip_prefix(": ")) {
        return format!("{}: {}", UNAUTHORIZED.1, to_chinese(err_code, cause));
    }
    let forms = MESSAGES.iter().filter(|(code, _, _)| *code == err_code);
    for (_, en, zh) in forms.clone() {
        if let Some(args) = arguments(en, message) {
            return fill(zh, &args);
        }
    }
    // `Wrap(err, "...")`/`OccurWithMessage`: "<template>: <detail>".
    for (_, en, zh) in forms {
        if let Some(detail) = message.strip_prefix(en).and_then(|m| m.strip_prefix(": ")) {
            return format!("{zh}: {detail}");
        }
    }
    message.to_string()
}

/// The message to send for an error, given the request's language. `plain` = a raw Go error
/// (not one of obshell's typed errors).
pub(crate) fn localize(err_code: &str, message: &str, plain: bool, lang: Option<Lang>) -> String {
    match (lang, plain) {
        (None, _) => message.to_string(),
        (Some(Lang::English), true) => format!("Unexpected error: {message}"),
        (Some(Lang::Chinese), true) => format!("非预期错误：{message}"),
        (Some(Lang::English), false) => message.to_string(),
        (Some(Lang::Chinese), false) => to_chinese(err_code, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Option<Lang> {
        requested(Some(&HeaderValue::from_str(text).unwrap()))
    }

    #[test]
    fn selection_is_one_tag_not_a_list() {
        assert_eq!(lang("zh-CN"), Some(Lang::Chinese));
        assert_eq!(lang("zh"), Some(Lang::Chinese));
        assert_eq!(lang("ZH_cn"), Some(Lang::Chinese));
        assert_eq!(lang("zh-Hans-CN"), Some(Lang::Chinese));
        assert_eq!(lang("en-US"), Some(Lang::English));
        assert_eq!(lang("fr"), Some(Lang::English));
        for list in ["zh-CN,zh;q=0.9", "zh-CN;q=1", "*", "", "zh-", "1234", "zh CN"] {
            assert_eq!(lang(list), None, "{list:?}");
        }
        assert_eq!(requested(None), None);
    }

    #[test]
    fn templates_translate_with_their_arguments() {
        let zh = |code, message| localize(code, message, false, Some(Lang::Chinese));
        assert_eq!(zh("OB.Backup.ArchiveDestEmpty", "Archive destination is empty, tenant: t1(1002)"), "租户：t1(1002) 的归档目标路径为空");
        assert_eq!(
            zh("OB.Backup.Mode.Invalid", "Invalid backup mode: diff, must be full or incremental"),
            "非法的备份模式：diff，必须是 full 或 incremental"
        );
        assert_eq!(zh("Security.Authentication.Expired", "Unauthorized: Authentication expired"), "认证失败: 认证信息已过期");
        assert_eq!(
            zh("OB.Backup.BaseUriEmpty", "backup_base_uri cannot be empty: If binding is set, backup_base_uri must be set"),
            "backup_base_uri 不能为空: If binding is set, backup_base_uri must be set"
        );
        assert_eq!(zh("Task.NotFound", "Task not found"), "未找到任务");
        assert_eq!(zh("Task.NotFound", "Task not found: record not found"), "未找到任务：record not found");
        assert_eq!(zh("Made.Up", "Something"), "Something");
        assert_eq!(localize("Common.Unexpected", "boom", true, Some(Lang::English)), "Unexpected error: boom");
        assert_eq!(localize("Common.Unexpected", "boom", true, None), "boom");
    }

    #[test]
    fn every_template_round_trips() {
        for (code, en, zh) in MESSAGES {
            let args = ["a1", "b2", "c3"];
            let message = fill(en, &args);
            let out = to_chinese(code, &message);
            assert_ne!(&out, &message, "{code}: {en}");
            assert!(out.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{code}: {out}");
            let _ = zh;
        }
    }
}
