//! Images attached to questions: checked, downsized, stored once, sent as
//! data URLs, kept with the question through regenerate and edit.

mod support;

use comet_core::chat::Turn;
use comet_core::media_files::MAX_SIDE;
use comet_core::ErrorCode;
use image::{ImageFormat, RgbImage};
use std::io::Cursor;
use support::*;

fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut out, format)
        .unwrap();
    out.into_inner()
}

#[tokio::test]
async fn large_images_are_downsized_and_small_ones_kept_as_they_are() {
    let h = harness().await;
    let big = h
        .attachments
        .add(&picture(3000, 1500, ImageFormat::Png))
        .unwrap();
    assert_eq!((big.width, big.height), (MAX_SIDE, 1024));
    assert!(big.file.ends_with(".png"));
    let stored = image::open(h.attachments.path_of(&big.file).unwrap()).unwrap();
    assert_eq!((stored.width(), stored.height()), (2048, 1024));

    let big_jpeg = h
        .attachments
        .add(&picture(1000, 4000, ImageFormat::Jpeg))
        .unwrap();
    assert_eq!(
        (
            big_jpeg.width,
            big_jpeg.height,
            big_jpeg.file.ends_with(".jpg")
        ),
        (512, 2048, true)
    );

    let small = picture(320, 200, ImageFormat::Jpeg);
    let kept = h.attachments.add(&small).unwrap();
    let on_disk = std::fs::read(h.attachments.path_of(&kept.file).unwrap()).unwrap();
    assert_eq!(on_disk, small, "a small JPEG is stored byte for byte");
    // The same picture twice is one file.
    assert_eq!(h.attachments.add(&small).unwrap().file, kept.file);

    let webp = h
        .attachments
        .add(&picture(64, 64, ImageFormat::WebP))
        .unwrap();
    assert!(webp.file.ends_with(".png"), "WebP becomes PNG");
}

#[tokio::test]
async fn malformed_truncated_and_bomb_images_are_refused_clearly() {
    let h = harness().await;
    let png = picture(500, 500, ImageFormat::Png);
    // A PNG header claiming 100,000 × 100,000 pixels.
    let mut bomb = png[..33].to_vec();
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    for bad in [
        b"definitely not an image".to_vec(),
        png[..png.len() / 3].to_vec(),
        Vec::new(),
        bomb,
    ] {
        let err = h.attachments.add(&bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(
            err.message.contains("not an image Comet Desk can read"),
            "{}",
            err.message
        );
    }
    assert!(h.attachments.path_of("../../etc/passwd").is_none());
    assert!(h.attachments.path_of("abc.png").is_none());
}

#[tokio::test]
async fn images_go_with_their_question_as_data_urls_and_stay_on_regenerate_and_edit() {
    let h = harness().await;
    let image = h
        .attachments
        .add(&picture(40, 30, ImageFormat::Png))
        .unwrap();
    let c = h.chat.create_conversation("gpt-4o").unwrap();
    let ask = Turn::Ask {
        content: "What colour is this?".into(),
        attachments: vec![image.file.clone()],
        documents: Vec::new(),
    };
    h.chat
        .answer(c.id, &ask, "gpt-4o", &mut |_| {})
        .await
        .unwrap();

    let sent = h.last_answer_request();
    let parts = sent["messages"][0]["content"].as_array().unwrap();
    assert_eq!(parts[0]["text"], "What colour is this?");
    assert!(parts[1]["image_url"]["url"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,iVBOR"));
    let shown = h.store.list_messages(c.id).unwrap();
    assert_eq!(shown[0].attachments, std::slice::from_ref(&image.file));

    h.chat
        .answer(
            c.id,
            &Turn::Regenerate {
                answer_id: shown[1].id,
            },
            "gpt-4o",
            &mut |_| {},
        )
        .await
        .unwrap();
    assert!(h.last_answer_request()["messages"][0]["content"][1]["image_url"].is_object());

    h.chat
        .answer(
            c.id,
            &Turn::Edit {
                message_id: shown[0].id,
                content: "And its shape?".into(),
            },
            "gpt-4o",
            &mut |_| {},
        )
        .await
        .unwrap();
    let edited = &h.store.list_messages(c.id).unwrap()[0];
    assert_eq!(edited.content, "And its shape?");
    assert_eq!(edited.attachments, [image.file]);
}

#[tokio::test]
async fn the_responses_api_gets_input_image_parts() {
    let h = harness().await;
    let image = h.attachments.add(&picture(8, 8, ImageFormat::Png)).unwrap();
    let c = h.chat.create_conversation("o3-pro").unwrap();
    let ask = Turn::Ask {
        content: "Describe".into(),
        attachments: vec![image.file],
        documents: Vec::new(),
    };
    h.chat
        .answer(c.id, &ask, "o3-pro", &mut |_| {})
        .await
        .unwrap();
    let sent = h.last_answer_request();
    assert_eq!(sent["input"][0]["content"][0]["type"], "input_text");
    assert_eq!(sent["input"][0]["content"][1]["type"], "input_image");
    assert!(sent["input"][0]["content"][1]["image_url"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png"));
}
