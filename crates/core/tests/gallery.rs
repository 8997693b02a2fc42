//! The gallery beyond generating: edits of an image (with and without a
//! mask) and their lineage, images made inside a chat, tags and filters,
//! and export with sidecars that never leaves the chosen folder.

mod support;

use comet_core::chat::ChatEvent;
use comet_core::gallery_export::export_images;
use comet_core::images::{GenerateRequest, ImageEvent};
use comet_core::store::{GalleryFilter, GalleryImage, GenerationStatus};
use comet_core::ErrorCode;
use support::*;

async fn run(h: &Harness, request: &GenerateRequest) -> Vec<ImageEvent> {
    let mut events = Vec::new();
    studio(h)
        .generate(request, &mut |e| events.push(e))
        .await
        .expect("accepted");
    events
}

async fn make(h: &Harness, prompt: &str, model: &str) -> GalleryImage {
    let events = run(h, &image_request(prompt, model, 1)).await;
    events
        .iter()
        .find_map(|e| match e {
            ImageEvent::Saved { image } => Some(image.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no image: {events:?}"))
}

fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(width, height, image::Rgba([10, 200, 30, alpha]));
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

#[tokio::test]
async fn edit_this_image_sends_it_with_a_mask_and_records_its_parent() {
    let h = harness().await;
    let parent = make(&h, "A red bicycle", "gpt-image-1").await;
    let mask = h.attachments.add(&png(256, 256, 0)).expect("mask kept");
    let mut edit = image_request("Make the bicycle blue", "gpt-image-1", 1);
    edit.reference = Some(parent.file.clone());
    edit.mask = Some(mask.file);
    edit.parent_id = Some(parent.id);
    let events = run(&h, &edit).await;
    assert!(
        matches!(events.last(), Some(ImageEvent::Done { saved: 1, .. })),
        "{events:?}"
    );
    let sent = h
        .server
        .requests()
        .into_iter()
        .rfind(|r| r["endpoint"] == "/v1/images/edits")
        .expect("an edits request");
    assert_eq!(sent["prompt"], "Make the bicycle blue");
    assert_eq!(sent["model"], "gpt-image-1");
    assert_eq!(sent["image_size"], serde_json::json!([256, 256]));
    assert!(sent["mask_bytes"].as_u64().unwrap() > 0, "{sent}");

    let lineage = h.store.image_lineage(parent.id).unwrap();
    assert_eq!(lineage.children.len(), 1);
    let child = &lineage.children[0];
    assert_eq!(child.parent_id, Some(parent.id));
    assert_eq!(child.prompt, "Make the bicycle blue");
    assert_eq!(
        h.store
            .image_lineage(child.id)
            .unwrap()
            .parent
            .map(|p| p.id),
        Some(parent.id)
    );
    let today = "0000-01-01";
    let calls = h.store.calls_between(today, "9999-12-31").unwrap();
    assert_eq!(calls.last().unwrap().endpoint, "/v1/images/edits");
}

#[tokio::test]
async fn a_mask_of_another_size_fails_clearly_and_a_url_model_edit_is_fetched() {
    let h = harness().await;
    let parent = make(&h, "A quiet harbour", "dall-e-3").await;
    let mask = h.attachments.add(&png(64, 64, 0)).expect("mask kept");
    let mut edit = image_request("Add a boat", "dall-e-2", 1);
    edit.reference = Some(parent.file.clone());
    edit.mask = Some(mask.file);
    let events = run(&h, &edit).await;
    let Some(ImageEvent::Failed {
        error,
        generation_id,
    }) = events.last()
    else {
        panic!("{events:?}")
    };
    assert_eq!(error.code, ErrorCode::BadRequest, "{error:?}");
    assert!(error.message.contains("mask"), "{}", error.message);
    assert_eq!(
        h.store.generation_status(*generation_id).unwrap(),
        GenerationStatus::Failed
    );

    edit.mask = None;
    let events = run(&h, &edit).await;
    assert!(
        matches!(events.last(), Some(ImageEvent::Done { saved: 1, .. })),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_reference_that_is_gone_is_refused_before_anything_starts() {
    let h = harness().await;
    let mut edit = image_request("Anything", "gpt-image-1", 1);
    edit.reference = Some(format!("{}.png", "a".repeat(64)));
    let mut events = Vec::new();
    let error = studio(&h)
        .generate(&edit, &mut |e| events.push(e))
        .await
        .expect_err("refused");
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(events.is_empty());
}

#[tokio::test]
async fn an_image_asked_for_in_a_chat_is_kept_and_the_answer_points_at_it() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let (conversation, events) = h
        .send_to_model_new("A paper crane on a desk", "gpt-4o-image")
        .await;
    let ChatEvent::Done { message } = last(&events) else {
        panic!("{events:?}")
    };
    assert_eq!(message.kept_images.len(), 1, "{message:?}");
    let kept = &message.kept_images[0];
    assert!(kept.url.starts_with("http://127.0.0.1"), "{}", kept.url);
    assert!(message.content.contains(&kept.url));
    assert!(h.attachments.path_of(&kept.file).unwrap().exists());

    let gallery = h
        .store
        .list_images(&words("paper crane"), None, 10)
        .unwrap();
    assert_eq!(gallery.len(), 1);
    assert_eq!(gallery[0].source, "chat");
    assert_eq!(gallery[0].message_id, Some(message.id));
    assert_eq!(gallery[0].file, kept.file);
    // The chat reads back the same mapping after a restart.
    let messages = h.chat.list_messages(conversation).unwrap();
    let answer = messages.iter().rfind(|m| m.id == message.id).unwrap();
    assert_eq!(answer.kept_images, message.kept_images);
}

#[tokio::test]
async fn a_chat_image_whose_link_expired_leaves_the_answer_and_no_gallery_row() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let (_, events) = h
        .send_to_model_new("[[image:missing-cat.png]] a cat", "gpt-4o-image")
        .await;
    let ChatEvent::Done { message } = last(&events) else {
        panic!("{events:?}")
    };
    assert!(message.kept_images.is_empty());
    assert!(message.content.contains("missing-cat.png"));
    assert!(h
        .store
        .list_images(&words(""), None, 10)
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn tags_models_favourites_and_dates_filter_the_gallery() {
    let h = harness().await;
    let fox = make(&h, "A fox in snow", "dall-e-3").await;
    let owl = make(&h, "An owl at night", "gpt-image-1").await;
    let sea = make(&h, "The sea at dawn", "dall-e-3").await;
    let tagged = h
        .store
        .set_image_tags(
            fox.id,
            &[
                " Winter ".into(),
                "animals".into(),
                "winter".into(),
                "a,b".into(),
            ],
        )
        .unwrap();
    assert_eq!(tagged.tags, vec!["Winter", "animals", "a b"]);
    h.store.set_image_tags(owl.id, &["animals".into()]).unwrap();
    h.store.set_favourite_image(sea.id, true).unwrap();

    let ids = |filter: GalleryFilter| -> Vec<i64> {
        h.store
            .list_images(&filter, None, 50)
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect()
    };
    let tag = |t: &str| GalleryFilter {
        tag: Some(t.into()),
        ..Default::default()
    };
    assert_eq!(ids(tag("animals")), vec![owl.id, fox.id]);
    assert_eq!(ids(tag("Winter")), vec![fox.id]);
    assert_eq!(
        ids(GalleryFilter {
            model: Some("dall-e-3".into()),
            ..Default::default()
        }),
        vec![sea.id, fox.id]
    );
    assert_eq!(
        ids(GalleryFilter {
            favourites: true,
            ..Default::default()
        }),
        vec![sea.id]
    );
    // Words find tags too; filters combine.
    assert_eq!(ids(words("winter")), vec![fox.id]);
    assert_eq!(
        ids(GalleryFilter {
            model: Some("gpt-image-1".into()),
            tag: Some("animals".into()),
            ..Default::default()
        }),
        vec![owl.id]
    );
    let future = sea.created_at + 60_000;
    assert!(ids(GalleryFilter {
        since_ms: Some(future),
        ..Default::default()
    })
    .is_empty());
    assert_eq!(
        ids(GalleryFilter {
            until_ms: Some(future),
            ..Default::default()
        })
        .len(),
        3
    );
    let facets = h.store.gallery_facets().unwrap();
    assert_eq!(facets.models, vec!["dall-e-3", "gpt-image-1"]);
    assert_eq!(facets.tags, vec!["a b", "animals", "Winter"]);
    assert_eq!(facets.total, 3);
}

#[tokio::test]
async fn export_writes_each_image_with_a_sidecar_inside_the_folder_only() {
    let h = harness().await;
    let one = make(&h, "../../etc/passwd", "dall-e-3").await;
    let two = make(&h, "CON", "gpt-image-1").await;
    let three = make(&h, "A cat: \"Tom\" <3 / \\ | ? *", "dall-e-3").await;
    h.store.set_image_tags(three.id, &["cats".into()]).unwrap();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("export");
    let ids = [one.id, two.id, three.id];
    let report = export_images(&h.store, &h.attachments, &ids, &folder).unwrap();
    assert_eq!(report.count, 3);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(
        std::fs::read_dir(out.path()).unwrap().count() == 1,
        "nothing beside the folder"
    );
    for name in &names {
        assert!(
            !name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']),
            "{name}"
        );
        assert!(!name.to_lowercase().starts_with("con."), "{name}");
    }
    let sidecar = names
        .iter()
        .find(|n| n.starts_with("A cat") && n.ends_with(".json"))
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join(sidecar)).unwrap()).unwrap();
    assert_eq!(json["prompt"], three.prompt);
    assert_eq!(json["model"], "dall-e-3");
    assert_eq!(json["tags"], serde_json::json!(["cats"]));
    let picture = folder.join(sidecar.replace(".json", ".png"));
    image::open(&picture).expect("the exported picture decodes");

    // Again into the same folder: nothing is overwritten.
    let again = export_images(&h.store, &h.attachments, &ids, &folder).unwrap();
    assert_eq!(again.count, 3);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 12);
    let nothing = export_images(&h.store, &h.attachments, &[], &folder).unwrap_err();
    assert_eq!(nothing.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_clip_without_a_poster_keeps_the_frame_the_window_drew_once() {
    use base64::Engine;
    use comet_core::drawn_poster::keep_drawn_poster;
    use comet_core::media_files::MediaKind;
    use comet_core::store::NewImage;
    let h = harness().await;
    let clip = h
        .store
        .add_image(&NewImage {
            file: format!("{}.mp4", "c".repeat(64)),
            prompt: "waves".into(),
            model: "kling-v1-6".into(),
            source: "studio".into(),
            kind: MediaKind::Video,
            ..NewImage::default()
        })
        .unwrap();
    assert_eq!(clip.thumb, "");
    let frame = base64::engine::general_purpose::STANDARD.encode(png(64, 36, 255));
    let kept = keep_drawn_poster(&h.store, &h.attachments, clip.id, &frame).unwrap();
    assert!(kept.thumb.ends_with(".thumb.jpg"), "{kept:?}");
    assert!(h.attachments.path_of(&kept.thumb).unwrap().exists());
    // A second drawing (another window, a reload) changes nothing.
    let other = base64::engine::general_purpose::STANDARD.encode(png(80, 45, 255));
    let again = keep_drawn_poster(&h.store, &h.attachments, clip.id, &other).unwrap();
    assert_eq!(again.thumb, kept.thumb);
    // Not a picture: refused, nothing changed.
    let bare = h
        .store
        .add_image(&NewImage {
            file: format!("{}.mp4", "d".repeat(64)),
            prompt: "sea".into(),
            model: "gen4_turbo".into(),
            source: "studio".into(),
            kind: MediaKind::Video,
            ..NewImage::default()
        })
        .unwrap();
    let page = base64::engine::general_purpose::STANDARD.encode(b"<html>not a frame</html>");
    assert!(keep_drawn_poster(&h.store, &h.attachments, bare.id, &page).is_err());
    assert!(keep_drawn_poster(&h.store, &h.attachments, bare.id, "%%%").is_err());
    assert_eq!(h.store.image(bare.id).unwrap().thumb, "");
}
