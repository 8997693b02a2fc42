//! Split grid: a finished 2×2 grid's quadrants kept as four gallery images,
//! cut here (no charge), each linked to the grid. Splitting twice gives
//! the same four.

use super::record::TaskStatus;
use super::TaskEngine;
use crate::error::{AppError, AppResult};
use crate::store::{GalleryImage, NewImage};
use std::io::Cursor;

const GRID_OPERATIONS: [&str; 4] = ["imagine", "variation", "reroll", "blend"];

impl TaskEngine {
    pub async fn split_grid(&self, task_id: i64) -> AppResult<Vec<GalleryImage>> {
        let task = self.store.task(task_id)?;
        let grid = match (task.status, task.outputs.first()) {
            (TaskStatus::Succeeded, Some(grid))
                if GRID_OPERATIONS.contains(&task.operation.as_str()) =>
            {
                grid.clone()
            }
            _ => {
                return Err(AppError::invalid_input(
                    "Only a finished four-picture grid can be split.",
                ))
            }
        };
        let existing = self.store.images_from(grid.image_id, "split")?;
        if existing.len() == 4 {
            return Ok(existing);
        }
        let bytes = self.files.bytes(&grid.file)?;
        let files = self.files.clone();
        let kept = tokio::task::spawn_blocking(move || -> AppResult<Vec<_>> {
            let picture = image::load_from_memory(&bytes)
                .map_err(|_| AppError::invalid_input("The grid could not be read."))?;
            let (w, h) = (picture.width() / 2, picture.height() / 2);
            let mut out = Vec::new();
            for (x, y) in [(0, 0), (w, 0), (0, h), (w, h)] {
                let mut png = Cursor::new(Vec::new());
                picture
                    .crop_imm(x, y, w, h)
                    .write_to(&mut png, image::ImageFormat::Png)
                    .map_err(AppError::storage)?;
                out.push(files.keep(png.get_ref())?);
            }
            Ok(out)
        })
        .await
        .map_err(AppError::storage)??;
        let mut images = Vec::new();
        for (file, thumb) in kept {
            images.push(self.store.add_image(&NewImage {
                file: file.file,
                thumb,
                width: file.width,
                height: file.height,
                prompt: task.prompt.clone(),
                model: task.model.clone(),
                cost_usd: Some(0.0),
                source: "split".into(),
                parent_id: Some(grid.image_id),
                task_id: Some(task.id),
                family: Some(task.family.as_str().to_owned()),
                ..NewImage::default()
            })?);
        }
        Ok(images)
    }
}
