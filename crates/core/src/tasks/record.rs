//! What a task is, as the views, the scheduler and the store see it: no
//! wire format here. The family adapters translate to and from these.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Midjourney,
    /// Replicate predictions (Flux and the rest), polled through CometAPI.
    Replicate,
    /// OpenAI's Videos API shape, `/v1/videos`: Sora, Veo, Seedance.
    Videos,
    /// Kling's own routes, `/kling/v1/videos/...`.
    Kling,
    /// Suno's songs and lyrics, `/suno/...`.
    Suno,
    /// Runway's image to video, `/runwayml/v1/...`.
    Runway,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Midjourney => "midjourney",
            Self::Replicate => "replicate",
            Self::Videos => "videos",
            Self::Kling => "kling",
            Self::Suno => "suno",
            Self::Runway => "runway",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "midjourney" => Some(Self::Midjourney),
            "replicate" => Some(Self::Replicate),
            "videos" => Some(Self::Videos),
            "kling" => Some(Self::Kling),
            "suno" => Some(Self::Suno),
            "runway" => Some(Self::Runway),
            _ => None,
        }
    }
}

/// One vocabulary for every family's status words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Queued,
    Running,
    /// A Midjourney modal (Vary (Region), Custom zoom) waits for its mask or prompt.
    NeedsInput,
    Succeeded,
    Failed,
    /// Not known: a status word never seen, or a submit whose answer was lost.
    Unknown,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::NeedsInput => "needs_input",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "queued" => Self::Queued,
            "running" => Self::Running,
            "needs_input" => Self::NeedsInput,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            _ => Self::Unknown,
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed)
    }
}

/// A button the latest fetch returned (Midjourney): rendered as it came,
/// never from a list of our own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TaskButton {
    pub custom_id: String,
    pub label: String,
    pub emoji: String,
    /// Opens a mask painter (`inpaint`) or asks for a prompt (`custom_zoom`).
    pub modal: Option<String>,
}

/// A result kept in the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct TaskOutput {
    pub image_id: i64,
    pub file: String,
    /// A picture's thumbnail, a clip's poster, a song's cover (or empty).
    pub thumb: String,
    pub width: u32,
    pub height: u32,
    #[serde(default)]
    pub kind: crate::media_files::MediaKind,
    #[serde(default)]
    pub duration_ms: Option<u64>,
    /// A song's title.
    #[serde(default)]
    pub title: Option<String>,
}

impl TaskOutput {
    /// What the queue shows of a library row a task kept.
    pub(crate) fn of(image: &crate::store::GalleryImage) -> Self {
        Self {
            image_id: image.id,
            file: image.file.clone(),
            thumb: image.thumb.clone(),
            width: image.width,
            height: image.height,
            kind: image.kind,
            duration_ms: image.duration_ms,
            title: image.title.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Task {
    pub id: i64,
    pub family: Family,
    /// The priced model: `mj_fast_imagine`, `black-forest-labs/flux-schnell`.
    pub model: String,
    /// `imagine`, `upscale`, `variation`, `reroll`, `zoom`, `pan`, `inpaint`,
    /// `custom_zoom`, `blend`, `describe`, `video`, `predict`.
    pub operation: String,
    pub prompt: String,
    pub speed: Option<String>,
    pub remote_id: Option<String>,
    pub status: TaskStatus,
    pub progress: Option<u8>,
    /// The family's own word for the status, as last seen.
    pub raw_status: Option<String>,
    pub message: Option<String>,
    pub error_code: Option<ErrorCode>,
    /// The live preview while it renders (a file in the image store).
    pub preview: Option<String>,
    pub outputs: Vec<TaskOutput>,
    pub actions: Vec<TaskButton>,
    /// Describe's four prompts; Write lyrics' text, then its title.
    pub prompts: Vec<String>,
    pub parent_id: Option<i64>,
    /// The gallery image a follow-up was made from.
    pub parent_image_id: Option<i64>,
    pub cost_usd: Option<f64>,
    /// Polled in the background; off after Stop watching.
    pub watching: bool,
    /// The submit's answer never came: the job may exist and be billed.
    pub may_be_charged: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
    pub attempts: u32,
    /// What it makes: `image`, `video`, `audio` or `text`.
    pub kind: String,
    /// How long one usually takes, for families that report no percentage.
    pub typical_seconds: Option<u32>,
}

impl Task {
    /// A task not sent yet: queued, watched, nothing known of it remotely.
    pub fn unsent(family: Family, model: String, operation: String, prompt: String) -> Self {
        let now = crate::store::now_ms();
        Self {
            id: 0,
            family,
            model,
            operation,
            prompt,
            speed: None,
            remote_id: None,
            status: TaskStatus::Queued,
            progress: None,
            raw_status: None,
            message: None,
            error_code: None,
            preview: None,
            outputs: Vec::new(),
            actions: Vec::new(),
            prompts: Vec::new(),
            parent_id: None,
            parent_image_id: None,
            cost_usd: None,
            watching: true,
            may_be_charged: false,
            created_at: now,
            updated_at: now,
            finished_at: None,
            attempts: 0,
            kind: "image".into(),
            typical_seconds: None,
        }
    }
}

/// What the queue panel and the cards hear: a task as it is now.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "snake_case")]
// Each event is built once and sent at once: its size never matters.
#[allow(clippy::large_enum_variant)]
pub enum TaskEvent {
    Changed {
        task: Task,
    },
    /// A video or song result is coming down (bytes so far, of total).
    Downloading {
        task_id: i64,
        bytes: u64,
        total: Option<u64>,
    },
    /// A result was kept in the gallery (before the task says succeeded).
    Kept {
        task_id: i64,
        image: crate::store::GalleryImage,
    },
}
