//! `make bench` figures for the gallery: thumbnails made per second from
//! 1024×1024 PNGs (one thread, and every core as the app does with several
//! images at once), and the first page of a 10,000-image gallery from
//! SQLite, with and without filters. With `--seed DIR` it adds those 10,000
//! images (each a 384 px thumbnail under its own name) and 1,000 finished
//! Midjourney tasks (each keeping one of them) to `DIR/comet-desk.sqlite3`
//! and `DIR/images/`, for the window bench, and 1,000 videos and 1,000 songs
//! among them (each with its own poster or cover; the clips share one
//! 1080p file ffmpeg makes, or the 320×180 test clip without ffmpeg).

use comet_core::media_files::{MediaFiles, MediaKind};
use comet_core::store::{GalleryFilter, NewImage, Store, TaskRow};
use comet_core::tasks::{Family, Task, TaskButton, TaskOutput, TaskStatus};
use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

const IMAGES: usize = 10_000;
const TASKS: usize = 1_000;
const PNGS: usize = 24;
const VIDEOS: usize = 1_000;
const SONGS: usize = 1_000;

/// A 1024×1024 picture with gradients and noise, so it compresses like a
/// real one rather than like a flat colour.
fn picture(seed: u32, side: u32) -> image::RgbImage {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    image::RgbImage::from_fn(side, side, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state & 31) as u8;
        image::Rgb([
            ((x * 255 / side) as u8).wrapping_add(noise),
            ((y * 255 / side) as u8).wrapping_add(seed as u8),
            (((x + y) / 8) as u8) ^ noise,
        ])
    })
}

fn encode(image: &image::RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encodes in memory");
    out.into_inner()
}

fn thumbnails_per_second(pngs: &[Vec<u8>], threads: usize) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = MediaFiles::new(dir.path().to_path_buf());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for part in pngs.chunks(pngs.len().div_ceil(threads)) {
            let files = &files;
            scope.spawn(move || {
                for png in part {
                    files.keep(png).expect("kept");
                }
            });
        }
    });
    pngs.len() as f64 / started.elapsed().as_secs_f64()
}

fn seed(dir: &Path) -> Result<Store, Box<dyn std::error::Error>> {
    let store = Store::open(&dir.join("comet-desk.sqlite3"))?;
    let images = dir.join("images");
    std::fs::create_dir_all(&images)?;
    // One full-size picture for all (the viewer is not measured); a
    // thumbnail of its own for each, as the grid shows them.
    let full = MediaFiles::new(images.clone())
        .keep(&encode(&picture(1, 1024), image::ImageFormat::Png))?;
    let media = media_files(&images)?;
    let models = ["gpt-4o-image", "gpt-image-1", "dall-e-3"];
    for i in 0..IMAGES {
        let thumb = format!("{:064x}.thumb.jpg", i + 1);
        std::fs::write(
            images.join(&thumb),
            encode(&picture(i as u32 + 7, 96), image::ImageFormat::Jpeg),
        )?;
        let row = store.add_image(&NewImage {
            file: full.0.file.clone(),
            thumb,
            width: 1024,
            height: 1024,
            prompt: format!(
                "Study {i} of a lighthouse in the style of painter {}",
                i % 97
            ),
            model: models[i % 3].into(),
            source: "studio".into(),
            cost_usd: Some(0.04),
            ..NewImage::default()
        })?;
        // Every fifth one a clip or a song, as a library of all three grows.
        if i % 5 == 0 && i / 5 < VIDEOS + SONGS {
            add_media(&store, &images, &media, i)?;
        }
        if i % 10 == 0 {
            store.set_favourite_image(row.id, true)?;
            if i / 10 < TASKS {
                finished_task(&store, &row)?;
            }
        }
    }
    Ok(store)
}

/// The one clip (1080p H.264 if ffmpeg is there) and song all rows share.
fn media_files(images: &Path) -> Result<(String, String), Box<dyn std::error::Error>> {
    let clip = format!("{:064x}.mp4", u64::MAX);
    let song = format!("{:064x}.mp3", u64::MAX - 1);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fake-comet/media");
    let made = std::process::Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=1920x1080:rate=30:duration=10",
        ])
        .args([
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-preset",
            "veryfast",
            "-movflags",
            "+faststart",
        ])
        .arg(images.join(&clip))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        std::fs::copy(fixtures.join("clip.mp4"), images.join(&clip))?;
    }
    std::fs::copy(fixtures.join("song.mp3"), images.join(&song))?;
    Ok((clip, song))
}

/// The `n`th clip or song (alternating), with its own poster or cover.
fn add_media(
    store: &Store,
    images: &Path,
    (clip, song): &(String, String),
    n: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let video = (n / 5).is_multiple_of(2);
    let thumb = format!("{:064x}.thumb.jpg", 1_000_000 + n);
    std::fs::write(
        images.join(&thumb),
        encode(&picture(n as u32 + 3, 96), image::ImageFormat::Jpeg),
    )?;
    store.add_image(&NewImage {
        file: if video { clip.clone() } else { song.clone() },
        thumb,
        width: if video { 1920 } else { 0 },
        height: if video { 1080 } else { 0 },
        prompt: format!(
            "{} {n}: a lighthouse at night",
            if video { "Clip" } else { "Song" }
        ),
        model: (if video { "sora-2" } else { "chirp-v4" }).into(),
        source: "studio".into(),
        family: Some((if video { "videos" } else { "suno" }).into()),
        kind: if video {
            MediaKind::Video
        } else {
            MediaKind::Audio
        },
        duration_ms: Some(if video { 10_000 } else { 4_000 }),
        title: (!video).then(|| format!("Night song {n}")),
        lyrics: (!video).then(|| "[Verse]\nThe beam goes round".to_owned()),
        cost_usd: Some(0.4),
        ..NewImage::default()
    })?;
    Ok(())
}

/// A Midjourney imagine that finished and kept `image`, with its nine buttons.
fn finished_task(
    store: &Store,
    image: &comet_core::store::GalleryImage,
) -> Result<(), Box<dyn std::error::Error>> {
    let now = comet_core::store::now_ms();
    let mut task = Task::unsent(
        Family::Midjourney,
        "mj_fast_imagine".into(),
        "imagine".into(),
        image.prompt.clone(),
    );
    task.speed = Some("fast".into());
    task.cost_usd = Some(0.056);
    let mut row = store.insert_task(&TaskRow {
        task,
        kind: "image".into(),
        request: serde_json::json!({"route": "/mj-fast/mj/submit/imagine", "body": {"prompt": image.prompt}}),
        context: serde_json::json!({}),
        submit_state: "sending".into(),
        next_poll_at: None,
        errors: 0,
        last_raw: None,
    })?;
    row.submit_state = "accepted".into();
    row.task.remote_id = Some(format!("17733{:011}", image.id));
    row.task.status = TaskStatus::Succeeded;
    row.task.progress = Some(100);
    row.task.finished_at = Some(now);
    row.task.outputs = vec![TaskOutput {
        image_id: image.id,
        file: image.file.clone(),
        thumb: image.thumb.clone(),
        width: image.width,
        height: image.height,
        kind: image.kind,
        duration_ms: None,
        title: None,
    }];
    row.task.actions = ["U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4"]
        .iter()
        .map(|label| TaskButton {
            custom_id: format!("MJ::JOB::{label}::{}", image.id),
            label: (*label).into(),
            emoji: String::new(),
            modal: None,
        })
        .collect();
    store.save_task(&row)?;
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn page_ms(store: &Store, filter: &GalleryFilter) -> (f64, f64) {
    let mut times: Vec<Duration> = (0..100)
        .map(|_| {
            let started = Instant::now();
            let page = store.list_images(filter, None, 200).expect("page");
            assert!(!page.is_empty());
            started.elapsed()
        })
        .collect();
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--seed") {
        let dir = args.get(at + 1).ok_or("--seed needs a folder")?;
        seed(Path::new(dir))?;
        return Ok(());
    }
    let pngs: Vec<Vec<u8>> = (0..PNGS as u32)
        .map(|i| encode(&picture(i, 1024), image::ImageFormat::Png))
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "thumbs_per_s_one_thread {:.0}",
        thumbnails_per_second(&pngs, 1)
    );
    println!(
        "thumbs_per_s_all_cores {:.0}",
        thumbnails_per_second(&pngs, cores)
    );
    println!("thumbs_png_kb {}", pngs[0].len() / 1024);

    let dir = tempfile::tempdir()?;
    let store = seed(dir.path())?;
    let (p50, p95) = page_ms(&store, &GalleryFilter::default());
    println!("gallery_images {IMAGES}");
    println!("gallery_page_p50_ms {p50:.2}");
    println!("gallery_page_p95_ms {p95:.2}");
    let filtered = GalleryFilter {
        query: "painter 42".into(),
        model: Some("dall-e-3".into()),
        favourites: false,
        ..GalleryFilter::default()
    };
    let (p50, p95) = page_ms(&store, &filtered);
    println!("gallery_filtered_p50_ms {p50:.2}");
    println!("gallery_filtered_p95_ms {p95:.2}");
    Ok(())
}
