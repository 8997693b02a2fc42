//! `POST /v1/images/generations` and downloading what image models link
//! to. A gateway timeout is never retried here: the image may already be
//! billed, so the user decides.

use super::errors::{from_status, from_transport, redact};
use super::retry::is_retryable_status;
use super::wire::WireUsage;
use super::CometClient;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::ApiKey;
use base64::Engine;
use serde::Deserialize;
use std::time::Duration;

/// One result: the bytes came inline, or a link to fetch now.
#[derive(Debug, Clone)]
pub enum ImageData {
    Bytes(Vec<u8>),
    Url(String),
}

#[derive(Debug, Clone)]
pub struct GeneratedImage {
    pub data: ImageData,
    pub revised_prompt: Option<String>,
}

/// What `/v1/images/edits` is sent: the files' bytes and the settings.
#[derive(Debug, Clone, Default)]
pub struct ImageEdit {
    pub model: String,
    pub prompt: String,
    pub n: u32,
    pub size: Option<String>,
    pub quality: Option<String>,
    /// `(file name, bytes)` of the picture to change.
    pub image: (String, Vec<u8>),
    pub mask: Option<(String, Vec<u8>)>,
}

impl ImageEdit {
    fn form(&self) -> reqwest::multipart::Form {
        let part = |(name, bytes): &(String, Vec<u8>)| {
            let mime = crate::media_files::mime_of(name);
            reqwest::multipart::Part::bytes(bytes.clone())
                .file_name(name.clone())
                .mime_str(mime)
                .unwrap_or_else(|_| reqwest::multipart::Part::bytes(bytes.clone()))
        };
        let mut form = reqwest::multipart::Form::new()
            .text("model", self.model.clone())
            .text("prompt", self.prompt.clone())
            .text("n", self.n.to_string())
            .part("image", part(&self.image));
        if let Some(mask) = &self.mask {
            form = form.part("mask", part(mask));
        }
        if let Some(size) = &self.size {
            form = form.text("size", size.clone());
        }
        if let Some(quality) = &self.quality {
            form = form.text("quality", quality.clone());
        }
        form
    }
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    data: Vec<Item>,
    #[serde(default)]
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    b64_json: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    revised_prompt: Option<String>,
}

impl CometClient {
    pub async fn generate_images(
        &self,
        key: &ApiKey,
        body: &serde_json::Value,
    ) -> AppResult<(Vec<GeneratedImage>, Option<WireUsage>)> {
        self.image_call(key, "/v1/images/generations", || {
            self.http
                .post(self.url("/v1/images/generations"))
                .json(body)
        })
        .await
    }

    /// `POST /v1/images/edits`: the reference image (and a mask, whose
    /// transparent pixels mark what to redraw) as multipart parts.
    pub async fn edit_images(
        &self,
        key: &ApiKey,
        edit: &ImageEdit,
    ) -> AppResult<(Vec<GeneratedImage>, Option<WireUsage>)> {
        self.image_call(key, "/v1/images/edits", || {
            self.http
                .post(self.url("/v1/images/edits"))
                .multipart(edit.form())
        })
        .await
    }

    /// Sends (again, on a retryable failure) what `request` builds. A
    /// gateway timeout is never retried: the image may be billed already.
    async fn image_call(
        &self,
        key: &ApiKey,
        path: &str,
        request: impl Fn() -> reqwest::RequestBuilder,
    ) -> AppResult<(Vec<GeneratedImage>, Option<WireUsage>)> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let response = request()
                .bearer_auth(key.expose())
                .timeout(Duration::from_secs(600))
                .send()
                .await
                .map_err(|e| from_transport(&e))?;
            let status = response.status();
            let text = response.text().await.map_err(|e| from_transport(&e))?;
            if status.is_success() {
                return parse(&text);
            }
            let retry = is_retryable_status(status)
                && !matches!(status.as_u16(), 504 | 524)
                && self.retry.may_retry(attempts);
            if !retry {
                let mut error = from_status(status, &text);
                error.message = redact(&error.message, key.expose());
                if matches!(status.as_u16(), 504 | 524) {
                    error.message = format!("{} The image may already have been billed: try again only if you want another.", error.message);
                }
                tracing::debug!(path, status = status.as_u16(), "image call failed");
                return Err(error);
            }
            tokio::time::sleep(self.retry.delay(attempts, None)).await;
        }
    }
}

fn parse(text: &str) -> AppResult<(Vec<GeneratedImage>, Option<WireUsage>)> {
    let answer: Answer = serde_json::from_str(text).map_err(|_| {
        AppError::new(
            ErrorCode::BadResponse,
            "CometAPI's image answer could not be read.",
        )
    })?;
    let mut images = Vec::new();
    for item in answer.data {
        let data = match (item.b64_json, item.url) {
            (Some(b64), _) => ImageData::Bytes(
                base64::engine::general_purpose::STANDARD
                    .decode(b64.trim())
                    .map_err(|_| {
                        AppError::new(
                            ErrorCode::BadResponse,
                            "An image in CometAPI's answer could not be decoded.",
                        )
                    })?,
            ),
            (None, Some(url)) => ImageData::Url(url),
            (None, None) => continue,
        };
        images.push(GeneratedImage {
            data,
            revised_prompt: item.revised_prompt,
        });
    }
    if images.is_empty() {
        return Err(AppError::new(
            ErrorCode::BadResponse,
            "CometAPI answered without an image.",
        ));
    }
    Ok((images, answer.usage))
}
