//! Start-up timing: the UI reports its first painted screen, and the time
//! since launch goes to the log, where `make bench` reads it.

use std::time::Instant;
use tauri::State;

/// When the process started, taken first thing in `run()`.
pub struct LaunchTime(pub Instant);

#[tauri::command]
#[specta::specta]
pub fn first_paint(launch: State<'_, LaunchTime>, screen: String) {
    let ms = launch.0.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(target: "comet::startup", screen = %screen, "first paint after {ms:.0} ms");
}
