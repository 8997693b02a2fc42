//! Video and music on the task engine against fake-comet: a Sora clip
//! through `/v1/videos` (multipart, the content route with the key, its
//! poster), a Kling image-to-video from a library picture, a Suno song's
//! two clips and their extension, lyrics; and the faults: a page instead
//! of a video, a truncated file, an expired link, a failed job, a
//! download cut short (fetched again whole).

mod support;

use comet_core::media_files::MediaKind;
use comet_core::store::{GalleryFilter, NewImage};
use comet_core::tasks::{ExtendClip, Family, TaskRequest, TaskStatus};
use support::*;

fn video(model: &str, prompt: &str) -> TaskRequest {
    TaskRequest::Video {
        model: model.into(),
        prompt: prompt.into(),
        seconds: None,
        shape: None,
        mode: None,
        negative_prompt: None,
        image: None,
        parent: None,
        extend: None,
    }
}

fn song(description: &str) -> TaskRequest {
    TaskRequest::Music {
        version: "chirp-v4".into(),
        description: description.into(),
        lyrics: String::new(),
        tags: String::new(),
        title: String::new(),
        instrumental: false,
        custom: false,
        extend: None,
    }
}

fn partials_left(h: &Harness) -> usize {
    std::fs::read_dir(h.attachments.partial_dir()).map_or(0, |d| d.count())
}

#[tokio::test]
async fn a_sora_clip_is_kept_with_its_poster_length_and_price_per_second() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let mut request = video("sora-2", "A paper boat on a river");
    if let TaskRequest::Video { seconds, shape, .. } = &mut request {
        *seconds = Some(8);
        *shape = Some("720x1280".into());
    }
    let task = engine.submit(&request).await.unwrap();
    assert_eq!((task.family, task.kind.as_str()), (Family::Videos, "video"));
    let (route, body) = h.server.task_submits()[0].clone();
    assert_eq!(route, "/v1/videos");
    assert_eq!(body["seconds"], "8");
    assert_eq!(body["size"], "720x1280");
    assert_eq!(body["model"], "sora-2");
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
    assert!(
        (done.cost_usd.unwrap() - 0.8).abs() < 1e-9,
        "8 s at 0.10: {:?}",
        done.cost_usd
    );
    let clip = h.store.image(done.outputs[0].image_id).unwrap();
    assert_eq!(clip.kind, MediaKind::Video);
    assert!(clip.file.ends_with(".mp4"));
    assert_eq!((clip.width, clip.height), (320, 180));
    assert!((2900..=3100).contains(&clip.duration_ms.unwrap()));
    assert!(
        clip.thumb.ends_with(".thumb.jpg"),
        "the thumbnail variant is its poster"
    );
    assert!(h.attachments.path_of(&clip.file).unwrap().exists());
    assert_eq!(partials_left(&h), 0);
    // Saved out as an MP4 with its sidecar, the bytes as kept.
    let folder = tempfile::tempdir().unwrap();
    let saved = comet_core::gallery_export::export_images(
        &h.store,
        &h.attachments,
        &[clip.id],
        folder.path(),
    )
    .unwrap();
    let path = std::path::PathBuf::from(saved.first.unwrap());
    assert_eq!(path.extension().unwrap(), "mp4");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        h.attachments.bytes(&clip.file).unwrap()
    );
    let sidecar: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path.with_extension("json")).unwrap()).unwrap();
    assert_eq!(
        (sidecar["kind"].as_str(), sidecar["family"].as_str()),
        (Some("video"), Some("videos"))
    );
    assert!(sidecar["duration_ms"].as_u64().is_some());
    let videos = h
        .store
        .list_images(
            &GalleryFilter {
                kind: Some(MediaKind::Video),
                ..Default::default()
            },
            None,
            10,
        )
        .unwrap();
    assert_eq!(videos.len(), 1);
    let images = h
        .store
        .list_images(
            &GalleryFilter {
                kind: Some(MediaKind::Image),
                ..Default::default()
            },
            None,
            10,
        )
        .unwrap();
    assert!(images.is_empty());
}

#[tokio::test]
async fn kling_animates_a_library_picture_and_records_it_as_the_parent() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let png = fake_png();
    let (file, thumb) = h.attachments.keep(&png).unwrap();
    let picture = h
        .store
        .add_image(&NewImage {
            file: file.file.clone(),
            thumb,
            width: file.width,
            height: file.height,
            prompt: "a cat".into(),
            model: "dall-e-3".into(),
            source: "studio".into(),
            ..NewImage::default()
        })
        .unwrap();
    let request = TaskRequest::Video {
        model: "kling-v1-6".into(),
        prompt: "The cat turns its head".into(),
        seconds: Some(5),
        shape: Some("1:1".into()),
        mode: Some("pro".into()),
        negative_prompt: Some("blur".into()),
        image: Some(file.file.clone()),
        parent: Some(picture.id),
        extend: None,
    };
    let task = engine.submit(&request).await.unwrap();
    let (route, body) = h.server.task_submits()[0].clone();
    assert_eq!(route, "/kling/v1/videos/image2video");
    assert_eq!(
        (
            body["mode"].as_str(),
            body["duration"].as_str(),
            body["negative_prompt"].as_str()
        ),
        (Some("pro"), Some("5"), Some("blur"))
    );
    let image = body["image"].as_str().unwrap();
    assert!(
        !image.starts_with("data:") && image.len() > 100,
        "bare base64"
    );
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
    let clip = h.store.image(done.outputs[0].image_id).unwrap();
    assert_eq!(
        (clip.kind, clip.parent_id, clip.family.as_deref()),
        (MediaKind::Video, Some(picture.id), Some("kling"))
    );
    assert_eq!(
        clip.thumb, "",
        "Kling gives no poster: the window draws one"
    );
}

fn fake_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(400, 300, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_song_gives_two_clips_with_title_lyrics_and_cover_and_one_extends() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let task = engine
        .submit(&song("A synthwave drive at night"))
        .await
        .unwrap();
    let (route, body) = h.server.task_submits()[0].clone();
    assert_eq!(route, "/suno/submit/music");
    assert_eq!(
        (body["gpt_description_prompt"].as_str(), body["mv"].as_str()),
        (Some("A synthwave drive at night"), Some("chirp-v4"))
    );
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
    assert_eq!(done.outputs.len(), 2);
    assert_eq!(done.cost_usd, Some(0.1));
    let first = h.store.image(done.outputs[0].image_id).unwrap();
    assert_eq!(
        (first.kind, first.title.as_deref(), first.model.as_str()),
        (MediaKind::Audio, Some("Night drive"), "chirp-v4")
    );
    assert!(first
        .lyrics
        .as_deref()
        .unwrap()
        .contains("Neon on the rain"));
    assert!(first.file.ends_with(".mp3") && first.thumb.ends_with(".thumb.jpg"));
    assert!((3900..=4200).contains(&first.duration_ms.unwrap()));
    let found = h.store.list_images(&words("Neon on"), None, 10).unwrap();
    assert_eq!(found.len(), 2, "lyrics are searched");
    let found = h.store.list_images(&words("Night dr"), None, 10).unwrap();
    assert_eq!(found.len(), 2, "titles are searched");

    let mut extend = song("");
    if let TaskRequest::Music {
        custom,
        tags,
        extend: e,
        ..
    } = &mut extend
    {
        *custom = true;
        *tags = "synthwave".into();
        *e = Some(ExtendClip {
            item: first.id,
            at_seconds: 2.5,
        });
    }
    let more = engine.submit(&extend).await.unwrap();
    let (_, body) = h.server.task_submits()[1].clone();
    assert!(
        body["continue_clip_id"]
            .as_str()
            .unwrap()
            .ends_with("-clip1"),
        "{body}"
    );
    assert_eq!(body["continue_at"], 2.5);
    assert_eq!(more.parent_image_id, Some(first.id));
    let extended = wait_finished(&engine, more.id).await;
    assert_eq!(extended.status, TaskStatus::Succeeded);
    assert_eq!(
        h.store
            .image(extended.outputs[0].image_id)
            .unwrap()
            .parent_id,
        Some(first.id)
    );
}

#[tokio::test]
async fn lyrics_are_written_for_the_form() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let task = engine
        .submit(&TaskRequest::Lyrics {
            prompt: "rain".into(),
        })
        .await
        .unwrap();
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
    assert_eq!(done.prompts[1], "Rain on the Glass");
    assert!(done.prompts[0].starts_with("[Verse]"));
    assert!(done.outputs.is_empty());
}

#[tokio::test]
async fn bad_files_and_failed_jobs_end_labelled_with_nothing_kept() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let cases = [
        (video("sora-2", "x [[fault:html-file]]"), "web page"),
        (video("kling-v1-6", "x [[fault:truncated]]"), "cut short"),
        (video("kling-v1-6", "x [[fault:expired]]"), "expired"),
        (video("sora-2", "x [[fault:fail]]"), "content policy"),
        (song("x [[fault:fail]]"), "upstream refused"),
    ];
    for (request, says) in cases {
        let task = engine.submit(&request).await.unwrap();
        let done = wait_finished(&engine, task.id).await;
        assert_eq!(done.status, TaskStatus::Failed, "{done:#?}");
        let message = done.message.clone().unwrap_or_default();
        assert!(message.contains(says), "{says}: {message}");
        assert!(done.outputs.is_empty());
    }
    assert_eq!(
        h.store.gallery_facets().unwrap().total,
        0,
        "nothing half-made is kept"
    );
    assert_eq!(partials_left(&h), 0);
    let refused = engine
        .submit(&video("sora-2", "x [[fault:banned]]"))
        .await
        .unwrap();
    assert_eq!(refused.status, TaskStatus::Failed);
    assert!(refused.message.unwrap().contains("moderation"));
    let err = engine.submit(&video("sora-2", "   ")).await.unwrap_err();
    assert!(err.message.contains("Describe"));
    let mut wrong = video("sora-2", "x");
    if let TaskRequest::Video { seconds, .. } = &mut wrong {
        *seconds = Some(7);
    }
    assert!(engine
        .submit(&wrong)
        .await
        .unwrap_err()
        .message
        .contains("4, 8, 12"));
}

#[tokio::test]
async fn a_download_cut_short_is_discarded_and_fetched_again_whole() {
    let h = harness().await;
    let engine = task_engine(&h);
    // What a crash left in the partial folder is cleared at start.
    std::fs::create_dir_all(h.attachments.partial_dir()).unwrap();
    std::fs::write(
        h.attachments.partial_dir().join(".tmpCRASH"),
        b"half a clip",
    )
    .unwrap();
    let _running = run_engine(&engine);
    let task = engine
        .submit(&video(
            "kling-v1-6",
            "x [[fault:cut-download]] [[fault:task_not_exist:0.3]]",
        ))
        .await
        .unwrap();
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
    let remote = done.remote_id.clone().unwrap();
    assert_eq!(
        h.server.result_downloads(&remote),
        2,
        "the cut download was fetched again"
    );
    assert_eq!(partials_left(&h), 0);
    let clip = h.store.image(done.outputs[0].image_id).unwrap();
    assert!((2900..=3100).contains(&clip.duration_ms.unwrap()));
}

#[tokio::test]
async fn a_restart_resumes_a_video_task_without_sending_it_again() {
    let h = harness().await;
    let task = {
        let engine = task_engine(&h);
        engine
            .submit(&video("sora-2", "x [[seconds:1]]"))
            .await
            .unwrap()
    };
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded);
    assert_eq!(h.server.task_submits().len(), 1);
}
