//! The CometAPI client: one reqwest client with the user's proxy, timeouts
//! that suit streaming, no redirects, and retries before the first event.

mod balance;
mod chat_stream;
mod daily_spend;
mod download;
mod embeddings;
mod endpoint;
mod errors;
mod event_reader;
mod images;
mod media_download;
mod messages_parse;
mod messages_wire;
mod models;
mod retry;
pub(crate) mod sse;
mod sse_parse;
mod stream_thread;
mod task_calls;
mod wire;

pub use balance::{Balance, KeyQuota};
pub use chat_stream::{ChatStream, OpenFailure, StreamEvent};
pub use daily_spend::ServerDay;
pub use download::{Downloaded, MAX_IMAGE_BYTES};
pub use embeddings::Embedded;
pub use endpoint::Endpoint;
pub use errors::redact;
pub use images::{GeneratedImage, ImageData, ImageEdit};
pub use media_download::MediaSource;
pub use retry::{RetryNotice, RetryPolicy};
pub use task_calls::RawAnswer;
pub use wire::{ChatRequest, ImageUrl, WireContent, WireMessage, WirePart, WireUsage};

use crate::error::{AppError, AppResult};
use crate::settings::{ProxySetting, Settings};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use stream_thread::StreamThread;

/// Knobs that tests and the app set differently; the defaults are the app's.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub base_url: String,
    /// CometAPI answers balance queries on another host.
    pub balance_url: String,
    pub proxy: ProxySetting,
    pub connect_timeout: Duration,
    /// The longest silence allowed between two reads. There is no total
    /// timeout: a long answer, or an image model, may take minutes.
    pub idle_timeout: Duration,
    pub retry: RetryPolicy,
}

impl ClientConfig {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            base_url: settings.base_url.clone(),
            balance_url: settings.balance_url.clone(),
            proxy: settings.proxy.clone(),
            connect_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(90),
            retry: RetryPolicy::default(),
        }
    }
}

pub struct CometClient {
    http: reqwest::Client,
    /// Answers' own client, whose connections live on the stream thread.
    stream_http: reqwest::Client,
    streams: Arc<StreamThread>,
    base_url: String,
    balance_url: String,
    retry: RetryPolicy,
    idle_timeout: Duration,
}

impl CometClient {
    pub fn new(config: &ClientConfig) -> AppResult<Self> {
        let streams = StreamThread::start().map_err(|err| {
            AppError::new(
                crate::error::ErrorCode::Network,
                format!("The thread that reads answers could not start: {err}"),
            )
        })?;
        Ok(Self {
            http: http_client(config)?
                .read_timeout(config.idle_timeout)
                .build()
                .map_err(start_failed)?,
            // Answers time out per batch of events (see chat_stream.rs).
            stream_http: http_client(config)?.build().map_err(start_failed)?,
            streams,
            base_url: config.base_url.trim_end_matches('/').to_owned(),
            balance_url: config.balance_url.trim_end_matches('/').to_owned(),
            retry: config.retry.clone(),
            idle_timeout: config.idle_timeout,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

fn http_client(config: &ClientConfig) -> AppResult<reqwest::ClientBuilder> {
    // reqwest is built without a crypto provider of its own (see Cargo.toml):
    // ring becomes the process's, once; a later call finds it there.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("CometDesk/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(config.connect_timeout)
        // A wrong base URL often answers 301 to an HTML page: report it
        // instead of following it (and re-sending the key elsewhere).
        .redirect(reqwest::redirect::Policy::none());
    builder = match &config.proxy {
        ProxySetting::System => builder,
        ProxySetting::None => builder.no_proxy(),
        ProxySetting::Custom { url } => builder.proxy(
            reqwest::Proxy::all(url)
                .map_err(|_| AppError::invalid_input("The proxy URL could not be used."))?,
        ),
    };
    Ok(builder)
}

fn start_failed(err: reqwest::Error) -> AppError {
    AppError::invalid_input(format!("The HTTP client could not start: {err}"))
}

/// The client in use, swapped whole when the user changes the base URL or
/// the proxy; requests in flight keep the client they started with.
pub struct SharedClient {
    current: RwLock<Arc<CometClient>>,
    template: ClientConfig,
}

impl SharedClient {
    pub fn new(config: ClientConfig) -> AppResult<Self> {
        let client = CometClient::new(&config)?;
        Ok(Self {
            current: RwLock::new(Arc::new(client)),
            template: config,
        })
    }

    pub fn current(&self) -> Arc<CometClient> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn apply(&self, settings: &Settings) -> AppResult<()> {
        let config = ClientConfig {
            base_url: settings.base_url.clone(),
            balance_url: settings.balance_url.clone(),
            proxy: settings.proxy.clone(),
            ..self.template.clone()
        };
        let client = Arc::new(CometClient::new(&config)?);
        match self.current.write() {
            Ok(mut guard) => *guard = client,
            Err(poisoned) => *poisoned.into_inner() = client,
        }
        Ok(())
    }
}

/// An error status of a raw answer (the task routes), in our words.
pub(crate) fn from_status_text(status: u16, body: &str) -> AppError {
    let status =
        reqwest::StatusCode::from_u16(status).unwrap_or(reqwest::StatusCode::INTERNAL_SERVER_ERROR);
    errors::from_status(status, body)
}
