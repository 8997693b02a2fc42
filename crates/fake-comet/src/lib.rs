//! fake-comet: a CometAPI stand-in on loopback for tests, benchmarks and
//! demos. It speaks the same wire format and misbehaves on request: put a
//! magic word such as `[[fault:429]]` in the last user message (see
//! `faults.rs` for the list).
//!
//! Keys: any `sk-...` key is accepted unless it contains `bad`. Models
//! named `unavailable-...` answer 503 (no channel), as the gateway does.
//! Image models: see `images.rs`. It also serves the public catalogue (`/api/models`), the balance query (`/user/quota`) and an app update feed
//! at `/updates/latest.json` (version 99.0.0). The task families
//! (Midjourney under `/mj`, Replicate predictions, the Flux result query)
//! are in `mj.rs` and `replicate.rs`; video (`/v1/videos`, Kling) and
//! Suno in `media.rs`; their jobs and faults in `jobs.rs`.
//! Claude's own endpoint, `/v1/messages`, is in `messages.rs`.

mod auth;
mod catalogue;
mod chat;
mod edits;
mod embeddings;
mod faults;
mod files;
mod images;
mod jobs;
mod media;
mod messages;
mod messages_checks;
mod mj;
mod models;
mod quota;
mod replicate;
mod responses;
mod sse_stream;
mod task_images;
mod thinking;
mod updates;

use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// Pause between two streamed chunks (a real model drips too).
    pub chunk_delay: Duration,
    /// How long a Midjourney or Flux job takes unless its prompt says
    /// `[[seconds:N]]`.
    pub task_seconds: f64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            chunk_delay: Duration::from_millis(0),
            task_seconds: 1.5,
        }
    }
}

#[derive(Default)]
pub(crate) struct Counters {
    /// Requests seen per prompt, for `[[fault:flaky:N]]`.
    pub by_prompt: Mutex<HashMap<String, u32>>,
    /// Bodies of the chat, responses and image edit requests, for tests.
    pub requests: Mutex<Vec<serde_json::Value>>,
    /// Every text embedded, in order, for tests of what indexing re-sends.
    pub embedded: Mutex<Vec<String>>,
    /// The vector length each `/v1/embeddings` answer had, in order.
    pub embedding_lengths: Mutex<Vec<usize>>,
}

impl Counters {
    pub(crate) fn record(&self, body: &serde_json::Value) {
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(body.clone());
    }
}

#[derive(Clone)]
pub(crate) struct AppState {
    pub config: Config,
    pub counters: Arc<Counters>,
    pub jobs: Arc<jobs::Jobs>,
}

pub fn router(config: Config) -> Router {
    router_with(config, Arc::default(), Arc::default())
}

fn router_with(config: Config, counters: Arc<Counters>, jobs: Arc<jobs::Jobs>) -> Router {
    let state = AppState {
        config,
        counters,
        jobs,
    };
    Router::new()
        .route("/mj/submit/:op", post(mj::submit))
        .route("/:mode/mj/submit/:op", post(mj::submit))
        .route("/mj/task/:id/fetch", get(mj::fetch))
        .route("/:mode/mj/task/:id/fetch", get(mj::fetch))
        .route("/mj/task/list-by-condition", post(mj::list_by_condition))
        .route(
            "/:mode/mj/task/list-by-condition",
            post(mj::list_by_condition),
        )
        .route("/mj/image/:id", get(mj::image))
        .route("/_fake/jobs/:id", get(mj::job_times))
        .route(
            "/replicate/v1/models/:owner/:name/predictions",
            post(replicate::create),
        )
        .route("/replicate/v1/predictions/:id", get(replicate::get))
        .route("/flux/v1/get_result", get(replicate::flux_result))
        .route("/delivery/:name", get(replicate::delivery))
        .route("/v1/videos", post(media::create_video))
        .route("/v1/videos/:id", get(media::get_video))
        .route("/v1/videos/:id/content", get(media::video_content))
        .route("/media/:name", get(media::delivery))
        .route("/kling/v1/videos/:action", post(media::kling_submit))
        .route("/kling/v1/videos/:action/:id", get(media::kling_query))
        .route("/runwayml/v1/image_to_video", post(media::runway_submit))
        .route("/runwayml/v1/tasks/:id", get(media::runway_task))
        .route("/suno/submit/:action", post(media::suno_submit))
        .route("/suno/fetch/:id", get(media::suno_fetch))
        .route("/v1/models", get(models::list))
        .route("/api/models", get(catalogue::catalogue))
        .route("/v1/chat/completions", post(chat::completions))
        .route("/v1/responses", post(responses::create))
        .route("/v1/messages", post(messages::create))
        .route("/v1/embeddings", post(embeddings::create))
        .route("/v1/images/generations", post(images::generations))
        .route("/v1/images/edits", post(edits::edits))
        .route("/files/:name", get(files::file))
        .route("/user/quota", get(quota::quota))
        .route("/updates/latest.json", get(updates::latest))
        // A wrong path on the real gateway may redirect to a web page.
        .route(
            "/",
            get(|| async { axum::response::Html("<html><body>CometAPI</body></html>") }),
        )
        .with_state(state)
}

/// A server running in the background of the current tokio runtime.
pub struct RunningServer {
    pub addr: SocketAddr,
    handle: tokio::task::JoinHandle<()>,
    counters: Arc<Counters>,
    jobs: Arc<jobs::Jobs>,
}

impl RunningServer {
    /// The JSON bodies of every chat and responses request so far.
    pub fn requests(&self) -> Vec<serde_json::Value> {
        self.counters
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The vector length of each `/v1/embeddings` answer, in order.
    pub fn embedding_lengths(&self) -> Vec<usize> {
        self.counters
            .embedding_lengths
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Every text `/v1/embeddings` made a vector of, in order.
    pub fn embedded(&self) -> Vec<String> {
        self.counters
            .embedded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Every task submit (Midjourney, Replicate) as `(route, body)`, in order.
    pub fn task_submits(&self) -> Vec<(String, serde_json::Value)> {
        self.jobs
            .submits
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// How many times a job's finished result was fetched.
    pub fn result_downloads(&self, job_id: &str) -> u32 {
        self.jobs.get(job_id).map_or(0, |j| j.downloads)
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// Binds `addr` (use port 0 for any free port) and serves until dropped.
pub async fn spawn(addr: SocketAddr, config: Config) -> std::io::Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let counters = Arc::new(Counters::default());
    let jobs = Arc::new(jobs::Jobs::default());
    let app = router_with(config, counters.clone(), jobs.clone());
    let handle = tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, app).await {
            eprintln!("fake-comet stopped: {err}");
        }
    });
    Ok(RunningServer {
        addr,
        handle,
        counters,
        jobs,
    })
}
