//! Gallery images out to a folder the user chose: each picture with a
//! sidecar JSON of the same name holding its prompt and settings, so it can
//! be found and made again elsewhere. Names come from prompts through
//! `safe_stem` and never leave the folder; nothing there is overwritten.

use crate::error::{AppError, AppResult};
use crate::file_names::safe_stem;
use crate::files::write_atomically;
use crate::image_files::ImageFiles;
use crate::store::{GalleryImage, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ExportedImages {
    pub folder: String,
    /// Pictures written (each with its sidecar).
    pub count: u32,
    /// The first picture's path, to reveal it.
    pub first: Option<String>,
}

/// What the sidecar holds: enough to find the picture again and redo it.
#[derive(Serialize)]
struct Sidecar<'a> {
    prompt: &'a str,
    revised_prompt: Option<&'a str>,
    model: &'a str,
    size: Option<&'a str>,
    width: u32,
    height: u32,
    cost_usd: Option<f64>,
    source: &'a str,
    tags: &'a [String],
    created_at: String,
    parent_id: Option<i64>,
    comet_desk_id: i64,
    app: &'static str,
}

/// Shorter than a full stem: room for the id and the extension.
fn stem_of(image: &GalleryImage) -> String {
    let words: String = safe_stem(&image.prompt).chars().take(60).collect();
    format!("{} {}", words.trim_end_matches(['.', ' ']), image.id)
}

/// `<stem>.<ext>`, or `<stem> (2).<ext>` and on while taken.
fn free_name(folder: &Path, stem: &str, extension: &str) -> PathBuf {
    let mut path = folder.join(format!("{stem}.{extension}"));
    let mut n = 2;
    while path.exists() || path.with_extension("json").exists() {
        path = folder.join(format!("{stem} ({n}).{extension}"));
        n += 1;
    }
    path
}

fn iso_time(ms: i64) -> String {
    // RFC 3339 in UTC without a date crate: days from the civil calendar.
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

pub fn export_images(
    store: &Store,
    files: &ImageFiles,
    ids: &[i64],
    folder: &Path,
) -> AppResult<ExportedImages> {
    if ids.is_empty() {
        return Err(AppError::invalid_input("Select at least one image."));
    }
    std::fs::create_dir_all(folder).map_err(AppError::file)?;
    let mut count = 0;
    let mut first = None;
    for id in ids {
        let image = store.image(*id)?;
        let bytes = files.bytes(&image.file)?;
        let extension = if image.file.ends_with(".jpg") {
            "jpg"
        } else {
            "png"
        };
        let target = free_name(folder, &stem_of(&image), extension);
        // safe_stem leaves no separators, but check where it landed anyway.
        if target.parent() != Some(folder) {
            return Err(AppError::invalid_input(
                "That file name would leave the folder.",
            ));
        }
        let sidecar = Sidecar {
            prompt: &image.prompt,
            revised_prompt: image.revised_prompt.as_deref(),
            model: &image.model,
            size: image.size.as_deref(),
            width: image.width,
            height: image.height,
            cost_usd: image.cost_usd,
            source: &image.source,
            tags: &image.tags,
            created_at: iso_time(image.created_at),
            parent_id: image.parent_id,
            comet_desk_id: image.id,
            app: "Comet Desk",
        };
        let json = serde_json::to_vec_pretty(&sidecar).map_err(AppError::storage)?;
        write_atomically(&target, &bytes)?;
        write_atomically(&target.with_extension("json"), &json)?;
        first.get_or_insert_with(|| target.display().to_string());
        count += 1;
    }
    Ok(ExportedImages {
        folder: folder.display().to_string(),
        count,
        first,
    })
}

#[cfg(test)]
mod tests {
    use super::iso_time;

    #[test]
    fn times_are_rfc_3339_in_utc() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(1_795_000_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(iso_time(951_782_400_000), "2000-02-29T00:00:00Z");
    }
}
