//! The long-running jobs of the task families (Midjourney, Replicate/Flux):
//! each advances on the clock from its submit, so a poll sees it queued,
//! running with a rising percentage, then done. Magic words in its prompt
//! choose how it misbehaves:
//!
//! | word | effect |
//! |---|---|
//! | `[[seconds:N]]` | the job takes N seconds (default: the server's `task_seconds`) |
//! | `[[fault:task_not_exist:N]]` | polls answer "task_not_exist" for the first N seconds |
//! | `[[fault:poll-hang]]` | the first poll never answers |
//! | `[[fault:poll-500]]` | the first two polls answer 500 |
//! | `[[fault:html]]` | the first two polls answer an HTML error page |
//! | `[[fault:expired]]` | the result link is already gone (404) |
//! | `[[fault:fail]]` | the job ends failed, with a reason |
//! | `[[fault:banned]]` | the submit is refused: banned prompt (MJ code 24) |
//! | `[[fault:queue-full]]` | the submit is refused: queue full (MJ code 23) |
//! | `[[fault:saturated]]` | the submit is refused with 429 (MJ code 30) |
//! | `[[fault:queued]]` | the submit is accepted as queued (MJ code 22, with the queue's length) |
//! | `[[fault:submit-hang]]` | the job is created but the submit never answers |
//! | `[[fault:echo-key]]` | a failed job's reason quotes the Authorization header |
//! | `[[evil-buttons]]` | the grid's buttons have labels and emoji made of markup |
//! | `[[big-png]]` | the result is a ~4 MB PNG (noise does not compress) |
//! | `[[wrapped]]` | Runway's polls answer in the `{code, data: {..., data}}` envelope |
//! | `[[fault:cut-download]]` | the result's first download stops halfway (the connection drops) |

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct JobFaults {
    pub seconds: Option<f64>,
    pub not_exist_for: Option<f64>,
    pub poll_hang: bool,
    pub poll_500: bool,
    pub html: bool,
    pub expired: bool,
    pub fail: bool,
    pub banned: bool,
    pub queue_full: bool,
    pub saturated: bool,
    pub submit_hang: bool,
    pub big_png: bool,
    pub echo_key: bool,
    pub evil_buttons: bool,
    pub queued: bool,
    pub cut_download: bool,
    pub html_file: bool,
    pub truncated: bool,
    /// Runway's polls answer in CometAPI's wrapped envelope.
    pub wrapped: bool,
}

impl JobFaults {
    pub(crate) fn parse(prompt: &str) -> Self {
        let mut f = Self::default();
        for word in prompt
            .split("[[")
            .skip(1)
            .filter_map(|p| p.split_once("]]"))
        {
            let word = word.0;
            let number = |w: &str| w.rsplit(':').next().and_then(|n| n.parse::<f64>().ok());
            match word {
                w if w.starts_with("seconds:") => f.seconds = number(w),
                w if w.starts_with("fault:task_not_exist:") => f.not_exist_for = number(w),
                "fault:poll-hang" => f.poll_hang = true,
                "fault:poll-500" => f.poll_500 = true,
                "fault:html" => f.html = true,
                "fault:expired" => f.expired = true,
                "fault:fail" => f.fail = true,
                "fault:banned" => f.banned = true,
                "fault:queue-full" => f.queue_full = true,
                "fault:saturated" => f.saturated = true,
                "fault:submit-hang" => f.submit_hang = true,
                "big-png" => f.big_png = true,
                "fault:echo-key" => f.echo_key = true,
                "evil-buttons" => f.evil_buttons = true,
                "fault:queued" => f.queued = true,
                "fault:cut-download" => f.cut_download = true,
                "fault:html-file" => f.html_file = true,
                "fault:truncated" => f.truncated = true,
                "wrapped" => f.wrapped = true,
                _ => {}
            }
        }
        f
    }
}

/// What a job is, as its family's routes need it.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub id: String,
    /// `imagine`, `upscale`, `variation`, `zoom`, `pan`, `inpaint`,
    /// `custom_zoom`, `reroll`, `blend`, `describe`, `video`, `predict`.
    pub op: String,
    pub prompt: String,
    pub faults: JobFaults,
    pub started: Instant,
    pub seconds: f64,
    pub polls: u32,
    /// The speed tier the route's prefix asked for (`mj-fast`...).
    pub mode: String,
    /// Waiting for `/mj/submit/modal` (Vary (Region), Custom zoom).
    pub modal: bool,
    /// The Replicate model path, for predictions.
    pub model: String,
    /// When a poll first answered SUCCESS (ms since the epoch), for the
    /// bench's "success on the socket to the picture painted".
    pub success_sent_ms: Option<u128>,
    /// How many times the finished result was fetched.
    pub downloads: u32,
}

impl Job {
    /// Share of the work done, 0.0 to 1.0 (a modal job does not advance).
    pub(crate) fn done_share(&self) -> f64 {
        if self.modal {
            return 0.0;
        }
        (self.started.elapsed().as_secs_f64() / self.seconds.max(0.01)).min(1.0)
    }

    pub(crate) fn missing_yet(&self) -> bool {
        self.faults
            .not_exist_for
            .is_some_and(|s| self.started.elapsed().as_secs_f64() < s)
    }
}

/// What one poll should do before answering normally.
pub(crate) enum PollFault {
    None,
    Hang,
    Status500,
    Html,
    NotExist,
}

impl PollFault {
    /// The answer a faulty poll gets instead of the job (`None` when the
    /// poll should answer normally). Midjourney words "not exist" its own
    /// way and asks for it before calling this.
    pub(crate) async fn answer(self) -> Option<axum::response::Response> {
        use axum::http::StatusCode;
        use axum::response::IntoResponse;
        match self {
            PollFault::None => None,
            PollFault::NotExist => Some(crate::auth::error(
                StatusCode::BAD_REQUEST,
                "task_not_exist",
            )),
            PollFault::Hang => {
                tokio::time::sleep(HANG).await;
                Some(StatusCode::GATEWAY_TIMEOUT.into_response())
            }
            PollFault::Status500 => Some(crate::auth::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "upstream error",
            )),
            PollFault::Html => {
                Some((StatusCode::BAD_GATEWAY, axum::response::Html(HTML_PAGE)).into_response())
            }
        }
    }
}

#[derive(Default)]
pub(crate) struct Jobs {
    map: Mutex<HashMap<String, Job>>,
    next: AtomicU64,
    /// Every submit body by route, for tests ("never submitted twice").
    pub submits: Mutex<Vec<(String, serde_json::Value)>>,
    images: Mutex<HashMap<String, std::sync::Arc<Vec<u8>>>>,
}

impl Jobs {
    pub(crate) fn create(
        &self,
        op: &str,
        prompt: &str,
        default_seconds: f64,
        mode: &str,
        model: &str,
    ) -> Job {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let faults = JobFaults::parse(prompt);
        let job = Job {
            // Midjourney ids are long digit strings.
            id: format!("17733149{n:08}"),
            op: op.to_owned(),
            prompt: prompt.to_owned(),
            seconds: faults.seconds.unwrap_or(default_seconds),
            faults,
            started: Instant::now(),
            polls: 0,
            mode: mode.to_owned(),
            modal: false,
            model: model.to_owned(),
            success_sent_ms: None,
            downloads: 0,
        };
        self.lock().insert(job.id.clone(), job.clone());
        job
    }

    pub(crate) fn record_submit(&self, route: &str, body: &serde_json::Value) {
        self.submits
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((route.to_owned(), body.clone()));
    }

    pub(crate) fn get(&self, id: &str) -> Option<Job> {
        self.lock().get(id).cloned()
    }

    pub(crate) fn update(&self, id: &str, change: impl FnOnce(&mut Job)) -> Option<Job> {
        let mut map = self.lock();
        let job = map.get_mut(id)?;
        change(job);
        Some(job.clone())
    }

    /// Counts the poll and says which fault, if any, it meets.
    pub(crate) fn poll(&self, id: &str) -> Option<(Job, PollFault)> {
        let job = self.update(id, |j| j.polls += 1)?;
        let fault = if job.missing_yet() {
            PollFault::NotExist
        } else if job.faults.poll_hang && job.polls == 1 {
            PollFault::Hang
        } else if job.faults.poll_500 && job.polls <= 2 {
            PollFault::Status500
        } else if job.faults.html && job.polls <= 2 {
            PollFault::Html
        } else {
            PollFault::None
        };
        Some((job, fault))
    }

    /// A result picture, made once per name and kept.
    pub(crate) fn image(
        &self,
        name: &str,
        make: impl FnOnce() -> Vec<u8>,
    ) -> std::sync::Arc<Vec<u8>> {
        let mut images = self.images.lock().unwrap_or_else(|p| p.into_inner());
        images
            .entry(name.to_owned())
            .or_insert_with(|| std::sync::Arc::new(make()))
            .clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Job>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// How long a hanging answer waits: longer than any client's patience.
pub(crate) const HANG: Duration = Duration::from_secs(600);

/// An error page as an upstream proxy sends it.
pub(crate) const HTML_PAGE: &str =
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
