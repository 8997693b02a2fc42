//! Start-up timing: the log gets one line per stage of the start, so the
//! next person sees where the time goes (`make bench` reads the first
//! paint line). Rust notes its own stages; the page sends its marks with
//! its first paint, on the wall clock, and they are logged as time since
//! the process started. The page's stages are a closed set, so its marks
//! put no text of its own in the log.

use serde::Deserialize;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tauri::State;

/// When the process started, taken first thing in `run()`, on both clocks.
pub struct LaunchTime {
    started: Instant,
    /// Milliseconds since the Unix epoch, for the page's marks.
    epoch_ms: f64,
}

impl LaunchTime {
    pub fn now() -> Self {
        let epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        Self {
            started: Instant::now(),
            epoch_ms,
        }
    }

    fn ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1000.0
    }

    /// One line of the timeline, for a stage Rust sees itself.
    pub fn mark(&self, stage: &str) {
        let ms = self.ms();
        tracing::info!(target: "comet::startup", "{stage} after {ms:.0} ms");
    }
}

/// The page's stages, in the order they happen.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PageStage {
    /// The bundle is parsed and run, before the first component mounts.
    ScriptEvaluated,
    /// The first command's answer is back (the database's state).
    FirstAnswer,
    /// Settings and whether a key is saved.
    SettingsAndKey,
    /// The sidebar's chats.
    ChatList,
    /// The newest chat's messages.
    OpenChat,
}

impl PageStage {
    fn label(self) -> &'static str {
        match self {
            Self::ScriptEvaluated => "script evaluated",
            Self::FirstAnswer => "first answer",
            Self::SettingsAndKey => "settings and key answered",
            Self::ChatList => "chat list answered",
            Self::OpenChat => "open chat answered",
        }
    }
}

/// A page stage and when it happened (ms since the Unix epoch).
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct PageMark {
    pub stage: PageStage,
    pub at_ms: f64,
}

#[tauri::command]
#[specta::specta]
pub fn first_paint(launch: State<'_, LaunchTime>, screen: String, marks: Vec<PageMark>) {
    for mark in marks {
        let ms = mark.at_ms - launch.epoch_ms;
        tracing::info!(target: "comet::startup", "{} after {ms:.0} ms", mark.stage.label());
    }
    let ms = launch.ms();
    tracing::info!(target: "comet::startup", screen = %screen, "first paint after {ms:.0} ms");
}
