//! A finished video or song task's results: each streamed to the partial
//! folder with progress (told as `TaskEvent::Downloading`), checked to be
//! the media it claims (`media_files::check`), kept under its hash and
//! recorded in the library with its poster or cover, duration, title and
//! lyrics. What a crash cut short is cleared at the next start and
//! fetched again whole; results already kept are not fetched twice.

use super::record::TaskOutput;
use super::wire::{PollReport, API_PATH};
use super::{TaskEngine, TaskEvent};
use crate::client::MediaSource;
use crate::error::AppResult;
use crate::media_files::MediaKind;
use crate::store::{NewImage, TaskRow};

/// The most a clip may weigh; a song is far smaller.
pub const MAX_VIDEO_BYTES: u64 = 500 * 1024 * 1024;
pub const MAX_AUDIO_BYTES: u64 = 100 * 1024 * 1024;

impl TaskEngine {
    pub(crate) async fn keep_media_outputs(
        &self,
        row: &mut TaskRow,
        report: &PollReport,
    ) -> AppResult<()> {
        let kind = if row.kind == "video" {
            MediaKind::Video
        } else {
            MediaKind::Audio
        };
        let cap = if kind == MediaKind::Video {
            MAX_VIDEO_BYTES
        } else {
            MAX_AUDIO_BYTES
        };
        let client = self.client.current();
        let key = self.key()?;
        let urls = &report.output_urls;
        let each_cost = row.task.cost_usd.map(|c| c / urls.len().max(1) as f64);
        let parent = row
            .task
            .parent_image_id
            .filter(|id| self.store.image(*id).is_ok());
        if !report.clip_ids.is_empty() {
            row.context["clips"] = serde_json::json!(report.clip_ids);
        }
        // The library shows a song under its Suno version, not the price's name.
        let model = row.request["body"]["mv"]
            .as_str()
            .map_or_else(|| row.task.model.clone(), str::to_owned);
        for (index, url) in urls.iter().enumerate().skip(row.task.outputs.len()) {
            let task_id = row.task.id;
            let events = self.events.clone();
            let told = move |bytes: u64, total: Option<u64>| {
                let _ = events.send(TaskEvent::Downloading {
                    task_id,
                    bytes,
                    total,
                });
            };
            let source = match url.strip_prefix(API_PATH) {
                Some(path) => MediaSource::Api { path, key: &key },
                None => MediaSource::Link(url),
            };
            let download = client
                .download_media(source, &self.files.partial_dir(), cap, &told)
                .await?;
            let files = self.files.clone();
            let kept = tokio::task::spawn_blocking(move || files.keep_media(download, kind))
                .await
                .map_err(|e| crate::error::AppError::storage(e.to_string()))??;
            let meta = report.output_meta.get(index).cloned().unwrap_or_default();
            let poster = meta.cover_url.as_deref().or(report.poster_url.as_deref());
            let thumb = match poster {
                Some(link) => self.fetch_poster(link, &key).await.unwrap_or_default(),
                None => String::new(),
            };
            let image = self.store.add_image(&NewImage {
                file: kept.file,
                thumb,
                width: kept.info.width,
                height: kept.info.height,
                prompt: row.task.prompt.clone(),
                model: model.clone(),
                cost_usd: each_cost,
                source: "studio".into(),
                parent_id: parent,
                task_id: Some(row.task.id),
                family: Some(row.task.family.as_str().to_owned()),
                kind,
                duration_ms: Some(kept.info.duration_ms),
                title: meta.title.clone(),
                lyrics: meta.lyrics.clone(),
                source_url: (!url.starts_with(API_PATH)).then(|| url.clone()),
                ..NewImage::default()
            })?;
            row.task.outputs.push(TaskOutput::of(&image));
            let _ = self.events.send(TaskEvent::Kept {
                task_id: row.task.id,
                image,
            });
        }
        Ok(())
    }

    /// A poster or cover as a thumbnail; none when it cannot be had (the
    /// window draws one from the clip instead).
    async fn fetch_poster(&self, link: &str, key: &crate::secret::ApiKey) -> Option<String> {
        let client = self.client.current();
        let bytes = match link.strip_prefix(API_PATH) {
            Some(path) => client
                .task_get_bytes(key, path, self.timings.poll_timeout)
                .await
                .ok()?,
            None => client.download_image(link).await.ok()?,
        };
        let files = self.files.clone();
        tokio::task::spawn_blocking(move || files.keep_poster(&bytes))
            .await
            .ok()?
            .ok()
    }
}
