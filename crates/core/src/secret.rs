//! The API key: a wrapper that never prints or serialises itself, and the OS
//! keyring that holds it. Only this crate reads the key, once per request.

use crate::error::{AppError, AppResult, ErrorCode};

mod remembered;
pub use remembered::RememberedKey;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// A value that must not reach logs, Debug output or serialisation.
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }
    /// The only way to the inner value: grep for `expose` to audit its uses.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(<redacted>)")
    }
}

pub type ApiKey = Sensitive<String>;

/// Turns what a user pasted into the bare key. People paste `Bearer sk-...`
/// from docs; sending that as-is would give `Bearer Bearer sk-...`.
pub fn normalize_key(pasted: &str) -> AppResult<ApiKey> {
    let trimmed = pasted.trim();
    let bare = trimmed
        .strip_prefix("Bearer ")
        .or_else(|| trimmed.strip_prefix("bearer "))
        .unwrap_or(trimmed)
        .trim();
    if bare.is_empty() {
        return Err(AppError::invalid_input("Paste your CometAPI key first."));
    }
    if bare.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AppError::invalid_input(
            "The key contains spaces or line breaks; paste only the key.",
        ));
    }
    Ok(Sensitive::new(bare.to_owned()))
}

/// Where the key is kept. The app uses the OS keyring; tests of code that
/// merely needs *a* key can hand in a fixed one.
pub trait KeySource: Send + Sync {
    fn read(&self) -> AppResult<Option<ApiKey>>;
    /// Counts the app's own saves and deletes, so a copy held in memory
    /// (`RememberedKey`) knows when to read again.
    fn changes(&self) -> u64 {
        0
    }
}

/// A key held in memory, for callers that already have one (a key being
/// checked before it is saved, or tests).
pub struct FixedKey(pub ApiKey);

impl KeySource for FixedKey {
    fn read(&self) -> AppResult<Option<ApiKey>> {
        Ok(Some(self.0.clone()))
    }
}

/// The OS secret store: Secret Service on Linux, Credential Manager on
/// Windows, Keychain on macOS. There is no plaintext fallback on purpose.
pub struct Keyring {
    service: String,
    account: String,
    changes: AtomicU64,
}

impl Keyring {
    pub fn new(service: impl Into<String>, account: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            account: account.into(),
            changes: AtomicU64::new(0),
        }
    }

    fn entry(&self) -> AppResult<keyring::Entry> {
        keyring::Entry::new(&self.service, &self.account).map_err(keyring_error)
    }

    // Counted after the change: a read between the two would otherwise be
    // remembered as current.
    pub fn save(&self, key: &ApiKey) -> AppResult<()> {
        let saved = self
            .entry()?
            .set_password(key.expose())
            .map_err(keyring_error);
        self.changes.fetch_add(1, Ordering::SeqCst);
        saved
    }

    pub fn delete(&self) -> AppResult<()> {
        let deleted = match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(keyring_error(err)),
        };
        self.changes.fetch_add(1, Ordering::SeqCst);
        deleted
    }

    pub fn has_key(&self) -> AppResult<bool> {
        Ok(self.read()?.is_some())
    }
}

impl KeySource for Keyring {
    fn changes(&self) -> u64 {
        self.changes.load(Ordering::SeqCst)
    }

    fn read(&self) -> AppResult<Option<ApiKey>> {
        match self.entry()?.get_password() {
            Ok(key) => Ok(Some(Sensitive::new(key))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(keyring_error(err)),
        }
    }
}

/// keyring's errors describe the store, never the secret, so their text is
/// safe to show; it tells a Linux user that no Secret Service is running.
fn keyring_error(err: keyring::Error) -> AppError {
    AppError::new(
        ErrorCode::KeyringUnavailable,
        format!(
            "The system keyring is not available, so the key cannot be kept safely ({err}). \
             On Linux, install and unlock GNOME Keyring or KWallet."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_prefix_and_spaces_are_stripped() {
        assert_eq!(
            normalize_key("  Bearer sk-abc \n").unwrap().expose(),
            "sk-abc"
        );
        assert_eq!(normalize_key("sk-abc").unwrap().expose(), "sk-abc");
    }

    #[test]
    fn empty_or_broken_keys_are_refused() {
        assert_eq!(
            normalize_key("  ").unwrap_err().code,
            ErrorCode::InvalidInput
        );
        assert_eq!(
            normalize_key("sk-a b").unwrap_err().code,
            ErrorCode::InvalidInput
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = normalize_key("sk-secret-123").unwrap();
        assert!(!format!("{key:?}").contains("secret"));
    }
}
