//! Running generations: each has its own id, events and cancel token, so
//! several run at once. The generation row is written first; whatever
//! happens, it ends done, failed or cancelled, never missing.

use super::progress::{images as image_links, progress, Progress};
use crate::catalogue::{Catalogue, ModelKind};
use crate::client::{
    ChatRequest, Endpoint, GeneratedImage, ImageData, ImageEdit, ImageUrl, SharedClient,
    StreamEvent, WireContent, WireMessage, WirePart, WireUsage,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::media_files::MediaFiles;
use crate::secret::{ApiKey, KeySource};
use crate::store::{ApiCall, CallKind, GalleryImage, GenerationStatus, Store};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct GenerateRequest {
    pub prompt: String,
    pub model: String,
    /// `1024x1024` and alike; the model's default when absent.
    #[serde(default)]
    pub size: Option<String>,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub quality: Option<String>,
    /// A picture to change ("edit this image", or one the user picked): a
    /// file name from the image store. Chat image models see it as an
    /// image in the question; the others get `/v1/images/edits`.
    #[serde(default)]
    pub reference: Option<String>,
    /// Transparent pixels mark what to redraw (edits endpoint only).
    #[serde(default)]
    pub mask: Option<String>,
    /// The gallery image the reference is, so results record their parent.
    #[serde(default)]
    pub parent_id: Option<i64>,
}

fn one() -> u32 {
    1
}

/// What the Images view hears about one generation, in order: `started`,
/// any `progress`, a `saved` per image, then `done` or `failed`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "snake_case")]
// Each event is built once and serialised at once: its size never matters.
#[allow(clippy::large_enum_variant)]
pub enum ImageEvent {
    Started { generation_id: i64 },
    Progress { progress: Progress },
    Saved { image: GalleryImage },
    Done { generation_id: i64, saved: u32 },
    Failed { generation_id: i64, error: AppError },
}

pub struct Studio {
    pub(super) store: Arc<Store>,
    pub(super) client: Arc<SharedClient>,
    keys: Arc<dyn KeySource>,
    pub(super) files: Arc<MediaFiles>,
    pub(super) catalogue: Arc<Catalogue>,
    running: Mutex<HashMap<i64, CancellationToken>>,
}

impl Studio {
    pub fn new(
        store: Arc<Store>,
        client: Arc<SharedClient>,
        keys: Arc<dyn KeySource>,
        files: Arc<MediaFiles>,
        catalogue: Arc<Catalogue>,
    ) -> Self {
        Self {
            store,
            client,
            keys,
            files,
            catalogue,
            running: Mutex::new(HashMap::new()),
        }
    }

    pub fn cancel(&self, generation_id: i64) -> bool {
        match self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&generation_id)
        {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// `Err` means nothing was started (the prompt stays in the box).
    pub async fn generate(
        &self,
        request: &GenerateRequest,
        emit: &mut (dyn FnMut(ImageEvent) + Send),
    ) -> AppResult<()> {
        let prompt = request.prompt.trim();
        if prompt.is_empty() {
            return Err(AppError::invalid_input("Describe the image first."));
        }
        let model = request.model.trim();
        if model.is_empty() {
            return Err(AppError::invalid_input("Pick a model first."));
        }
        for file in [&request.reference, &request.mask].into_iter().flatten() {
            if !self.files.path_of(file).is_some_and(|p| p.exists()) {
                return Err(AppError::invalid_input(
                    "The reference image is no longer there. Pick it again.",
                ));
            }
        }
        let count = request.count.clamp(1, 4);
        let key = self.keys.read()?.ok_or_else(|| {
            AppError::new(ErrorCode::NoKey, "Add your CometAPI key in Settings first.")
        })?;
        let id =
            self.store
                .start_generation(prompt, model, request.size.as_deref(), count, "studio")?;
        let token = CancellationToken::new();
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, token.clone());
        emit(ImageEvent::Started { generation_id: id });
        let started = Instant::now();
        let mut call = ApiCall {
            kind: CallKind::Image,
            model: model.to_owned(),
            ..ApiCall::default()
        };
        let outcome = tokio::select! {
            _ = token.cancelled() => Err(None),
            made = self.make(&key, prompt, model, request, count, &mut call, emit) => made.map_err(Some),
        };
        call.latency_ms = started.elapsed().as_millis() as i64;
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
        let result = match outcome {
            Ok(images) => {
                self.save_all(id, prompt, model, request, images, &mut call, emit)
                    .await
            }
            Err(None) => {
                self.store
                    .finish_generation(id, GenerationStatus::Cancelled, None)?;
                emit(ImageEvent::Failed {
                    generation_id: id,
                    error: AppError::new(ErrorCode::Interrupted, "Cancelled."),
                });
                return Ok(());
            }
            Err(Some(error)) => Err(error),
        };
        if let Err(err) = self.store.record_api_call(&call) {
            tracing::warn!(%err, "could not record the image call");
        }
        match result {
            Ok(saved) => {
                self.store
                    .finish_generation(id, GenerationStatus::Done, None)?;
                emit(ImageEvent::Done {
                    generation_id: id,
                    saved,
                });
            }
            Err(error) => {
                let error = AppError {
                    message: crate::client::redact(&error.message, key.expose()),
                    ..error
                };
                self.store
                    .finish_generation(id, GenerationStatus::Failed, Some(&error))?;
                emit(ImageEvent::Failed {
                    generation_id: id,
                    error,
                });
            }
        }
        Ok(())
    }

    /// Asks the model; returns what it made (bytes or links) and fills the call.
    #[allow(clippy::too_many_arguments)]
    async fn make(
        &self,
        key: &ApiKey,
        prompt: &str,
        model: &str,
        request: &GenerateRequest,
        count: u32,
        call: &mut ApiCall,
        emit: &mut (dyn FnMut(ImageEvent) + Send),
    ) -> AppResult<Vec<GeneratedImage>> {
        let client = self.client.current();
        // Chat image models (gpt-4o-image) answer Markdown through chat.
        if self.catalogue.has_kind(model, ModelKind::Chat) {
            call.endpoint = Endpoint::ChatCompletions.path().into();
            let question = match &request.reference {
                None => WireMessage::text("user", prompt),
                Some(file) => WireMessage {
                    role: "user".into(),
                    content: WireContent::Parts(vec![
                        WirePart::Text {
                            text: prompt.to_owned(),
                        },
                        WirePart::ImageUrl {
                            image_url: ImageUrl {
                                url: self.files.data_url(file)?,
                            },
                        },
                    ]),
                },
            };
            let mut chat = ChatRequest::streaming(model, vec![question]);
            chat.billed_on_timeout = true;
            let mut stream = client
                .open_chat_stream(key, &chat, Endpoint::ChatCompletions, &mut |_| {})
                .await
                .map_err(|failure| {
                    call.status = failure.status;
                    failure.error
                })?;
            call.status = Some(stream.status);
            let mut text = String::new();
            let mut last: Option<Progress> = None;
            let mut usage: Option<WireUsage> = None;
            while let Some(event) = stream.next().await {
                match event? {
                    StreamEvent::Delta(piece) => {
                        text.push_str(&piece);
                        let now = progress(&text);
                        if now.is_some() && now != last {
                            last = now.clone();
                            if let Some(progress) = now {
                                emit(ImageEvent::Progress { progress });
                            }
                        }
                    }
                    StreamEvent::Usage(u) => usage = Some(u),
                    StreamEvent::Finish(_)
                    | StreamEvent::Thinking(_)
                    | StreamEvent::Signature(_) => {}
                }
            }
            self.price(call, usage.as_ref(), 1);
            let links = image_links(&text);
            if links.is_empty() {
                return Err(AppError::new(
                    ErrorCode::BadResponse,
                    "The model answered without an image. Try again or rephrase the prompt.",
                ));
            }
            return Ok(links
                .into_iter()
                .map(|url| GeneratedImage {
                    data: ImageData::Url(url),
                    revised_prompt: None,
                })
                .collect());
        }
        if let Some(reference) = &request.reference {
            call.endpoint = "/v1/images/edits".into();
            let mask = match &request.mask {
                Some(file) => Some((file.clone(), self.files.bytes(file)?)),
                None => None,
            };
            let edit = ImageEdit {
                model: model.to_owned(),
                prompt: prompt.to_owned(),
                n: count,
                size: request.size.clone(),
                quality: request.quality.clone(),
                image: (reference.clone(), self.files.bytes(reference)?),
                mask,
            };
            let (images, usage) = client.edit_images(key, &edit).await?;
            call.status = Some(200);
            self.price(call, usage.as_ref(), images.len() as u32);
            return Ok(images);
        }
        call.endpoint = "/v1/images/generations".into();
        let mut body = serde_json::json!({ "model": model, "prompt": prompt, "n": count });
        if let Some(size) = &request.size {
            body["size"] = size.clone().into();
        }
        if let Some(quality) = &request.quality {
            body["quality"] = quality.clone().into();
        }
        let (images, usage) = client.generate_images(key, &body).await?;
        call.status = Some(200);
        self.price(call, usage.as_ref(), images.len() as u32);
        Ok(images)
    }
}
