//! Compare: one question, two to four models answering side by side; the
//! first is shown, the others are its siblings; any may be kept.

mod support;

use comet_core::chat::{ChatEvent, Turn};
use comet_core::ErrorCode;
use std::collections::BTreeMap;
use support::*;

fn ask(text: &str) -> Turn {
    Turn::Ask {
        content: text.into(),
        attachments: Vec::new(),
        documents: Vec::new(),
    }
}

async fn compare(
    h: &Harness,
    c: i64,
    text: &str,
    models: &[&str],
) -> BTreeMap<u32, Vec<ChatEvent>> {
    let models: Vec<String> = models.iter().map(|m| m.to_string()).collect();
    let mut lanes: BTreeMap<u32, Vec<ChatEvent>> = BTreeMap::new();
    h.chat
        .answer_many(c, &ask(text), &models, &mut |lane, e| {
            lanes.entry(lane).or_default().push(e)
        })
        .await
        .expect("compare is accepted");
    lanes
}

#[tokio::test]
async fn three_models_answer_one_question_side_by_side() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let c = h.chat.create_conversation("gpt-4o-mini").unwrap().id;
    let lanes = compare(
        &h,
        c,
        "Which is faster?",
        &["gpt-4o-mini", "claude-sonnet-4-5", "o3-pro"],
    )
    .await;
    assert_eq!(lanes.len(), 3);

    let mut answers = Vec::new();
    for (lane, events) in &lanes {
        let ChatEvent::Started {
            user_message,
            answer,
        } = &events[0]
        else {
            panic!("lane {lane} starts")
        };
        assert_eq!(user_message.as_ref().unwrap().content, "Which is faster?");
        assert_eq!(
            answer.siblings.len(),
            3,
            "every lane is a sibling of the others"
        );
        assert!(events
            .iter()
            .any(|e| matches!(e, ChatEvent::Usage { usage } if usage.cost_usd.is_some())));
        let done = events.iter().find_map(|e| match e {
            ChatEvent::Done { message } => Some(message.clone()),
            _ => None,
        });
        let message = done.unwrap_or_else(|| panic!("lane {lane} ends: {events:?}"));
        assert!(message.content.starts_with("You said: Which is faster?"));
        assert!(message.usage.as_ref().unwrap().latency_ms >= 0);
        answers.push(message);
    }
    let models: Vec<_> = answers.iter().map(|m| m.model.clone().unwrap()).collect();
    assert_eq!(models, ["gpt-4o-mini", "claude-sonnet-4-5", "o3-pro"]);
    // One question was stored, and each model was asked (o3-pro on /v1/responses).
    let asked: Vec<String> = h
        .server
        .requests()
        .iter()
        .filter_map(|r| r["model"].as_str().map(str::to_owned))
        .collect();
    for model in &models {
        assert!(asked.contains(model), "{model} was asked");
    }
    let shown = h.store.list_messages(c).unwrap();
    assert_eq!(shown.len(), 2);
    assert_eq!(
        shown[1].id, answers[0].id,
        "the first model's answer is shown"
    );

    // The user keeps the third.
    h.chat.select_branch(c, answers[2].id).unwrap();
    assert_eq!(h.store.list_messages(c).unwrap()[1].id, answers[2].id);
    // The chat's next question follows the kept answer.
    h.send_in(c, "thanks").await;
    let path = h.store.list_messages(c).unwrap();
    assert_eq!(path[2].parent_id, Some(answers[2].id));
}

#[tokio::test]
async fn one_failing_model_does_not_stop_the_others() {
    let h = harness().await;
    let c = h.chat.create_conversation("gpt-4o-mini").unwrap().id;
    let lanes = compare(&h, c, "hello", &["gpt-4o-mini", "unavailable-model"]).await;
    assert!(matches!(last(&lanes[&0]), ChatEvent::Done { .. }));
    let Some(ChatEvent::Error { error, .. }) = lanes[&1]
        .iter()
        .rfind(|e| !matches!(e, ChatEvent::Titled { .. }))
    else {
        panic!("lane 1 fails: {:?}", lanes[&1])
    };
    assert_eq!(error.code, ErrorCode::ModelUnavailable);
}

#[tokio::test]
async fn stop_ends_every_lane_and_frees_the_chat() {
    let h = std::sync::Arc::new(harness().await);
    let c = h.chat.create_conversation("gpt-4o-mini").unwrap().id;
    let runner = h.clone();
    let task = tokio::spawn(async move {
        compare(
            &runner,
            c,
            "[[fault:slow:40]] [[words:400]] go",
            &["gpt-4o-mini", "gpt-4o"],
        )
        .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(h.chat.stop(c));
    let lanes = task.await.unwrap();
    for events in lanes.values() {
        let Some(ChatEvent::Done { message }) = events
            .iter()
            .rfind(|e| !matches!(e, ChatEvent::Titled { .. }))
        else {
            panic!("each lane ends: {events:?}")
        };
        assert_eq!(
            message.finish_reason,
            Some(comet_core::store::FinishReason::Cancelled)
        );
    }
    // The chat is free again.
    h.send_in(c, "next").await;
}

#[tokio::test]
async fn too_many_or_no_models_are_refused_before_anything_is_stored() {
    let h = harness().await;
    let c = h.chat.create_conversation("gpt-4o-mini").unwrap().id;
    let five: Vec<String> = (0..5).map(|i| format!("m{i}")).collect();
    for models in [five, Vec::new(), vec![" ".to_owned()]] {
        let err = h
            .chat
            .answer_many(c, &ask("hi"), &models, &mut |_, _| {})
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
    }
    assert!(h.store.list_messages(c).unwrap().is_empty());
}
