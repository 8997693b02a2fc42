//! Fetching what a model links to (http and https only): into memory for
//! small things (previews), or streamed into a temporary file beside the
//! store for results, so a 50 MB picture (or a video) never sits whole in
//! memory and a download cut short never becomes a kept file.

use super::errors::from_transport;
use super::CometClient;
use crate::error::{AppError, AppResult, ErrorCode};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// Image links expire within the hour and images are big, but not this big.
pub const MAX_IMAGE_BYTES: usize = 50 * 1024 * 1024;
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(120);

/// A whole download in a temporary file (deleted when dropped unless the
/// store takes it), with the SHA-256 of its bytes, hashed as they came.
pub struct Downloaded {
    pub file: tempfile::NamedTempFile,
    pub sha256: [u8; 32],
}

fn too_big() -> AppError {
    AppError::new(ErrorCode::TooLarge, "The image is larger than 50 MB.")
}

/// A link a model gave, accepted only as a web address: a `file:` or other
/// scheme in an answer must never make us read or reach something local.
pub(crate) fn web_link(url: &str, what: &str) -> AppResult<url::Url> {
    let parsed = url::Url::parse(url)
        .map_err(|_| AppError::invalid_input(format!("The {what} link is not a web address.")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(AppError::invalid_input(
            "Only web links (http, https) are fetched.",
        ));
    }
    Ok(parsed)
}

impl CometClient {
    async fn open_download(&self, url: &str) -> AppResult<reqwest::Response> {
        let parsed = web_link(url, "image")?;
        let response = self
            .http
            .get(parsed)
            .timeout(DOWNLOAD_TIMEOUT)
            .send()
            .await
            .map_err(|e| from_transport(&e.without_url()))?;
        let status = response.status();
        if !status.is_success() {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!(
                    "The image could not be fetched (HTTP {}). Its link may have expired.",
                    status.as_u16()
                ),
            ));
        }
        if response
            .content_length()
            .is_some_and(|n| n as usize > MAX_IMAGE_BYTES)
        {
            return Err(too_big());
        }
        Ok(response)
    }

    /// Fetches an image link at most 50 MB into memory, now.
    pub async fn download_image(&self, url: &str) -> AppResult<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut body = self.open_download(url).await?.bytes_stream();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| from_transport(&e.without_url()))?;
            if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                return Err(too_big());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    /// Streams an image link at most 50 MB into a new temporary file in
    /// `dir` (on the store's own disk, so keeping it is a rename).
    pub async fn download_to(&self, url: &str, dir: &Path) -> AppResult<Downloaded> {
        let mut body = self.open_download(url).await?.bytes_stream();
        std::fs::create_dir_all(dir).map_err(AppError::storage)?;
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(AppError::storage)?;
        let mut hash = Sha256::new();
        let mut len = 0u64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| from_transport(&e.without_url()))?;
            len += chunk.len() as u64;
            if len > MAX_IMAGE_BYTES as u64 {
                return Err(too_big());
            }
            hash.update(&chunk);
            // Chunks are a few kB: a local write is shorter than a poll.
            file.write_all(&chunk).map_err(AppError::storage)?;
        }
        file.flush().map_err(AppError::storage)?;
        Ok(Downloaded {
            file,
            sha256: hash.finalize().into(),
        })
    }
}
