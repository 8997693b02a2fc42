//! A finished task's results, downloaded at once (the links expire),
//! checked by decoding, kept content-addressed with a thumbnail and
//! recorded in the gallery with the task, family, prompt and cost. A
//! download that fails keeps nothing; results already kept are not
//! fetched twice.

use super::record::TaskOutput;
use super::TaskEngine;
use crate::client::ImageData;
use crate::error::AppResult;
use crate::images::fetch_and_keep;
use crate::store::{NewImage, TaskRow};

impl TaskEngine {
    pub(crate) async fn keep_outputs(&self, row: &mut TaskRow, urls: &[String]) -> AppResult<()> {
        let client = self.client.current();
        let each_cost = row.task.cost_usd.map(|c| c / urls.len().max(1) as f64);
        // The gallery image it was made from may have been deleted since.
        let parent = row
            .task
            .parent_image_id
            .filter(|id| self.store.image(*id).is_ok());
        for url in urls.iter().skip(row.task.outputs.len()) {
            let (file, thumb) =
                fetch_and_keep(&client, &self.files, ImageData::Url(url.clone())).await?;
            let image = self.store.add_image(&NewImage {
                file: file.file,
                thumb,
                width: file.width,
                height: file.height,
                prompt: row.task.prompt.clone(),
                model: row.task.model.clone(),
                cost_usd: each_cost,
                source: "studio".into(),
                parent_id: parent,
                task_id: Some(row.task.id),
                family: Some(row.task.family.as_str().to_owned()),
                ..NewImage::default()
            })?;
            row.task.outputs.push(TaskOutput::of(&image));
            let _ = self.events.send(super::TaskEvent::Kept {
                task_id: row.task.id,
                image,
            });
        }
        Ok(())
    }

    /// The live preview as a small file in the image store; `None` when it
    /// could not be fetched (the next poll brings another).
    pub(crate) async fn keep_preview(&self, url: &str) -> Option<String> {
        let bytes = self.client.current().download_image(url).await.ok()?;
        let files = self.files.clone();
        let kept = tokio::task::spawn_blocking(move || files.add(&bytes))
            .await
            .ok()?;
        kept.ok().map(|image| image.file)
    }
}
