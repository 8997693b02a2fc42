//! Library items out to a folder the user chose: each picture, clip or
//! song with a sidecar JSON of the same name holding its prompt, settings,
//! title and lyrics, so it can be found and made again elsewhere. Names come from prompts through
//! `safe_stem` and never leave the folder; nothing there is overwritten.

use crate::error::{AppError, AppResult};
use crate::file_names::safe_stem;
use crate::files::write_atomically;
use crate::media_files::MediaFiles;
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
    /// `midjourney` or `replicate` for a task's result (with the task's id).
    #[serde(skip_serializing_if = "Option::is_none")]
    family: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    task_id: Option<i64>,
    kind: crate::media_files::MediaKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lyrics: Option<&'a str>,
    app: &'static str,
}

/// The extension an item is saved under: its stored file's own.
pub fn extension_of(image: &GalleryImage) -> &'static str {
    match image.file.rsplit('.').next() {
        Some("jpg") => "jpg",
        Some("mp4") => "mp4",
        Some("mp3") => "mp3",
        _ => "png",
    }
}

/// A copy of one item at `target`, with its sidecar beside it. The file is
/// copied on disk, never read whole (a clip can be 500 MB), into a
/// temporary name first, so a full disk leaves no half file.
pub fn save_copy(files: &MediaFiles, image: &GalleryImage, target: &Path) -> AppResult<()> {
    let source = files
        .path_of(&image.file)
        .ok_or_else(|| AppError::not_found("The file"))?;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(AppError::file)?;
    std::fs::copy(&source, temp.path()).map_err(AppError::file)?;
    temp.persist(target).map_err(|e| AppError::file(e.error))?;
    write_atomically(&target.with_extension("json"), &sidecar_of(image)?)
}

fn sidecar_of(image: &GalleryImage) -> AppResult<Vec<u8>> {
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
        created_at: crate::utc::rfc3339(image.created_at),
        parent_id: image.parent_id,
        comet_desk_id: image.id,
        family: image.family.as_deref(),
        task_id: image.task_id,
        kind: image.kind,
        duration_ms: image.duration_ms,
        title: image.title.as_deref(),
        lyrics: image.lyrics.as_deref(),
        app: "Comet Desk",
    };
    serde_json::to_vec_pretty(&sidecar).map_err(AppError::storage)
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

pub fn export_images(
    store: &Store,
    files: &MediaFiles,
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
        let target = free_name(folder, &stem_of(&image), extension_of(&image));
        // safe_stem leaves no separators, but check where it landed anyway.
        if target.parent() != Some(folder) {
            return Err(AppError::invalid_input(
                "That file name would leave the folder.",
            ));
        }
        save_copy(files, &image, &target)?;
        first.get_or_insert_with(|| target.display().to_string());
        count += 1;
    }
    Ok(ExportedImages {
        folder: folder.display().to_string(),
        count,
        first,
    })
}
