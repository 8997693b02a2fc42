//! The app's media files: images attached to questions and kept in the
//! library, and the videos and songs kept beside them (`media.rs`).
//! Each is checked by decoding it and kept as a file named by the hash of
//! its bytes (the same picture twice is stored once). An attachment is made
//! no larger than 2048 px on its long side (models read no more); a gallery
//! image is kept whole, with a 384 px JPEG thumbnail beside it. Messages
//! and gallery rows refer to file names; nothing else is ever served.

use crate::client::Downloaded;
use crate::error::{AppError, AppResult};
use base64::Engine;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Cursor, Seek};
use std::path::{Path, PathBuf};

pub mod check;
pub mod ranges;

/// What a library item is: one table, one grid, one viewer for all three.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    #[default]
    Image,
    Video,
    /// A song (Suno) or any other sound.
    Audio,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "video" => Self::Video,
            "audio" => Self::Audio,
            _ => Self::Image,
        }
    }
}
mod media;
pub use media::{free_space, KeptMedia};

/// Models read images up to about this size; larger only costs more.
pub const MAX_SIDE: u32 = 2048;
/// A photo straight from a camera is well under this.
pub const MAX_INPUT_BYTES: u64 = 50 * 1024 * 1024;
/// Decoding stops before a tiny file can claim gigabytes of pixels.
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;
const MAX_DECODE_SIDE: u32 = 20_000;
/// The gallery grid's thumbnails, long side.
pub const THUMB_SIDE: u32 = 384;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PreparedImage {
    /// `<sha256>.png` or `<sha256>.jpg`: how messages refer to it.
    pub file: String,
    pub width: u32,
    pub height: u32,
}

pub struct MediaFiles {
    dir: PathBuf,
}

fn unreadable() -> AppError {
    AppError::invalid_input(
        "This file is not an image Comet Desk can read (PNG, JPEG, WebP or GIF).",
    )
}

impl MediaFiles {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Checks, downsizes if needed and stores an image; slow for big
    /// pictures, so call it off the UI thread.
    pub fn add(&self, bytes: &[u8]) -> AppResult<PreparedImage> {
        let (image, format) = decode(bytes)?;
        let (width, height) = (image.width(), image.height());
        let fits = width.max(height) <= MAX_SIDE;
        // JPEG and PNG are kept as they are when small enough; everything
        // else (WebP, GIF) becomes PNG, which every model reads.
        let (out, extension) = match format {
            ImageFormat::Jpeg if fits => (bytes.to_vec(), "jpg"),
            ImageFormat::Png if fits => (bytes.to_vec(), "png"),
            ImageFormat::Jpeg => (encode(&shrink(&image), ImageFormat::Jpeg)?, "jpg"),
            _ => (encode(&shrink(&image), ImageFormat::Png)?, "png"),
        };
        let stored = if fits { image } else { shrink(&image) };
        let file = format!("{}.{extension}", hex(&Sha256::digest(&out)));
        self.write(&file, &out)?;
        Ok(PreparedImage {
            file,
            width: stored.width(),
            height: stored.height(),
        })
    }

    /// Keeps a generated image whole (PNG and JPEG as they came, others as
    /// PNG) and writes its thumbnail. Returns the image and the thumbnail.
    pub fn keep(&self, bytes: &[u8]) -> AppResult<(PreparedImage, String)> {
        let (image, format) = decode(bytes)?;
        let (out, extension) = match format {
            ImageFormat::Jpeg => (bytes.to_vec(), "jpg"),
            ImageFormat::Png => (bytes.to_vec(), "png"),
            _ => (encode(&image, ImageFormat::Png)?, "png"),
        };
        let hash = hex(&Sha256::digest(&out));
        let file = format!("{hash}.{extension}");
        self.write(&file, &out)?;
        self.thumbnail(&hash, &image, file)
    }

    /// Keeps a downloaded file: checked by decoding it from disk, then
    /// renamed to its hash (PNG and JPEG) or re-encoded (others). A
    /// download that does not decode is deleted, never kept.
    pub fn keep_download(&self, download: Downloaded) -> AppResult<(PreparedImage, String)> {
        let opened = download.file.reopen().map_err(AppError::storage)?;
        let (image, format) = decode_from(ImageReader::new(BufReader::new(opened)))?;
        let extension = match format {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            _ => {
                let png = encode(&image, ImageFormat::Png)?;
                let hash = hex(&Sha256::digest(&png));
                let file = format!("{hash}.png");
                self.write(&file, &png)?;
                return self.thumbnail(&hash, &image, file);
            }
        };
        let hash = hex(&download.sha256);
        let file = format!("{hash}.{extension}");
        let path = self.dir.join(&file);
        if !path.exists() {
            download
                .file
                .persist(&path)
                .map_err(|e| AppError::storage(e.error))?;
        }
        self.thumbnail(&hash, &image, file)
    }

    /// Where downloads are written while they come: inside the store's own
    /// folder (a rename keeps them), cleared at start of what a crash left.
    pub fn partial_dir(&self) -> PathBuf {
        self.dir.join("partial")
    }

    /// Deletes what downloads cut short by a crash left behind.
    pub fn clear_partials(&self) {
        let _ = std::fs::remove_dir_all(self.partial_dir());
    }

    fn thumbnail(
        &self,
        hash: &str,
        image: &DynamicImage,
        file: String,
    ) -> AppResult<(PreparedImage, String)> {
        let thumb = format!("{hash}.thumb.jpg");
        if !self.dir.join(&thumb).exists() {
            let small = image.thumbnail(THUMB_SIDE, THUMB_SIDE);
            self.write(&thumb, &encode(&small, ImageFormat::Jpeg)?)?;
        }
        let prepared = PreparedImage {
            file,
            width: image.width(),
            height: image.height(),
        };
        Ok((prepared, thumb))
    }

    pub fn add_file(&self, path: &Path) -> AppResult<PreparedImage> {
        let size = std::fs::metadata(path)
            .map_err(|_| AppError::invalid_input("This file could not be opened."))?
            .len();
        if size > MAX_INPUT_BYTES {
            return Err(AppError::invalid_input("This image is larger than 50 MB."));
        }
        let bytes = std::fs::read(path)
            .map_err(|_| AppError::invalid_input("This file could not be opened."))?;
        self.add(&bytes)
    }

    /// The stored file, if `file` is a name this store makes (no paths).
    pub fn path_of(&self, file: &str) -> Option<PathBuf> {
        let (hash, extension) = file.split_once('.')?;
        let valid = hash.len() == 64
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
            && matches!(extension, "png" | "jpg" | "thumb.jpg" | "mp4" | "mp3");
        valid.then(|| self.dir.join(file))
    }

    /// `data:image/…;base64,…` for the request body.
    pub fn data_url(&self, file: &str) -> AppResult<String> {
        let bytes = self.bytes(file)?;
        Ok(format!(
            "data:{};base64,{}",
            mime_of(file),
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ))
    }

    /// The stored file's bytes.
    pub fn bytes(&self, file: &str) -> AppResult<Vec<u8>> {
        let path = self
            .path_of(file)
            .ok_or_else(|| AppError::not_found("The image"))?;
        std::fs::read(path).map_err(|_| AppError::not_found("The image"))
    }

    /// The stored picture as RGBA pixels with its width and height, as
    /// the system clipboard takes it.
    pub fn pixels(&self, file: &str) -> AppResult<(Vec<u8>, u32, u32)> {
        let (image, _) = decode(&self.bytes(file)?)?;
        let rgba = image.to_rgba8();
        let (width, height) = rgba.dimensions();
        Ok((rgba.into_raw(), width, height))
    }

    fn write(&self, file: &str, bytes: &[u8]) -> AppResult<()> {
        std::fs::create_dir_all(&self.dir).map_err(AppError::storage)?;
        let path = self.dir.join(file);
        if path.exists() {
            return Ok(()); // same bytes, same name: already kept
        }
        let mut temp = tempfile::NamedTempFile::new_in(&self.dir).map_err(AppError::storage)?;
        std::io::Write::write_all(&mut temp, bytes).map_err(AppError::storage)?;
        temp.persist(&path)
            .map_err(|e| AppError::storage(e.error))?;
        Ok(())
    }
}

pub fn mime_of(file: &str) -> &'static str {
    match file.rsplit('.').next() {
        Some("jpg") => "image/jpeg",
        Some("mp4") => "video/mp4",
        Some("mp3") => "audio/mpeg",
        _ => "image/png",
    }
}

/// Decodes with limits, so a tiny file cannot claim gigabytes of pixels.
fn decode(bytes: &[u8]) -> AppResult<(DynamicImage, ImageFormat)> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(AppError::invalid_input("This image is larger than 50 MB."));
    }
    decode_from(ImageReader::new(Cursor::new(bytes)))
}

fn decode_from<R: BufRead + Seek>(
    reader: ImageReader<R>,
) -> AppResult<(DynamicImage, ImageFormat)> {
    let mut reader = reader.with_guessed_format().map_err(|_| unreadable())?;
    let format = reader.format().ok_or_else(unreadable)?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| unreadable())?;
    Ok((image, format))
}

fn shrink(image: &DynamicImage) -> DynamicImage {
    image.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle)
}

fn encode(image: &DynamicImage, format: ImageFormat) -> AppResult<Vec<u8>> {
    let failed = |e: &dyn std::fmt::Display| {
        AppError::storage(format!("the image could not be re-encoded: {e}"))
    };
    if format == ImageFormat::Jpeg {
        let rgb = image.to_rgb8();
        // Only shrunk pictures (2048 px at most) and thumbnails come here.
        let (Ok(width), Ok(height)) = (u16::try_from(rgb.width()), u16::try_from(rgb.height()))
        else {
            return Err(failed(&"too large for JPEG"));
        };
        return encode_jpeg(&rgb, width, height).map_err(|e| failed(&e));
    }
    let mut out = Cursor::new(Vec::new());
    image
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|e| failed(&e))?;
    Ok(out.into_inner())
}

/// JPEG through jpeg-encoder rather than the image crate's own encoder:
/// a 384 px thumbnail takes ~1 ms instead of ~6 (the larger part of making
/// one, `make bench`), and comes out smaller at the same quality setting.
fn encode_jpeg(
    rgb: &image::RgbImage,
    width: u16,
    height: u16,
) -> Result<Vec<u8>, jpeg_encoder::EncodingError> {
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 85).encode(
        rgb.as_raw(),
        width,
        height,
        jpeg_encoder::ColorType::Rgb,
    )?;
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
