//! Videos and songs, streamed to a file beside the media store with
//! progress: capped (a 500 MB clip is the most a model makes), refused
//! before it starts when the disk lacks room, and never kept whole in
//! memory. Sora's results come from `/v1/videos/{id}/content`, which needs
//! the key; every other family's link is a plain delivery URL.

use super::download::Downloaded;
use super::errors::from_transport;
use super::CometClient;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::ApiKey;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// Room kept free on the disk after a download (the database, the OS).
const SPARE_BYTES: u64 = 64 * 1024 * 1024;
/// A slow link still brings a 500 MB clip within this.
const MEDIA_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// Progress is told this often (in bytes), not every few-kB chunk.
const PROGRESS_STEP: u64 = 256 * 1024;

pub enum MediaSource<'a> {
    /// A delivery link (no key is sent with it).
    Link(&'a str),
    /// A path on CometAPI, fetched with the key.
    Api { path: &'a str, key: &'a ApiKey },
}

fn no_room(free: u64) -> AppError {
    AppError::new(
        ErrorCode::Storage,
        format!(
            "There is not enough free disk space to keep this file ({} MB free). \
             Free some space, then Check again.",
            free / (1024 * 1024)
        ),
    )
}

impl CometClient {
    /// Streams the file into a new temporary file in `dir`; `progress`
    /// hears (bytes so far, total if known).
    pub async fn download_media(
        &self,
        source: MediaSource<'_>,
        dir: &Path,
        max_bytes: u64,
        progress: &(dyn Fn(u64, Option<u64>) + Send + Sync),
    ) -> AppResult<Downloaded> {
        let request = match source {
            MediaSource::Link(url) => self.http.get(super::download::web_link(url, "result")?),
            MediaSource::Api { path, key } => {
                self.http.get(self.url(path)).bearer_auth(key.expose())
            }
        };
        let response = request
            .timeout(MEDIA_TIMEOUT)
            .send()
            .await
            .map_err(|e| from_transport(&e.without_url()))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(AppError::new(
                if status >= 500 {
                    ErrorCode::ServerError
                } else {
                    ErrorCode::NotFound
                },
                format!(
                    "The file could not be fetched (HTTP {status}). Its link may have expired."
                ),
            ));
        }
        let total = response.content_length();
        let too_big = || {
            AppError::new(
                ErrorCode::TooLarge,
                format!(
                    "The file is larger than {} MB, so it was not kept.",
                    max_bytes / (1024 * 1024)
                ),
            )
        };
        if total.is_some_and(|n| n > max_bytes) {
            return Err(too_big());
        }
        std::fs::create_dir_all(dir).map_err(AppError::storage)?;
        let free = super::super::media_files::free_space(dir);
        if let Some(free) = free {
            if free < total.unwrap_or(0) + SPARE_BYTES {
                return Err(no_room(free));
            }
        }
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(AppError::storage)?;
        let mut hash = Sha256::new();
        let (mut len, mut told) = (0u64, 0u64);
        let mut body = response.bytes_stream();
        progress(0, total);
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| from_transport(&e.without_url()))?;
            len += chunk.len() as u64;
            if len > max_bytes {
                return Err(too_big());
            }
            if free.is_some_and(|free| len + SPARE_BYTES > free) {
                return Err(no_room(free.unwrap_or(0)));
            }
            hash.update(&chunk);
            file.write_all(&chunk).map_err(AppError::storage)?;
            if len - told >= PROGRESS_STEP {
                told = len;
                progress(len, total);
            }
        }
        if total.is_some_and(|n| n != len) {
            return Err(AppError::new(
                ErrorCode::Interrupted,
                "The download stopped before the end of the file.",
            ));
        }
        file.flush().map_err(AppError::storage)?;
        progress(len, total.or(Some(len)));
        Ok(Downloaded {
            file,
            sha256: hash.finalize().into(),
        })
    }
}
