//! Shared set-up for the integration tests: a real fake-comet on loopback,
//! a real SQLite file in a temporary folder, and a fixed key.
#![allow(dead_code)]

use comet_core::catalogue::Catalogue;
use comet_core::chat::{ChatEvent, ChatService};
use comet_core::client::{ClientConfig, RetryPolicy, SharedClient};
use comet_core::media_files::MediaFiles;
use comet_core::secret::{normalize_key, FixedKey};
use comet_core::settings::ProxySetting;
use comet_core::store::Store;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

pub const KEY: &str = "sk-test-LEAKCANARY-7f3a9c";

pub struct Harness {
    pub server: fake_comet::RunningServer,
    pub dir: tempfile::TempDir,
    pub store: Arc<Store>,
    pub chat: ChatService,
    pub catalogue: Arc<Catalogue>,
    pub attachments: Arc<MediaFiles>,
}

pub fn fast_config(base_url: String) -> ClientConfig {
    ClientConfig {
        balance_url: base_url.clone(),
        base_url,
        proxy: ProxySetting::None,
        connect_timeout: Duration::from_secs(2),
        idle_timeout: Duration::from_millis(700),
        retry: RetryPolicy {
            max_attempts: 3,
            base: Duration::from_millis(10),
            cap: Duration::from_secs(2),
            jitter: Duration::ZERO,
        },
    }
}

pub async fn server() -> fake_comet::RunningServer {
    fake_comet::spawn(
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        fake_comet::Config::default(),
    )
    .await
    .expect("fake-comet starts")
}

pub async fn harness() -> Harness {
    harness_with_key(KEY).await
}

/// The harness with another key (one with `bad` in it is refused).
pub async fn harness_with_key(key: &str) -> Harness {
    let server = server().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(Store::open(&dir.path().join("comet.sqlite3")).expect("store opens"));
    let client = Arc::new(SharedClient::new(fast_config(server.base_url())).expect("client"));
    let key: Arc<FixedKey> = Arc::new(FixedKey(normalize_key(key).expect("key")));
    let catalogue = Arc::new(Catalogue::new(store.clone(), client.clone(), key.clone()));
    let attachments = Arc::new(MediaFiles::new(dir.path().join("attachments")));
    let chat = ChatService::new(
        store.clone(),
        client,
        key,
        catalogue.clone(),
        attachments.clone(),
    );
    Harness {
        server,
        dir,
        store,
        chat,
        catalogue,
        attachments,
    }
}

impl Harness {
    /// The body of the last answer request fake-comet saw (title requests,
    /// which may follow a chat's first answer, are skipped).
    pub fn last_answer_request(&self) -> serde_json::Value {
        self.server
            .requests()
            .into_iter()
            .rfind(|body| {
                // Chat completions put the instruction first, Claude on top.
                let naming = |v: &serde_json::Value| {
                    v.as_str()
                        .is_some_and(|s| s.starts_with("You name conversations"))
                };
                !naming(&body["messages"][0]["content"]) && !naming(&body["system"])
            })
            .expect("a request was made")
    }

    /// Sends `text` in a new conversation and collects every event.
    pub async fn send(&self, text: &str) -> (i64, Vec<ChatEvent>) {
        let conversation = self
            .chat
            .create_conversation("gpt-4o-mini")
            .expect("conversation");
        let events = self.send_in(conversation.id, text).await;
        (conversation.id, events)
    }

    /// A new conversation's first message, to `model`.
    pub async fn send_to_model_new(&self, text: &str, model: &str) -> (i64, Vec<ChatEvent>) {
        let conversation = self.chat.create_conversation(model).expect("conversation");
        let events = self.send_to_model(conversation.id, text, model).await;
        (conversation.id, events)
    }

    pub async fn send_in(&self, conversation_id: i64, text: &str) -> Vec<ChatEvent> {
        self.send_to_model(conversation_id, text, "gpt-4o-mini")
            .await
    }

    pub async fn send_to_model(
        &self,
        conversation_id: i64,
        text: &str,
        model: &str,
    ) -> Vec<ChatEvent> {
        let mut events = Vec::new();
        self.chat
            .send(conversation_id, text, model, &mut |e| events.push(e))
            .await
            .expect("send is accepted");
        events
    }
}

/// The image studio on the harness's database, client and key.
pub fn studio(h: &Harness) -> comet_core::images::Studio {
    let client = Arc::new(SharedClient::new(fast_config(h.server.base_url())).expect("client"));
    let key = Arc::new(FixedKey(normalize_key(KEY).expect("key")));
    comet_core::images::Studio::new(
        h.store.clone(),
        client,
        key,
        h.attachments.clone(),
        h.catalogue.clone(),
    )
}

/// A studio request with the model's defaults and no reference image.
pub fn image_request(prompt: &str, model: &str, count: u32) -> comet_core::images::GenerateRequest {
    comet_core::images::GenerateRequest {
        prompt: prompt.into(),
        model: model.into(),
        size: None,
        count,
        quality: None,
        reference: None,
        mask: None,
        parent_id: None,
    }
}

/// A gallery filter on words of the prompt only.
pub fn words(query: &str) -> comet_core::store::GalleryFilter {
    comet_core::store::GalleryFilter {
        query: query.into(),
        ..Default::default()
    }
}

pub fn streamed_text(events: &[ChatEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::Delta { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// The answer's last event; a chat's new title, which may follow, is not
/// part of the answer.
pub fn last(events: &[ChatEvent]) -> &ChatEvent {
    events
        .iter()
        .rfind(|e| !matches!(e, ChatEvent::Titled { .. }))
        .expect("at least one event")
}

/// Poll intervals and timeouts short enough for tests.
pub fn task_timings() -> comet_core::tasks::TaskTimings {
    comet_core::tasks::TaskTimings {
        midjourney_every: Duration::from_millis(100),
        replicate_every: Duration::from_millis(100),
        media_every: Duration::from_millis(100),
        submit_timeout: Duration::from_secs(2),
        poll_timeout: Duration::from_secs(1),
        not_exist_grace: Duration::from_secs(5),
        max_backoff: Duration::from_millis(400),
        give_up_after: Duration::from_secs(60),
        give_up_video_after: Duration::from_secs(60),
    }
}

/// The task engine on the harness's database and key (not running: call
/// `run_engine` to start its scheduler).
pub fn task_engine_on(h: &Harness, store: Arc<Store>) -> Arc<comet_core::tasks::TaskEngine> {
    let client = Arc::new(SharedClient::new(fast_config(h.server.base_url())).expect("client"));
    let key = Arc::new(FixedKey(normalize_key(KEY).expect("key")));
    Arc::new(comet_core::tasks::TaskEngine::new(
        store,
        client,
        key,
        h.attachments.clone(),
        h.catalogue.clone(),
        task_timings(),
    ))
}

pub fn task_engine(h: &Harness) -> Arc<comet_core::tasks::TaskEngine> {
    task_engine_on(h, h.store.clone())
}

/// Starts the scheduler; it stops when the handle is dropped (aborted).
pub struct RunningEngine(tokio::task::JoinHandle<()>);

impl Drop for RunningEngine {
    fn drop(&mut self) {
        self.0.abort();
    }
}

pub fn run_engine(engine: &Arc<comet_core::tasks::TaskEngine>) -> RunningEngine {
    RunningEngine(tokio::spawn(engine.clone().run()))
}

/// Waits (up to `secs`) until the task satisfies `done`.
pub async fn wait_task(
    engine: &comet_core::tasks::TaskEngine,
    id: i64,
    secs: u64,
    done: impl Fn(&comet_core::tasks::Task) -> bool,
) -> comet_core::tasks::Task {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let task = engine.task(id).expect("task");
        if done(&task) {
            return task;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "task never got there: {task:#?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

pub async fn wait_finished(
    engine: &comet_core::tasks::TaskEngine,
    id: i64,
) -> comet_core::tasks::Task {
    wait_task(engine, id, 20, |t| t.status.is_finished()).await
}

/// Every call in the log, oldest first.
pub fn all_calls(h: &Harness) -> Vec<comet_core::store::ApiCall> {
    h.store
        .calls_between("0000-01-01", "9999-12-31")
        .expect("calls")
}

/// A Midjourney imagine at the Fast tier.
pub fn imagine(prompt: &str) -> comet_core::tasks::TaskRequest {
    comet_core::tasks::TaskRequest::Imagine {
        prompt: prompt.into(),
        bot: comet_core::tasks::BotType::MidJourney,
        speed: comet_core::tasks::Speed::Fast,
        references: Vec::new(),
    }
}

/// Flux Schnell with its defaults.
pub fn flux(prompt: &str) -> comet_core::tasks::TaskRequest {
    comet_core::tasks::TaskRequest::Replicate {
        model: "black-forest-labs/flux-schnell".into(),
        prompt: prompt.into(),
        params: Default::default(),
    }
}

/// A small PNG kept in the image store (a reference, a mask, a blend part).
pub fn kept_picture(h: &Harness, seed: u8) -> String {
    let image = image::RgbImage::from_pixel(64, 64, image::Rgb([seed, 255 - seed, 90]));
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("encodes");
    h.attachments.add(png.get_ref()).expect("kept").file
}
