//! Midjourney on the task engine against fake-comet: imagine to a kept
//! grid with its live preview and buttons, a button's new task linked to
//! its parent, Vary (Region) through the modal, zoom out, lineage over four
//! generations, split grid, blend and describe, and the cost recorded.

mod support;

use comet_core::tasks::{BotType, Family, Speed, Task, TaskEvent, TaskRequest, TaskStatus};
use support::*;

fn button(task: &Task, label: &str) -> String {
    task.actions
        .iter()
        .find(|b| b.label == label)
        .unwrap_or_else(|| panic!("no {label} in {:?}", task.actions))
        .custom_id
        .clone()
}

#[tokio::test]
async fn imagine_shows_progress_and_a_preview_then_keeps_the_grid_with_its_buttons() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let engine = task_engine(&h);
    let mut events = engine.subscribe();
    let _running = run_engine(&engine);
    let task = engine
        .submit(&imagine(
            "A lighthouse at dusk --ar 1:1 --v 7 [[seconds:2]]",
        ))
        .await
        .unwrap();
    assert_eq!(task.status, TaskStatus::Queued);
    assert!(task.remote_id.is_some());
    assert_eq!(task.model, "mj_fast_imagine");
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
    assert_eq!(done.progress, Some(100));
    // Seen on the way: running with a percentage and a preview picture.
    let mut seen_running = false;
    while let Ok(event) = events.try_recv() {
        let TaskEvent::Changed { task: t } = event else {
            continue;
        };
        if t.id == task.id
            && t.status == TaskStatus::Running
            && t.preview.is_some()
            && t.progress.unwrap_or(0) > 0
        {
            seen_running = true;
        }
    }
    assert!(seen_running, "no running event with a preview");
    // The grid is kept in the gallery, found by its family.
    assert_eq!(done.outputs.len(), 1);
    let grid = h.store.image(done.outputs[0].image_id).unwrap();
    assert_eq!((grid.width, grid.height), (1024, 1024));
    assert_eq!(grid.family.as_deref(), Some("midjourney"));
    assert_eq!(grid.task_id, Some(task.id));
    assert!(h.attachments.path_of(&grid.file).unwrap().exists());
    let by_family = h
        .store
        .list_images(
            &comet_core::store::GalleryFilter {
                family: Some("midjourney".into()),
                ..Default::default()
            },
            None,
            10,
        )
        .unwrap();
    assert_eq!(by_family.len(), 1);
    // The buttons are the latest fetch's: U1-U4, V1-V4 and reroll.
    let labels: Vec<&str> = done.actions.iter().map(|b| b.label.as_str()).collect();
    for want in ["U1", "U4", "V1", "V4"] {
        assert!(labels.contains(&want), "{labels:?}");
    }
    assert!(done.actions.iter().any(|b| b.emoji == "🔄"));
    // Its cost at the catalogue's price, in the call log as a task.
    assert_eq!(done.cost_usd, Some(0.056));
    let calls = all_calls(&h);
    let call = calls
        .iter()
        .find(|c| c.model == "mj_fast_imagine")
        .expect("a call");
    assert_eq!(call.kind, comet_core::store::CallKind::Task);
    assert_eq!(call.cost_usd, Some(0.056));
    // The speed tier chose the route.
    let submits = h.server.task_submits();
    assert_eq!(submits[0].0, "/mj-fast/submit/imagine");
    assert_eq!(submits[0].1["accountFilter"]["modes"][0], "FAST");
}

#[tokio::test]
async fn upscale_vary_region_and_zoom_out_make_a_chain_of_four_generations() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let grid = engine
        .submit(&imagine("A red fox in snow [[seconds:0.5]]"))
        .await
        .unwrap();
    let grid = wait_finished(&engine, grid.id).await;
    // U2 with the customId of the latest fetch.
    let latest = engine.task(grid.id).unwrap();
    let u2 = engine.act(grid.id, &button(&latest, "U2")).await.unwrap();
    assert_eq!(
        (u2.parent_id, u2.operation.as_str()),
        (Some(grid.id), "upscale")
    );
    let sent = h.server.task_submits().last().unwrap().1.clone();
    assert_eq!(sent["customId"], button(&latest, "U2"));
    let u2 = wait_finished(&engine, u2.id).await;
    assert_eq!(u2.status, TaskStatus::Succeeded, "{u2:#?}");
    assert!(u2.actions.iter().any(|b| b.label == "Vary (Region)"));
    // Vary (Region): the modal opens, a mask and a prompt continue it.
    let region = engine
        .act(u2.id, &button(&u2, "Vary (Region)"))
        .await
        .unwrap();
    assert_eq!(region.status, TaskStatus::NeedsInput);
    let refused = engine.continue_modal(region.id, "a blue scarf", None).await;
    assert!(refused.is_err(), "a mask is required");
    let mask = kept_picture(&h, 255);
    let region = engine
        .continue_modal(region.id, "a blue scarf", Some(&mask))
        .await
        .unwrap();
    assert_eq!(region.status, TaskStatus::Queued);
    let region = wait_finished(&engine, region.id).await;
    assert_eq!(region.status, TaskStatus::Succeeded, "{region:#?}");
    let modal_body = h.server.task_submits().last().unwrap().1.clone();
    assert!(modal_body["maskBase64"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    // Zoom out 2x from the varied picture.
    let zoom = engine
        .act(region.id, &button(&region, "Zoom Out 2x"))
        .await
        .unwrap();
    let zoom = wait_finished(&engine, zoom.id).await;
    assert_eq!(zoom.status, TaskStatus::Succeeded);
    // The viewer's lineage walks grid → upscale → vary → zoom.
    let lineage = h.store.image_lineage(zoom.outputs[0].image_id).unwrap();
    let chain: Vec<i64> = lineage.ancestors.iter().map(|i| i.id).collect();
    assert_eq!(
        chain,
        vec![
            grid.outputs[0].image_id,
            u2.outputs[0].image_id,
            region.outputs[0].image_id
        ]
    );
    // A button from another task is refused.
    assert!(engine.act(zoom.id, &button(&latest, "U1")).await.is_err());
}

#[tokio::test]
async fn custom_zoom_asks_for_a_prompt_on_the_same_task() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let grid = engine
        .submit(&imagine("Mountains [[seconds:0.3]]"))
        .await
        .unwrap();
    let grid = wait_finished(&engine, grid.id).await;
    let up = engine.act(grid.id, &button(&grid, "U1")).await.unwrap();
    let up = wait_finished(&engine, up.id).await;
    let zoom = engine
        .act(up.id, &button(&up, "Custom Zoom"))
        .await
        .unwrap();
    assert_eq!(zoom.status, TaskStatus::NeedsInput);
    let same = engine
        .continue_modal(zoom.id, "wider valley --zoom 2", None)
        .await
        .unwrap();
    assert_eq!(same.id, zoom.id);
    let done = wait_finished(&engine, zoom.id).await;
    assert_eq!(
        (done.status, done.prompt.as_str()),
        (TaskStatus::Succeeded, "wider valley --zoom 2")
    );
}

#[tokio::test]
async fn split_grid_keeps_four_quadrants_linked_to_the_grid_without_a_charge() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let grid = engine
        .submit(&imagine("Four seasons [[seconds:0.3]]"))
        .await
        .unwrap();
    let grid = wait_finished(&engine, grid.id).await;
    let calls_before = all_calls(&h).len();
    let parts = engine.split_grid(grid.id).await.unwrap();
    assert_eq!(parts.len(), 4);
    let grid_image = grid.outputs[0].image_id;
    assert!(parts
        .iter()
        .all(|p| p.parent_id == Some(grid_image) && (p.width, p.height) == (512, 512)));
    // The quadrants differ (the fake paints each its own colour).
    let mut files: Vec<&str> = parts.iter().map(|p| p.file.as_str()).collect();
    files.dedup();
    assert_eq!(files.len(), 4);
    let again = engine.split_grid(grid.id).await.unwrap();
    assert_eq!(
        again.iter().map(|p| p.id).collect::<Vec<_>>(),
        parts.iter().map(|p| p.id).collect::<Vec<_>>()
    );
    assert_eq!(all_calls(&h).len(), calls_before);
}

#[tokio::test]
async fn blend_makes_a_grid_and_describe_gives_four_prompts() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let (a, b) = (kept_picture(&h, 10), kept_picture(&h, 200));
    let too_few = engine
        .submit(&TaskRequest::Blend {
            images: vec![a.clone()],
            shape: comet_core::tasks::BlendShape::Square,
            bot: BotType::MidJourney,
            speed: Speed::Relax,
        })
        .await;
    assert!(too_few.is_err());
    let blend = engine
        .submit(&TaskRequest::Blend {
            images: vec![a.clone(), b],
            shape: comet_core::tasks::BlendShape::Landscape,
            bot: BotType::NijiJourney,
            speed: Speed::Relax,
        })
        .await
        .unwrap();
    assert_eq!(blend.model, "mj_relax_blend");
    let sent = &h.server.task_submits()[0];
    assert_eq!(sent.0, "/mj/submit/blend");
    assert_eq!(
        (sent.1["dimensions"].as_str(), sent.1["botType"].as_str()),
        (Some("LANDSCAPE"), Some("NIJI_JOURNEY"))
    );
    assert!(sent.1["base64Array"][0]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    let describe = engine
        .submit(&TaskRequest::Describe {
            image: a,
            bot: BotType::MidJourney,
            speed: Speed::Fast,
        })
        .await
        .unwrap();
    let blend = wait_finished(&engine, blend.id).await;
    assert_eq!(
        (blend.status, blend.outputs.len()),
        (TaskStatus::Succeeded, 1)
    );
    let describe = wait_finished(&engine, describe.id).await;
    assert_eq!(describe.status, TaskStatus::Succeeded);
    assert_eq!(describe.prompts.len(), 4, "{:?}", describe.prompts);
    assert!(describe.prompts[0].starts_with("A lighthouse"));
    assert!(describe.outputs.is_empty());
    assert_eq!(describe.family, Family::Midjourney);
}
