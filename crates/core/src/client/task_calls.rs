//! The task families' routes (`/mj/...`, `/replicate/...`, `/v1/videos`,
//! `/kling/...`, `/suno/...`):
//! the answer comes back raw, status and text, because each family has
//! its own envelope and its own idea of an error; the adapters read it.
//! Nothing here retries: a submit sent twice may be billed twice.

use super::errors::from_transport;
use super::CometClient;
use crate::error::AppResult;
use crate::secret::ApiKey;
use futures_util::StreamExt;
use std::time::Duration;

/// Status answers are small; a body past this is cut (and will not parse).
const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct RawAnswer {
    pub status: u16,
    pub body: String,
}

impl CometClient {
    pub async fn task_post(
        &self,
        key: &ApiKey,
        path: &str,
        body: &serde_json::Value,
        timeout: Duration,
    ) -> AppResult<RawAnswer> {
        let request = self.http.post(self.url(path)).json(body);
        self.task_send(key, request, timeout).await
    }

    /// A multipart submit (`/v1/videos`): text fields, then files as
    /// (field, file name, bytes, MIME type).
    pub async fn task_post_form(
        &self,
        key: &ApiKey,
        path: &str,
        fields: &[(String, String)],
        files: Vec<(String, String, Vec<u8>, &'static str)>,
        timeout: Duration,
    ) -> AppResult<RawAnswer> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.clone(), value.clone());
        }
        for (name, file_name, bytes, mime) in files {
            let part = reqwest::multipart::Part::bytes(bytes)
                .file_name(file_name)
                .mime_str(mime)
                .map_err(|e| crate::error::AppError::invalid_input(e.to_string()))?;
            form = form.part(name, part);
        }
        let request = self.http.post(self.url(path)).multipart(form);
        self.task_send(key, request, timeout).await
    }

    /// A JSON submit with extra headers (Runway's `X-Runway-Version`).
    pub async fn task_post_with(
        &self,
        key: &ApiKey,
        path: &str,
        body: &serde_json::Value,
        headers: &[(&'static str, &'static str)],
        timeout: Duration,
    ) -> AppResult<RawAnswer> {
        let mut request = self.http.post(self.url(path)).json(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.task_send(key, request, timeout).await
    }

    pub async fn task_get(
        &self,
        key: &ApiKey,
        path: &str,
        timeout: Duration,
    ) -> AppResult<RawAnswer> {
        self.task_get_with(key, path, &[], timeout).await
    }

    /// A GET with headers a family requires (Runway's API version).
    pub async fn task_get_with(
        &self,
        key: &ApiKey,
        path: &str,
        headers: &[(&'static str, &'static str)],
        timeout: Duration,
    ) -> AppResult<RawAnswer> {
        let mut request = self.http.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.task_send(key, request, timeout).await
    }

    /// A small binary answer (a poster picture) with the key, at most 50 MB.
    pub async fn task_get_bytes(
        &self,
        key: &ApiKey,
        path: &str,
        timeout: Duration,
    ) -> AppResult<Vec<u8>> {
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(key.expose())
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| from_transport(&e.without_url()))?;
        if !response.status().is_success() {
            return Err(crate::error::AppError::not_found("The picture"));
        }
        let mut bytes = Vec::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| from_transport(&e.without_url()))?;
            if bytes.len() + chunk.len() > super::MAX_IMAGE_BYTES {
                return Err(crate::error::AppError::new(
                    crate::error::ErrorCode::TooLarge,
                    "The picture is too large.",
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    async fn task_send(
        &self,
        key: &ApiKey,
        request: reqwest::RequestBuilder,
        timeout: Duration,
    ) -> AppResult<RawAnswer> {
        let response = request
            .bearer_auth(key.expose())
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| from_transport(&e.without_url()))?;
        let status = response.status().as_u16();
        let mut bytes = Vec::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| from_transport(&e.without_url()))?;
            let room = MAX_ANSWER_BYTES.saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if room <= chunk.len() {
                break;
            }
        }
        Ok(RawAnswer {
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}
