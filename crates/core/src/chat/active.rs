//! Which conversations are streaming, with the token that stops each.

use crate::error::{AppError, AppResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio_util::sync::CancellationToken;

#[derive(Default)]
pub struct ActiveStreams {
    tokens: Arc<Mutex<HashMap<i64, CancellationToken>>>,
}

/// Removes its conversation from the active set when the stream ends,
/// however it ends.
pub struct ActiveGuard {
    tokens: Arc<Mutex<HashMap<i64, CancellationToken>>>,
    conversation_id: i64,
    pub token: CancellationToken,
}

fn lock(
    tokens: &Mutex<HashMap<i64, CancellationToken>>,
) -> MutexGuard<'_, HashMap<i64, CancellationToken>> {
    match tokens.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl ActiveStreams {
    pub fn begin(&self, conversation_id: i64) -> AppResult<ActiveGuard> {
        let mut tokens = lock(&self.tokens);
        if tokens.contains_key(&conversation_id) {
            return Err(AppError::invalid_input(
                "An answer is still coming in this chat. Wait for it or press Stop.",
            ));
        }
        let token = CancellationToken::new();
        tokens.insert(conversation_id, token.clone());
        Ok(ActiveGuard {
            tokens: self.tokens.clone(),
            conversation_id,
            token,
        })
    }

    pub fn is_active(&self, conversation_id: i64) -> bool {
        lock(&self.tokens).contains_key(&conversation_id)
    }

    pub fn stop(&self, conversation_id: i64) -> bool {
        match lock(&self.tokens).get(&conversation_id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        lock(&self.tokens).remove(&self.conversation_id);
    }
}
