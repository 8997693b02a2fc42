//! The task engine when things go wrong, against fake-comet's faults: a
//! task not there yet, a poll that hangs, a 5xx, an HTML body, a result
//! link that expired, a download cut halfway, a banned prompt, a full queue, a submit whose answer
//! never came (never sent twice), a restart mid-task, and the key in no
//! row, answer kept or message.

mod support;

use comet_core::store::Store;
use comet_core::tasks::TaskStatus;
use comet_core::ErrorCode;
use std::sync::Arc;
use support::*;

#[tokio::test]
async fn polls_that_fail_for_a_while_back_off_and_the_task_still_finishes() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let mut ids = Vec::new();
    for request in [
        imagine("Not there yet [[fault:task_not_exist:1]] [[seconds:0.5]]"),
        imagine("Hangs once [[fault:poll-hang]] [[seconds:0.5]]"),
        imagine("Fails twice [[fault:poll-500]] [[seconds:0.5]]"),
        imagine("HTML twice [[fault:html]] [[seconds:0.5]]"),
        imagine("In a queue [[fault:queued]] [[seconds:0.5]]"),
        flux("Not there yet [[fault:task_not_exist:1]] [[seconds:0.5]]"),
        flux("Hangs once [[fault:poll-hang]] [[seconds:0.5]]"),
        flux("Fails twice [[fault:poll-500]] [[seconds:0.5]]"),
        flux("HTML twice [[fault:html]] [[seconds:0.5]]"),
    ] {
        ids.push(engine.submit(&request).await.unwrap().id);
    }
    for id in ids {
        let task = wait_finished(&engine, id).await;
        assert_eq!(task.status, TaskStatus::Succeeded, "{task:#?}");
        assert_eq!(task.outputs.len(), 1);
    }
    // Each was submitted once, whatever its polls met.
    assert_eq!(
        h.server
            .task_submits()
            .iter()
            .filter(|(r, _)| r.contains("submit") || r.contains("replicate"))
            .count(),
        9
    );
}

#[tokio::test]
async fn an_html_poll_keeps_its_text_while_the_task_waits() {
    let h = harness().await;
    let engine = task_engine(&h);
    let task = engine
        .submit(&imagine("HTML [[fault:html]] [[seconds:30]]"))
        .await
        .unwrap();
    let _running = run_engine(&engine);
    let waiting = wait_task(&engine, task.id, 10, |t| {
        t.message
            .as_deref()
            .is_some_and(|m| m.contains("502 Bad Gateway"))
    })
    .await;
    assert!(!waiting.status.is_finished());
    assert!(waiting.message.unwrap().starts_with("Still waiting"));
}

#[tokio::test]
async fn an_expired_result_link_ends_labelled_and_keeps_nothing() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let mj = engine
        .submit(&imagine("Gone [[fault:expired]] [[seconds:0.3]]"))
        .await
        .unwrap();
    let fx = engine
        .submit(&flux("Gone [[fault:expired]] [[seconds:0.3]]"))
        .await
        .unwrap();
    for id in [mj.id, fx.id] {
        let task = wait_finished(&engine, id).await;
        assert_eq!(
            (task.status, task.error_code),
            (TaskStatus::Failed, Some(ErrorCode::NotFound)),
            "{task:#?}"
        );
        assert!(task.message.unwrap().contains("could not be fetched"));
        assert!(task.outputs.is_empty());
    }
    assert_eq!(h.store.gallery_facets().unwrap().total, 0);
}

#[tokio::test]
async fn a_download_cut_halfway_keeps_nothing_and_the_next_poll_keeps_it_whole() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let task = engine
        .submit(&imagine(
            "Flaky link [[fault:cut-download]] [[seconds:0.3]]",
        ))
        .await
        .unwrap();
    let task = wait_finished(&engine, task.id).await;
    assert_eq!(task.status, TaskStatus::Succeeded, "{task:#?}");
    assert_eq!(task.outputs.len(), 1);
    assert_eq!(h.store.gallery_facets().unwrap().total, 1);
    let remote = task.remote_id.as_deref().unwrap();
    assert_eq!(h.server.result_downloads(remote), 2, "cut once, then whole");
    // The kept file is the whole picture (it decodes), and the half that
    // came first left no file behind.
    let kept = h.attachments.path_of(&task.outputs[0].file).unwrap();
    let picture = image::open(&kept).expect("the kept grid decodes");
    assert_eq!(picture.width(), 1024);
    let partial = h.attachments.partial_dir();
    let left: Vec<_> = std::fs::read_dir(&partial)
        .map(|d| d.filter_map(Result::ok).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "partial downloads left: {left:?}");
}

#[tokio::test]
async fn a_failed_job_says_why() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let task = engine
        .submit(&imagine("Fails [[fault:fail]] [[seconds:0.3]]"))
        .await
        .unwrap();
    let task = wait_finished(&engine, task.id).await;
    assert_eq!(task.status, TaskStatus::Failed);
    assert!(task.message.unwrap().contains("could not be made"));
}

#[tokio::test]
async fn refused_submits_end_at_once_labelled_and_cost_nothing() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let engine = task_engine(&h);
    for (prompt, code, words) in [
        ("Nope [[fault:banned]]", ErrorCode::BadRequest, "forbidden"),
        (
            "Later [[fault:queue-full]]",
            ErrorCode::RateLimited,
            "queue is full",
        ),
        (
            "Busy [[fault:saturated]]",
            ErrorCode::RateLimited,
            "capacity",
        ),
    ] {
        let task = engine.submit(&imagine(prompt)).await.unwrap();
        assert_eq!(
            (task.status, task.error_code),
            (TaskStatus::Failed, Some(code)),
            "{prompt}"
        );
        assert!(
            task.message.as_deref().unwrap().contains(words),
            "{:?}",
            task.message
        );
        assert!(!task.may_be_charged);
        assert_eq!(task.cost_usd, None);
    }
    let refused = engine.submit(&flux("Nope [[fault:banned]]")).await.unwrap();
    assert_eq!(refused.status, TaskStatus::Failed);
    let calls = all_calls(&h);
    assert_eq!(calls.len(), 4);
    assert!(calls
        .iter()
        .all(|c| c.error_code.is_some() && c.cost_usd.is_none()));
    // Bad input writes nothing at all.
    assert!(engine.submit(&imagine("   ")).await.is_err());
    assert_eq!(engine.list(false, 100).unwrap().len(), 4);
}

#[tokio::test]
async fn a_submit_whose_answer_never_came_may_be_charged_and_is_never_sent_again() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    for request in [
        imagine("Lost [[fault:submit-hang]]"),
        flux("Lost [[fault:submit-hang]]"),
    ] {
        let task = engine.submit(&request).await.unwrap();
        assert_eq!(task.status, TaskStatus::Unknown, "{task:#?}");
        assert!(task.may_be_charged);
        assert!(task
            .message
            .as_deref()
            .unwrap()
            .contains("may have been charged"));
        let checked = engine.check_again(task.id).await;
        assert!(checked.is_err_and(|e| e.code == ErrorCode::NotFound));
    }
    // The scheduler runs on; nothing is resubmitted.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(h.server.task_submits().len(), 2);
}

#[tokio::test]
async fn a_task_survives_a_restart_and_a_submit_cut_by_one_is_marked_lost() {
    let h = harness().await;
    let path = h.dir.path().join("comet.sqlite3");
    let task = {
        let engine = task_engine(&h);
        // Submitted, then the app "quits" before any poll.
        engine
            .submit(&imagine("Survives [[seconds:0.5]]"))
            .await
            .unwrap()
    };
    // A row written just before the request went out: the app died there.
    let reopened = Arc::new(Store::open(&path).unwrap());
    let engine = task_engine_on(&h, reopened.clone());
    let _running = run_engine(&engine);
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded, "{done:#?}");
    assert_eq!(done.outputs.len(), 1);
    assert_eq!(h.server.task_submits().len(), 1);
}

#[tokio::test]
async fn stop_watching_pauses_polling_and_check_again_resumes_it() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let task = engine
        .submit(&imagine("Paused [[seconds:0.6]]"))
        .await
        .unwrap();
    let stopped = engine.stop_watching(task.id).unwrap();
    assert!(!stopped.watching);
    tokio::time::sleep(std::time::Duration::from_millis(900)).await;
    assert!(
        !engine.task(task.id).unwrap().status.is_finished(),
        "not polled while not watched"
    );
    let checked = engine.check_again(task.id).await.unwrap();
    assert!(checked.watching);
    let done = wait_finished(&engine, task.id).await;
    assert_eq!(done.status, TaskStatus::Succeeded);
}

#[tokio::test]
async fn many_midjourney_tasks_are_polled_in_one_batch() {
    let h = harness().await;
    let engine = task_engine(&h);
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(
            engine
                .submit(&imagine(&format!("Batch {i} [[seconds:0.8]]")))
                .await
                .unwrap()
                .id,
        );
    }
    let _running = run_engine(&engine);
    for id in ids {
        assert_eq!(
            wait_finished(&engine, id).await.status,
            TaskStatus::Succeeded
        );
    }
    let lists = h
        .server
        .task_submits()
        .iter()
        .filter(|(r, _)| r.ends_with("list-by-condition"))
        .count();
    assert!(lists >= 1, "polled through list-by-condition");
}

#[tokio::test]
async fn the_key_is_in_no_task_row_answer_or_message() {
    let h = harness().await;
    let engine = task_engine(&h);
    let _running = run_engine(&engine);
    let echoed = engine
        .submit(&imagine(
            "Echo [[fault:echo-key]] [[fault:fail]] [[seconds:0.3]]",
        ))
        .await
        .unwrap();
    let echoed = wait_finished(&engine, echoed.id).await;
    assert!(
        echoed.message.as_deref().unwrap().contains("sk-***"),
        "{echoed:#?}"
    );
    let done = engine
        .submit(&imagine("Fine [[seconds:0.3]]"))
        .await
        .unwrap();
    wait_finished(&engine, done.id).await;
    engine
        .submit(&imagine("Lost [[fault:submit-hang]]"))
        .await
        .unwrap();
    for text in h.store.task_texts().unwrap() {
        assert!(!text.contains(KEY), "the key is in a task row: {text}");
    }
    let database = std::fs::read(h.dir.path().join("comet.sqlite3")).unwrap();
    let wal = std::fs::read(h.dir.path().join("comet.sqlite3-wal")).unwrap_or_default();
    for bytes in [database, wal] {
        assert!(
            !bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()),
            "the key is in the database file"
        );
    }
}

#[tokio::test]
async fn a_task_has_at_most_one_poll_in_flight() {
    let h = harness().await;
    let engine = task_engine(&h);
    // The first poll hangs (until the client's 0.7 s read timeout here);
    // the scheduler, due every 0.1 s, must not send another meanwhile.
    let task = engine
        .submit(&imagine("Slow answer [[fault:poll-hang]] [[seconds:30]]"))
        .await
        .unwrap();
    let _running = run_engine(&engine);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let url = format!(
        "{}/_fake/jobs/{}",
        h.server.base_url(),
        task.remote_id.unwrap()
    );
    let polls: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert_eq!(polls["polls"], 1, "{polls}");
}
