//! Flux through Replicate predictions on the task engine: the form's
//! parameters checked against the model table, the prediction polled to
//! its picture, kept in the gallery under its family, priced per request.

mod support;

use comet_core::tasks::{Family, TaskRequest, TaskStatus};
use serde_json::json;
use support::*;

#[tokio::test]
async fn flux_schnell_makes_a_picture_kept_with_its_family_and_price() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let params = [
        ("aspect_ratio".to_owned(), json!("16:9")),
        ("seed".to_owned(), json!(7)),
    ]
    .into_iter()
    .collect();
    let task = engine
        .submit(&TaskRequest::Replicate {
            model: "black-forest-labs/flux-schnell".into(),
            prompt: "A koi pond".into(),
            params,
        })
        .await
        .unwrap();
    assert_eq!(
        (task.family, task.status),
        (Family::Replicate, TaskStatus::Queued)
    );
    let (route, body) = h.server.task_submits()[0].clone();
    assert_eq!(route, "/replicate/black-forest-labs/flux-schnell");
    assert_eq!(
        body["input"],
        json!({"prompt": "A koi pond", "aspect_ratio": "16:9", "seed": 7, "output_format": "webp", "num_outputs": 1, "num_inference_steps": 4})
    );
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
    let image = h.store.image(done.outputs[0].image_id).unwrap();
    assert_eq!(image.family.as_deref(), Some("replicate"));
    assert_eq!(image.model, "black-forest-labs/flux-schnell");
    assert_eq!(done.cost_usd, Some(0.003));
    assert_eq!(image.cost_usd, Some(0.003));
}

#[tokio::test]
async fn kontext_needs_its_input_image_and_sends_it() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let model = "black-forest-labs/flux-kontext-pro".to_owned();
    let without = engine
        .submit(&TaskRequest::Replicate {
            model: model.clone(),
            prompt: "Make it night".into(),
            params: Default::default(),
        })
        .await;
    assert!(without.is_err_and(|e| e.message.contains("input image")));
    let picture = image::RgbImage::from_pixel(32, 32, image::Rgb([1, 2, 3]));
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let file = h.attachments.add(png.get_ref()).unwrap().file;
    let params = [("input_image".to_owned(), json!(file))]
        .into_iter()
        .collect();
    let task = engine
        .submit(&TaskRequest::Replicate {
            model,
            prompt: "Make it night".into(),
            params,
        })
        .await
        .unwrap();
    let body = &h.server.task_submits()[0].1;
    assert!(body["input"]["input_image"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    assert_eq!(body["input"]["aspect_ratio"], "match_input_image");
    assert_eq!(
        wait_finished(&engine, task.id).await.status,
        TaskStatus::Succeeded
    );
    // The row keeps the picture by name, not its bytes.
    assert!(h.store.task_texts().unwrap()[0].contains(&format!("comet-file:{file}")));
}

#[tokio::test]
async fn a_failed_prediction_says_why() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let task = engine
        .submit(&TaskRequest::Replicate {
            model: "black-forest-labs/flux-dev".into(),
            prompt: "x [[fault:fail]] [[seconds:0.3]]".into(),
            params: Default::default(),
        })
        .await
        .unwrap();
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Failed);
    assert!(done.message.unwrap().contains("NSFW"));
}
