//! After a generation: its price, and keeping what it made (links
//! fetched now, every image checked by decoding it, then stored with its
//! thumbnail and recorded in the gallery).

use super::studio::{GenerateRequest, ImageEvent, Studio};
use crate::client::{CometClient, GeneratedImage, ImageData, WireUsage};
use crate::error::{AppError, AppResult};
use crate::media_files::{MediaFiles, PreparedImage};
use crate::store::{ApiCall, NewImage};
use std::sync::Arc;

/// Fetches a link now (or takes the bytes), checks them by decoding and
/// keeps the file with its thumbnail, off the async threads.
pub(crate) async fn fetch_and_keep(
    client: &CometClient,
    files: &Arc<MediaFiles>,
    data: ImageData,
) -> AppResult<(PreparedImage, String)> {
    let files = files.clone();
    match data {
        ImageData::Bytes(bytes) => tokio::task::spawn_blocking(move || files.keep(&bytes)),
        ImageData::Url(url) => {
            // Streamed to disk and kept by a rename: a 50 MB result is
            // never whole in memory, a cut download never kept.
            let download = client.download_to(&url, &files.partial_dir()).await?;
            tokio::task::spawn_blocking(move || files.keep_download(download))
        }
    }
    .await
    .map_err(AppError::storage)?
}

impl Studio {
    pub(super) fn price(&self, call: &mut ApiCall, usage: Option<&WireUsage>, images: u32) {
        if let Some(u) = usage {
            call.prompt_tokens = u.prompt_tokens;
            call.completion_tokens = u.completion_tokens;
            call.total_tokens = u.total_tokens;
        }
        call.price = self.catalogue.price_of(&call.model);
        call.cost_usd = call.price.as_ref().map(|p| {
            let tokens = p
                .cost(
                    call.prompt_tokens.unwrap_or(0),
                    call.completion_tokens.unwrap_or(0),
                )
                .unwrap_or(0.0);
            let per_request = p.per_request.unwrap_or(0.0);
            // Per-request prices are per image; token prices cover the call.
            tokens - per_request + per_request * f64::from(images)
        });
    }

    /// Fetches links, checks every image by decoding it, keeps it.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn save_all(
        &self,
        generation_id: i64,
        prompt: &str,
        model: &str,
        request: &GenerateRequest,
        images: Vec<GeneratedImage>,
        call: &mut ApiCall,
        emit: &mut (dyn FnMut(ImageEvent) + Send),
    ) -> AppResult<u32> {
        let client = self.client.current();
        // The parent may have been deleted while this ran.
        let parent_id = request.parent_id.filter(|id| self.store.image(*id).is_ok());
        let each_cost = call.cost_usd.map(|c| c / images.len().max(1) as f64);
        let mut saved = 0;
        let mut first_error = None;
        // Fetched and thumbnailed side by side (one core each), kept in order.
        let fetched = futures_util::future::join_all(images.into_iter().map(|image| {
            let (client, files) = (&client, &self.files);
            async move {
                let kept = fetch_and_keep(client, files, image.data).await;
                (image.revised_prompt, kept)
            }
        }))
        .await;
        for (revised_prompt, kept) in fetched {
            match kept {
                Ok((file, thumb)) => {
                    let row = self.store.add_image(&NewImage {
                        generation_id: Some(generation_id),
                        file: file.file,
                        thumb,
                        width: file.width,
                        height: file.height,
                        prompt: prompt.to_owned(),
                        revised_prompt,
                        model: model.to_owned(),
                        size: request.size.clone(),
                        cost_usd: each_cost,
                        source: "studio".into(),
                        parent_id,
                        message_id: None,
                        source_url: None,
                        ..NewImage::default()
                    })?;
                    saved += 1;
                    emit(ImageEvent::Saved { image: row });
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        match (saved, first_error) {
            (0, Some(error)) => Err(error),
            _ => Ok(saved),
        }
    }
}
