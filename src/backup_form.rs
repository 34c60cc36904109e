//! The backup form's model: what the user typed, its validation, and the request it becomes.
//! Pure, so the rules are tested natively; the component only binds it to inputs.

use obshell_api::{BackupMode, BackupRequest};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupForm {
    /// `None`: the whole cluster (every user tenant, `POST /obcluster/backup`); else one
    /// tenant (`POST /tenant/:name/backup`).
    pub tenant: Option<String>,
    pub mode: BackupMode,
    pub plus_archive: bool,
    pub encryption: String,
    pub encryption_confirm: String,
}

/// Why the form cannot be sent yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormProblem {
    /// The two encryption password fields differ: a mistyped password makes the backup
    /// unrestorable, so it is typed twice.
    EncryptionMismatch,
    /// Only the confirmation was filled in.
    EncryptionMissing,
}

impl BackupForm {
    pub fn problem(&self) -> Option<FormProblem> {
        match (self.encryption.is_empty(), self.encryption_confirm.is_empty()) {
            (true, true) => None,
            (true, false) => Some(FormProblem::EncryptionMissing),
            _ if self.encryption != self.encryption_confirm => Some(FormProblem::EncryptionMismatch),
            _ => None,
        }
    }

    pub fn is_encrypted(&self) -> bool {
        !self.encryption.is_empty()
    }

    /// The request body. `encryption` goes byte-exact: no trimming, no normalisation.
    pub fn to_request(&self) -> Result<BackupRequest, FormProblem> {
        if let Some(problem) = self.problem() {
            return Err(problem);
        }
        Ok(BackupRequest {
            mode: Some(self.mode),
            plus_archive: Some(self.plus_archive),
            encryption: self.is_encrypted().then(|| self.encryption.clone()),
        })
    }

    /// Forget the secrets once the request has been sent (or the form is left).
    pub fn clear_secrets(&mut self) {
        self.encryption.clear();
        self.encryption_confirm.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_defaults_to_the_whole_cluster() {
        assert_eq!(BackupForm::default().tenant, None);
    }

    #[test]
    fn defaults_to_full_without_encryption() {
        let req = BackupForm::default().to_request().unwrap();
        assert_eq!(req.mode, Some(BackupMode::Full));
        assert_eq!(req.plus_archive, Some(false));
        assert_eq!(req.encryption, None);
    }

    #[test]
    fn mismatch_and_missing() {
        let mut f = BackupForm { encryption: "a".into(), encryption_confirm: "b".into(), ..Default::default() };
        assert_eq!(f.to_request(), Err(FormProblem::EncryptionMismatch));
        f.encryption.clear();
        assert_eq!(f.problem(), Some(FormProblem::EncryptionMissing));
        f.encryption_confirm.clear();
        assert_eq!(f.problem(), None);
    }

    #[test]
    fn encryption_is_byte_exact_and_cleared() {
        let pw = " q\"uo\\te 密码 ".to_string();
        let mut f = BackupForm { encryption: pw.clone(), encryption_confirm: pw.clone(), ..Default::default() };
        assert_eq!(f.to_request().unwrap().encryption.as_deref(), Some(pw.as_str()));
        f.clear_secrets();
        assert!(f.encryption.is_empty() && f.encryption_confirm.is_empty());
    }
}
