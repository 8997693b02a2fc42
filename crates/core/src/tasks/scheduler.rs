//! The one loop that polls every family: it sleeps until the next task is
//! due (or something changes), polls what is due, and goes back to sleep.
//! With nothing running it wakes twice a minute; with 200 Midjourney tasks
//! waiting it sends one list-by-condition every few seconds.

use super::{Family, TaskEngine};
use crate::store::now_ms;
use rand::Rng;
use std::sync::Arc;
use std::time::Duration;

const IDLE_WAKE: Duration = Duration::from_secs(30);

impl TaskEngine {
    pub(crate) fn interval(&self, family: Family) -> Duration {
        match family {
            Family::Midjourney => self.timings.midjourney_every,
            Family::Replicate => self.timings.replicate_every,
            Family::Videos | Family::Kling | Family::Suno | Family::Runway => {
                self.timings.media_every
            }
        }
    }

    /// The family's interval with ±20% jitter (tasks started together do
    /// not poll together), doubled per failure in a row up to the cap.
    pub(crate) fn next_delay(&self, family: Family, errors: u32) -> Duration {
        let base = self.interval(family).as_secs_f64();
        let backoff = base * 2f64.powi(errors.min(10) as i32);
        let capped = backoff.min(self.timings.max_backoff.as_secs_f64().max(base));
        let jitter = rand::thread_rng().gen_range(0.8..1.2);
        Duration::from_secs_f64(capped * jitter)
    }

    /// Runs until the app ends: every unfinished task from before a
    /// restart is due at once, so it resumes on the first turn.
    pub async fn run(self: Arc<Self>) {
        // Nothing downloads before the first round: what is in the
        // partial folder now was cut short by a crash.
        let files = self.files.clone();
        let _ = tokio::task::spawn_blocking(move || files.clear_partials()).await;
        // Tasks due within half an interval are polled together: with
        // jitter, 200 tasks would otherwise make 200 separate wake-ups and
        // requests where Midjourney answers them all in one.
        let gather = self
            .timings
            .midjourney_every
            .min(self.timings.replicate_every)
            .min(self.timings.media_every)
            / 2;
        loop {
            match self
                .store
                .due_tasks(now_ms() + gather.as_millis() as i64, 500)
            {
                Ok(rows) if !rows.is_empty() => {
                    let engine = self.clone();
                    tokio::spawn(async move {
                        engine.poll_now(rows).await;
                        engine.wake.notify_one();
                    });
                    // Let the polls lease their rows before looking again.
                    tokio::task::yield_now().await;
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(%err, "could not read the tasks to poll"),
            }
            let next = self.store.next_task_poll().ok().flatten();
            // Woken when the earliest is due; the ones due soon after it
            // come along (see `gather`).
            let wait = match next {
                Some(at) => Duration::from_millis(
                    (at - now_ms()).clamp(20, IDLE_WAKE.as_millis() as i64) as u64,
                ),
                None => IDLE_WAKE,
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.wake.notified() => {}
            }
        }
    }
}
