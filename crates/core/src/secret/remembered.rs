//! The key kept in memory between reads, for work that needs it every few
//! seconds (task polls). A Secret Service read opens an encrypted session,
//! a Diffie-Hellman exchange in pure Rust: with 200 tasks waiting, that
//! was half the app's CPU. The copy is read again after the app saves or
//! deletes a key, after `ttl` (a change made in the user's keyring
//! program), and after `forget` (CometAPI refused it).

use super::{ApiKey, KeySource};
use crate::error::AppResult;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct RememberedKey {
    source: Arc<dyn KeySource>,
    ttl: Duration,
    held: Mutex<Option<Held>>,
}

struct Held {
    key: Option<ApiKey>,
    changes: u64,
    read_at: Instant,
}

impl RememberedKey {
    pub fn new(source: Arc<dyn KeySource>, ttl: Duration) -> Self {
        Self {
            source,
            ttl,
            held: Mutex::new(None),
        }
    }

    /// The next read asks the keyring again.
    pub fn forget(&self) {
        *self.held.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

impl KeySource for RememberedKey {
    fn changes(&self) -> u64 {
        self.source.changes()
    }

    fn read(&self) -> AppResult<Option<ApiKey>> {
        let changes = self.source.changes();
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(h) = held.as_ref() {
            if h.changes == changes && h.read_at.elapsed() < self.ttl {
                return Ok(h.key.clone());
            }
        }
        // Errors are not kept: a locked keyring may open a moment later.
        let key = self.source.read()?;
        *held = Some(Held {
            key: key.clone(),
            changes,
            read_at: Instant::now(),
        });
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    /// Counts reads; its key and change count are set by the test.
    struct Counting {
        reads: AtomicUsize,
        changes: AtomicU64,
        key: Mutex<Option<String>>,
    }

    impl KeySource for Counting {
        fn changes(&self) -> u64 {
            self.changes.load(Ordering::SeqCst)
        }
        fn read(&self) -> AppResult<Option<ApiKey>> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            let key = self.key.lock().unwrap().clone();
            Ok(key.map(super::super::Sensitive::new))
        }
    }

    fn counting(key: &str) -> Arc<Counting> {
        Arc::new(Counting {
            reads: AtomicUsize::new(0),
            changes: AtomicU64::new(0),
            key: Mutex::new(Some(key.into())),
        })
    }

    #[test]
    fn reads_once_until_the_app_changes_the_key() {
        let source = counting("sk-one");
        let remembered = RememberedKey::new(source.clone(), Duration::from_secs(60));
        for _ in 0..5 {
            assert_eq!(remembered.read().unwrap().unwrap().expose(), "sk-one");
        }
        assert_eq!(source.reads.load(Ordering::SeqCst), 1);
        *source.key.lock().unwrap() = None;
        source.changes.fetch_add(1, Ordering::SeqCst);
        assert!(
            remembered.read().unwrap().is_none(),
            "a deleted key is seen at once"
        );
        assert_eq!(source.reads.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn reads_again_after_its_time_and_after_forget() {
        let source = counting("sk-one");
        let remembered = RememberedKey::new(source.clone(), Duration::from_millis(30));
        remembered.read().unwrap();
        std::thread::sleep(Duration::from_millis(40));
        *source.key.lock().unwrap() = Some("sk-two".into());
        assert_eq!(remembered.read().unwrap().unwrap().expose(), "sk-two");
        remembered.forget();
        remembered.read().unwrap();
        assert_eq!(source.reads.load(Ordering::SeqCst), 3);
    }
}
