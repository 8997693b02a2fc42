//! Long-running tasks (Midjourney, Flux, video, Suno): submit, press a button, finish a
//! modal, check again, stop watching, split a grid. Every change to any
//! task reaches the window through the one Channel `watch_tasks` opens
//! (a Channel needs no event permission in the window's capabilities).

use comet_core::store::GalleryImage;
use comet_core::tasks::replicate::{self, ReplicateModel};
use comet_core::tasks::{SunoVersion, Task, TaskEngine, TaskEvent, TaskRequest, VideoModel};
use comet_core::AppError;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

type Engine<'a> = State<'a, Arc<TaskEngine>>;

#[tauri::command]
#[specta::specta]
pub async fn submit_task(engine: Engine<'_>, request: TaskRequest) -> Result<Task, AppError> {
    engine.submit(&request).await
}

#[tauri::command]
#[specta::specta]
pub async fn press_task_button(
    engine: Engine<'_>,
    task_id: i64,
    custom_id: String,
) -> Result<Task, AppError> {
    engine.act(task_id, &custom_id).await
}

/// `mask`: a picture in the image store (white is repainted).
#[tauri::command]
#[specta::specta]
pub async fn continue_task_modal(
    engine: Engine<'_>,
    task_id: i64,
    prompt: String,
    mask: Option<String>,
) -> Result<Task, AppError> {
    engine
        .continue_modal(task_id, &prompt, mask.as_deref())
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn check_task(engine: Engine<'_>, task_id: i64) -> Result<Task, AppError> {
    engine.check_again(task_id).await
}

#[tauri::command]
#[specta::specta]
pub fn stop_watching_task(engine: Engine<'_>, task_id: i64) -> Result<Task, AppError> {
    engine.stop_watching(task_id)
}

#[tauri::command]
#[specta::specta]
pub fn list_tasks(engine: Engine<'_>, open_only: bool, limit: u32) -> Result<Vec<Task>, AppError> {
    engine.list(open_only, limit)
}

#[tauri::command]
#[specta::specta]
pub async fn split_task_grid(
    engine: Engine<'_>,
    task_id: i64,
) -> Result<Vec<GalleryImage>, AppError> {
    engine.split_grid(task_id).await
}

#[tauri::command]
#[specta::specta]
pub fn replicate_models() -> Vec<ReplicateModel> {
    replicate::models().to_vec()
}

/// The Video tab's models with the options each takes.
#[tauri::command]
#[specta::specta]
pub fn video_models() -> Vec<VideoModel> {
    comet_core::tasks::video_models().to_vec()
}

/// The Music tab's Suno versions with their limits.
#[tauri::command]
#[specta::specta]
pub fn suno_versions() -> Vec<SunoVersion> {
    comet_core::tasks::suno_versions()
}

/// Forwards every task change until the window stops listening.
#[tauri::command]
#[specta::specta]
pub async fn watch_tasks(engine: Engine<'_>, on_event: Channel<TaskEvent>) -> Result<(), AppError> {
    let mut events = engine.subscribe();
    while let Ok(event) = events.recv().await {
        if on_event.send(event).is_err() {
            break;
        }
    }
    Ok(())
}

/// Starts the scheduler, and a notification for each task that ends
/// while the window is not in front.
pub fn start(app: &AppHandle, engine: Arc<TaskEngine>) {
    let mut events = engine.subscribe();
    tauri::async_runtime::spawn(engine.run());
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match events.recv().await {
                Ok(TaskEvent::Changed { task }) => announce(&app, &task),
                Ok(TaskEvent::Kept { .. } | TaskEvent::Downloading { .. })
                | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
}

fn announce(app: &AppHandle, task: &Task) {
    let just_ended = task.status.is_finished()
        && task
            .finished_at
            .is_some_and(|at| comet_core::store::now_ms() - at < 5_000);
    let in_front = app
        .get_webview_window("main")
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(true);
    if !just_ended || in_front {
        return;
    }
    let title = match (task.status, task.kind.as_str()) {
        (comet_core::tasks::TaskStatus::Succeeded, "video") => "Your video is ready",
        (comet_core::tasks::TaskStatus::Succeeded, "audio") => "Your song is ready",
        (comet_core::tasks::TaskStatus::Succeeded, "text") => "Your lyrics are written",
        (comet_core::tasks::TaskStatus::Succeeded, _) => "Your picture is ready",
        _ => "A task ended without a result",
    };
    let body: String = task.prompt.chars().take(120).collect();
    crate::desktop::notify(app, title, &body);
}
