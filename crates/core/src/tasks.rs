//! Long-running jobs on one engine: Midjourney, Replicate/Flux, video
//! (`/v1/videos`, Kling) and music (Suno). A task is written before its request goes out,
//! polled by one scheduler, its results downloaded the moment it succeeds
//! (the links expire) and kept in the gallery. A submit whose answer was
//! lost is never sent again on its own: it may have been billed.
//!
//! One adapter per family (`midjourney.rs`, `replicate.rs`) reads and
//! writes the wire; the engine, the scheduler and the store see only
//! `Task`.

mod act;
mod keep;
mod keep_media;
mod kling;
mod media_requests;
pub mod midjourney;
mod mj_video;
mod outcome;
mod poll;
mod record;
pub mod replicate;
mod requests;
mod runway;
mod scheduler;
mod split;
mod status;
mod submit;
mod suno;
mod video_models;
mod videos;
mod wire;

pub use media_requests::{suno_versions, SunoVersion, SUNO_LYRICS, SUNO_MUSIC};
pub use record::{Family, Task, TaskButton, TaskEvent, TaskOutput, TaskStatus};
pub use requests::{BlendShape, BotType, ExtendClip, Speed, TaskRequest};
pub use status::normalize as normalize_status;
pub use video_models::{video_models, ImageInput, VideoModel};

use crate::catalogue::Catalogue;
use crate::client::SharedClient;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::media_files::MediaFiles;
use crate::secret::{ApiKey, KeySource, RememberedKey};
use crate::store::Store;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, Notify};

/// How long polls use the key read last before asking the keyring again
/// (a key changed in the user's keyring program is used after this).
const KEY_KEPT_FOR: Duration = Duration::from_secs(60);

/// How often and how patiently each family is asked; tests shorten them.
#[derive(Debug, Clone)]
pub struct TaskTimings {
    pub midjourney_every: Duration,
    pub replicate_every: Duration,
    /// Video and music jobs take minutes: asked less often.
    pub media_every: Duration,
    /// Submit answers come in seconds, but new-api allows 60 s upstream.
    pub submit_timeout: Duration,
    /// A Replicate query may hang 45 s; a poll waits this long.
    pub poll_timeout: Duration,
    /// "task_not_exist" this soon after the submit means "not yet".
    pub not_exist_grace: Duration,
    /// Backoff after failed polls grows up to this.
    pub max_backoff: Duration,
    /// A task still unfinished after this ends, labelled.
    pub give_up_after: Duration,
    /// Videos take longer: their bound.
    pub give_up_video_after: Duration,
}

impl Default for TaskTimings {
    fn default() -> Self {
        Self {
            midjourney_every: Duration::from_secs(3),
            replicate_every: Duration::from_secs(2),
            media_every: Duration::from_secs(10),
            submit_timeout: Duration::from_secs(60),
            poll_timeout: Duration::from_secs(75),
            not_exist_grace: Duration::from_secs(30),
            max_backoff: Duration::from_secs(60),
            give_up_after: Duration::from_secs(20 * 60),
            give_up_video_after: Duration::from_secs(60 * 60),
        }
    }
}

pub struct TaskEngine {
    pub(crate) store: Arc<Store>,
    pub(crate) client: Arc<SharedClient>,
    keys: RememberedKey,
    pub(crate) files: Arc<MediaFiles>,
    pub(crate) catalogue: Arc<Catalogue>,
    pub(crate) timings: TaskTimings,
    /// Tasks with a poll on the wire: never two at once for one task.
    in_flight: Mutex<HashSet<i64>>,
    wake: Notify,
    pub(crate) events: broadcast::Sender<TaskEvent>,
}

impl TaskEngine {
    pub fn new(
        store: Arc<Store>,
        client: Arc<SharedClient>,
        keys: Arc<dyn KeySource>,
        files: Arc<MediaFiles>,
        catalogue: Arc<Catalogue>,
        timings: TaskTimings,
    ) -> Self {
        Self {
            store,
            client,
            keys: RememberedKey::new(keys, KEY_KEPT_FOR),
            files,
            catalogue,
            timings,
            in_flight: Mutex::new(HashSet::new()),
            wake: Notify::new(),
            events: broadcast::channel(256).0,
        }
    }

    /// Every change to any task from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<TaskEvent> {
        self.events.subscribe()
    }

    pub fn list(&self, open_only: bool, limit: u32) -> AppResult<Vec<Task>> {
        self.store.list_tasks(open_only, limit.clamp(1, 1000))
    }

    pub fn task(&self, id: i64) -> AppResult<Task> {
        self.store.task(id)
    }

    /// Stops polling a task. The remote job goes on (no family can cancel
    /// one): Check again picks it up.
    pub fn stop_watching(&self, id: i64) -> AppResult<Task> {
        self.store.task_row(id)?;
        self.store.set_task_watching(id, false)?;
        self.announce(id);
        self.store.task(id)
    }

    /// Asks about the task now, whatever its schedule said, and watches it
    /// again. A submit lost without an id cannot be looked up: it says so.
    pub async fn check_again(self: &Arc<Self>, id: i64) -> AppResult<Task> {
        let mut row = self.store.task_row(id)?;
        if row.task.remote_id.is_none() {
            return Err(AppError::new(
                ErrorCode::NotFound,
                "CometAPI never answered this request, so it has no task id to look up. \
                 Check your usage on cometapi.com before sending it again.",
            ));
        }
        self.store.set_task_watching(id, true)?;
        row.task.watching = true;
        row.errors = 0;
        if row.task.status.is_finished()
            && row.task.outputs.is_empty()
            && row.task.prompts.is_empty()
        {
            // Failed for a reason of ours (a download, a bound): look again.
            row.task.status = TaskStatus::Unknown;
            row.task.finished_at = None;
        }
        row.next_poll_at = Some(0);
        self.store.save_task(&row)?;
        self.poll_now(vec![row]).await;
        self.wake.notify_one();
        self.store.task(id)
    }

    /// The key for polls: kept in memory for a while (`RememberedKey`).
    pub(crate) fn key(&self) -> AppResult<ApiKey> {
        self.keys.read()?.ok_or_else(|| {
            AppError::new(ErrorCode::NoKey, "Add your CometAPI key in Settings first.")
        })
    }

    /// The key for what the user just asked (a submit, a button): read
    /// from the keyring now, so a changed key is used at once.
    pub(crate) fn fresh_key(&self) -> AppResult<ApiKey> {
        self.keys.forget();
        self.key()
    }

    /// CometAPI refused the key: the next poll reads the keyring again.
    pub(crate) fn key_refused(&self) {
        self.keys.forget();
    }

    /// Tells listeners the task's current state.
    pub(crate) fn announce(&self, id: i64) {
        if let Ok(task) = self.store.task(id) {
            let _ = self.events.send(TaskEvent::Changed { task });
        }
    }

    fn claim(&self, ids: &[i64]) -> Vec<i64> {
        let mut busy = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        ids.iter().copied().filter(|id| busy.insert(*id)).collect()
    }

    fn release(&self, ids: &[i64]) {
        let mut busy = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        for id in ids {
            busy.remove(id);
        }
    }
}
