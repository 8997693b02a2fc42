//! Runway and Midjourney video on the task engine against fake-comet:
//! Runway's image to video with its version header, both answer shapes and
//! a task unknown for its first seconds; Midjourney video from a library
//! picture (its clips kept with the first frame as poster), a clip extended
//! by its index, and Animate pressed on an upscaled picture.

mod support;

use comet_core::media_files::MediaKind;
use comet_core::store::NewImage;
use comet_core::tasks::{Family, TaskRequest, TaskStatus};
use support::*;

fn picture(h: &Harness) -> (String, i64) {
    let img = image::RgbImage::from_fn(320, 240, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 40])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let (file, thumb) = h.attachments.keep(&png.into_inner()).unwrap();
    let row = h
        .store
        .add_image(&NewImage {
            file: file.file.clone(),
            thumb,
            width: file.width,
            height: file.height,
            prompt: "a lighthouse".into(),
            model: "dall-e-3".into(),
            source: "studio".into(),
            ..NewImage::default()
        })
        .unwrap();
    (file.file, row.id)
}

fn from_picture(model: &str, prompt: &str, file: &str, parent: i64) -> TaskRequest {
    TaskRequest::Video {
        model: model.into(),
        prompt: prompt.into(),
        seconds: Some(10),
        shape: None,
        mode: None,
        negative_prompt: None,
        image: Some(file.into()),
        parent: Some(parent),
        extend: None,
    }
}

#[tokio::test]
async fn runway_animates_a_picture_in_either_answer_shape_and_waits_out_an_unknown_id() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let (file, parent) = picture(&h);
    for prompt in [
        "The light turns [[fault:task_not_exist:1]]",
        "The sea rises [[wrapped]]",
    ] {
        let task = engine
            .submit(&from_picture("gen4_turbo", prompt, &file, parent))
            .await
            .unwrap();
        assert_eq!((task.family, task.kind.as_str()), (Family::Runway, "video"));
        let (route, body) = h.server.task_submits().last().unwrap().clone();
        assert_eq!(route, "/runwayml/v1/image_to_video");
        assert_eq!(
            (
                body["model"].as_str(),
                body["ratio"].as_str(),
                body["duration"].as_u64()
            ),
            (Some("gen4_turbo"), Some("1280:720"), Some(10))
        );
        assert!(body["promptImage"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,"));
        let done = wait_finished(&engine, task.id).await;
        assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
        assert!(
            (done.cost_usd.unwrap() - 0.5).abs() < 1e-9,
            "10 s at 0.05: {:?}",
            done.cost_usd
        );
        let clip = h.store.image(done.outputs[0].image_id).unwrap();
        assert_eq!(
            (clip.kind, clip.parent_id, clip.family.as_deref()),
            (MediaKind::Video, Some(parent), Some("runway"))
        );
    }
    // Runway only starts from a picture, and only at its own ratios.
    let mut no_picture = from_picture("gen3a_turbo", "Waves", &file, parent);
    if let TaskRequest::Video { image, .. } = &mut no_picture {
        *image = None;
    }
    assert!(engine
        .submit(&no_picture)
        .await
        .unwrap_err()
        .message
        .contains("starts from a picture"));
    let mut wrong_ratio = from_picture("gen3a_turbo", "Waves", &file, parent);
    if let TaskRequest::Video { shape, .. } = &mut wrong_ratio {
        *shape = Some("1280:720".into());
    }
    assert!(engine
        .submit(&wrong_ratio)
        .await
        .unwrap_err()
        .message
        .contains("1280:768"));
}

#[tokio::test]
async fn midjourney_video_keeps_its_clips_with_a_poster_and_extends_one_by_its_index() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let (file, parent) = picture(&h);
    let mut request = from_picture("midjourney-video", "The beam sweeps the fog", &file, parent);
    if let TaskRequest::Video { seconds, mode, .. } = &mut request {
        *seconds = None;
        *mode = Some("high".into());
    }
    let task = engine.submit(&request).await.unwrap();
    let (route, body) = h.server.task_submits().last().unwrap().clone();
    assert_eq!(route, "/mj-fast/submit/video");
    assert_eq!(body["motion"], "high");
    assert!(body["image"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
    assert_eq!(done.outputs.len(), 2, "both clips of the job");
    let second = h.store.image(done.outputs[1].image_id).unwrap();
    assert_eq!(
        (second.kind, second.parent_id, second.family.as_deref()),
        (MediaKind::Video, Some(parent), Some("midjourney"))
    );
    assert!(
        second.thumb.ends_with(".thumb.jpg"),
        "the first frame is the poster"
    );
    assert!((done.cost_usd.unwrap() - 0.3).abs() < 1e-9);

    let extend = TaskRequest::Video {
        model: "midjourney-video".into(),
        prompt: "The fog lifts".into(),
        seconds: None,
        shape: None,
        mode: None,
        negative_prompt: None,
        image: None,
        parent: None,
        extend: Some(second.id),
    };
    let longer = engine.submit(&extend).await.unwrap();
    let (_, body) = h.server.task_submits().last().unwrap().clone();
    assert_eq!(
        (
            body["action"].as_str(),
            body["index"].as_u64(),
            body["taskId"].as_str()
        ),
        (Some("extend"), Some(1), done.remote_id.as_deref())
    );
    let longer = wait_finished(&engine, longer.id).await;
    assert_eq!(longer.status, TaskStatus::Succeeded, "{longer:#?}");
    let clip = h.store.image(longer.outputs[0].image_id).unwrap();
    assert_eq!(
        clip.parent_id,
        Some(second.id),
        "an extension records the clip it continues"
    );
    // A picture is not a Midjourney clip: nothing is sent.
    let sent = h.server.task_submits().len();
    let mut not_a_clip = extend.clone();
    if let TaskRequest::Video { extend, .. } = &mut not_a_clip {
        *extend = Some(parent);
    }
    assert!(engine
        .submit(&not_a_clip)
        .await
        .unwrap_err()
        .message
        .contains("Only a Midjourney video"));
    assert_eq!(h.server.task_submits().len(), sent);
}

#[tokio::test]
async fn animate_on_an_upscaled_picture_makes_a_video_task() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let grid = engine
        .submit(&imagine("A lighthouse [[seconds:0.5]]"))
        .await
        .unwrap();
    let grid = wait_finished(&engine, grid.id).await;
    // Animate is on an upscaled picture's buttons.
    let latest = engine.task(grid.id).unwrap();
    let u1 = latest
        .actions
        .iter()
        .find(|b| b.label == "U1")
        .unwrap()
        .custom_id
        .clone();
    let up = engine.act(grid.id, &u1).await.unwrap();
    let grid = wait_finished(&engine, up.id).await;
    let latest = engine.task(grid.id).unwrap();
    let animate = latest
        .actions
        .iter()
        .find(|b| b.custom_id.contains("animate"))
        .unwrap()
        .custom_id
        .clone();
    let video = engine.act(grid.id, &animate).await.unwrap();
    assert_eq!(
        (video.kind.as_str(), video.operation.as_str()),
        ("video", "video")
    );
    let video = wait_finished(&engine, video.id).await;
    assert_eq!(video.status, TaskStatus::Succeeded, "{video:#?}");
    let clip = h.store.image(video.outputs[0].image_id).unwrap();
    assert_eq!(
        (clip.kind, clip.parent_id),
        (MediaKind::Video, Some(grid.outputs[0].image_id))
    );
}
