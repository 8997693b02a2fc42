//! The image studio against fake-comet: gpt-4o-image's progress and links,
//! /v1/images/generations (url and b64), and every way an image can fail;
//! each generation ends labelled, and every image is kept with its prompt.

mod support;

use comet_core::images::{ImageEvent, Stage};
use comet_core::store::{GenerationStatus, Store};
use comet_core::ErrorCode;
use support::*;

async fn generate(h: &Harness, prompt: &str, model: &str, count: u32) -> Vec<ImageEvent> {
    let mut events = Vec::new();
    studio(h)
        .generate(&image_request(prompt, model, count), &mut |e| {
            events.push(e)
        })
        .await
        .expect("accepted");
    events
}

fn failure(events: &[ImageEvent]) -> comet_core::AppError {
    match events.last() {
        Some(ImageEvent::Failed { error, .. }) => error.clone(),
        other => panic!("ended with {other:?}"),
    }
}

#[tokio::test]
async fn gpt_4o_image_reports_progress_then_the_image_is_kept_with_its_prompt() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let events = generate(&h, "A lighthouse at dusk, oil painting", "gpt-4o-image", 1).await;
    let ImageEvent::Started { generation_id } = events[0] else {
        panic!("starts")
    };
    let percents: Vec<Option<u8>> = events
        .iter()
        .filter_map(|e| match e {
            ImageEvent::Progress { progress } => Some(progress.percent),
            _ => None,
        })
        .collect();
    assert!(
        percents.contains(&Some(74)) || percents.contains(&Some(37)),
        "{percents:?}"
    );
    assert_eq!(percents.last(), Some(&Some(100)));
    let saved: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            ImageEvent::Saved { image } => Some(image.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(saved.len(), 1, "one image, not the download link too");
    assert!(matches!(
        events.last(),
        Some(ImageEvent::Done { saved: 1, .. })
    ));
    let image = &saved[0];
    assert_eq!(
        (image.width, image.height, image.model.as_str()),
        (1024, 1024, "gpt-4o-image")
    );
    assert!(h.attachments.path_of(&image.file).unwrap().exists());
    let thumb = image::open(h.attachments.path_of(&image.thumb).unwrap()).unwrap();
    assert_eq!(thumb.width().max(thumb.height()), 384);
    assert_eq!(
        h.store.generation_status(generation_id).unwrap(),
        GenerationStatus::Done
    );
    // Found by a word of its prompt; the call is counted as an image.
    assert_eq!(
        h.store.list_images(&words("lighthouse"), None, 50).unwrap()[0].id,
        image.id
    );
    assert!(h
        .store
        .list_images(&words("submarine"), None, 50)
        .unwrap()
        .is_empty());
    let day: String = rusqlite::Connection::open_in_memory()
        .unwrap()
        .query_row("SELECT date('now','localtime')", [], |r| r.get(0))
        .unwrap();
    let usage = h.store.usage_summary(&day, &day).unwrap();
    assert_eq!(
        usage
            .by_kind
            .iter()
            .find(|k| k.name == "image")
            .unwrap()
            .totals
            .calls,
        1
    );
    assert!(
        usage.totals.cost_usd > 0.0,
        "priced per request from the catalogue"
    );
}

#[tokio::test]
async fn chinese_progress_lines_drive_the_bar_too() {
    let h = harness().await;
    let events = generate(&h, "[[zh]] 秋天的森林", "gpt-4o-image", 1).await;
    let percents: Vec<u8> = events
        .iter()
        .filter_map(|e| match e {
            ImageEvent::Progress { progress } => progress.percent,
            _ => None,
        })
        .collect();
    assert!(percents.windows(2).all(|w| w[0] <= w[1]), "{percents:?}");
    assert!(
        percents.contains(&48) && percents.contains(&100),
        "{percents:?}"
    );
    assert!(events.iter().any(
        |e| matches!(e, ImageEvent::Progress { progress } if progress.stage == Stage::Queued)
    ));
    assert!(matches!(
        events.last(),
        Some(ImageEvent::Done { saved: 1, .. })
    ));
}

#[tokio::test]
async fn generations_endpoint_gives_urls_with_revised_prompts_or_inline_images() {
    let h = harness().await;
    let events = generate(&h, "Two red kites", "dall-e-3", 2).await;
    assert!(matches!(
        events.last(),
        Some(ImageEvent::Done { saved: 2, .. })
    ));
    let images = h.store.list_images(&words(""), None, 10).unwrap();
    assert_eq!(images.len(), 2);
    assert!(images[0]
        .revised_prompt
        .as_deref()
        .unwrap()
        .contains("Two red kites"));
    let events = generate(&h, "A blue square", "gpt-image-1", 1).await;
    assert!(matches!(
        events.last(),
        Some(ImageEvent::Done { saved: 1, .. })
    ));
    assert_eq!(
        h.store
            .list_images(&words("blue square"), None, 10)
            .unwrap()[0]
            .width,
        256
    );
}

#[tokio::test]
async fn expired_links_non_images_and_oversize_images_fail_clearly_and_keep_the_prompt() {
    let h = harness().await;
    for (name, code, words) in [
        ("missing-a.png", ErrorCode::NotFound, "expired"),
        ("notimage-b.png", ErrorCode::InvalidInput, "not an image"),
        ("huge-c.png", ErrorCode::TooLarge, "50 MB"),
    ] {
        let prompt = format!("[[image:{name}]] a picture");
        let events = generate(&h, &prompt, "gpt-4o-image", 1).await;
        let error = failure(&events);
        assert_eq!(error.code, code, "{name}: {error:?}");
        assert!(error.message.contains(words), "{name}: {}", error.message);
        let ImageEvent::Started { generation_id } = events[0] else {
            panic!()
        };
        assert_eq!(
            h.store.generation_status(generation_id).unwrap(),
            GenerationStatus::Failed
        );
    }
    assert!(h
        .store
        .list_images(&words(""), None, 10)
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_gateway_timeout_is_not_retried_and_says_the_image_may_be_billed() {
    let h = harness().await;
    let error = failure(&generate(&h, "[[fault:524]] a castle", "dall-e-3", 1).await);
    assert_eq!(error.code, ErrorCode::Timeout);
    assert!(error.message.contains("billed"), "{}", error.message);
}

#[tokio::test]
async fn cancel_mid_way_ends_the_generation_as_cancelled() {
    let h = std::sync::Arc::new(harness().await);
    let studio = std::sync::Arc::new(studio(&h));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = studio.clone();
    let task = tokio::spawn(async move {
        let mut emit = |e: ImageEvent| {
            let _ = tx.send(e);
        };
        runner
            .generate(
                &image_request("[[fault:slow:40]] a slow one", "gpt-4o-image", 1),
                &mut emit,
            )
            .await
    });
    let Some(ImageEvent::Started { generation_id }) = rx.recv().await else {
        panic!("starts")
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(studio.cancel(generation_id));
    task.await.unwrap().unwrap();
    assert_eq!(
        h.store.generation_status(generation_id).unwrap(),
        GenerationStatus::Cancelled
    );
}

#[tokio::test]
async fn a_generation_in_flight_when_the_app_dies_ends_as_failed_not_missing() {
    let h = harness().await;
    let id = h
        .store
        .start_generation("unfinished", "gpt-4o-image", None, 1, "studio")
        .unwrap();
    let path = h.store.path().to_owned();
    drop(h.chat);
    drop(h.store);
    let reopened = Store::open(&path).unwrap();
    assert_eq!(
        reopened.generation_status(id).unwrap(),
        GenerationStatus::Failed
    );
}

#[tokio::test]
async fn an_empty_prompt_is_refused_before_anything_is_stored() {
    let h = harness().await;
    let err = studio(&h)
        .generate(&image_request("  ", "dall-e-3", 1), &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn an_image_can_be_starred_deleted_and_brought_back_whole() {
    let h = harness().await;
    generate(&h, "A green door", "dall-e-3", 1).await;
    let image = h.store.list_images(&words(""), None, 10).unwrap()[0].clone();
    assert!(
        h.store
            .set_favourite_image(image.id, true)
            .unwrap()
            .favourite
    );
    let deleted = h.store.delete_image(image.id).unwrap();
    assert!(h
        .store
        .list_images(&words("green door"), None, 10)
        .unwrap()
        .is_empty());
    let back = h.store.restore_image(&deleted).unwrap();
    assert_eq!(back, deleted);
    assert_eq!(
        h.store.list_images(&words("green door"), None, 10).unwrap()[0].id,
        image.id
    );
    assert!(
        h.attachments.path_of(&back.file).unwrap().exists(),
        "files stay"
    );
}
