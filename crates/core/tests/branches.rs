//! Regenerate and edit keep the old versions as siblings; the user pages
//! between them; delete removes one message and keeps the rest.

mod support;

use comet_core::chat::{ChatEvent, Turn};
use comet_core::store::{ConversationSettings, Role};
use support::*;

impl Harness {
    async fn turn(&self, conversation_id: i64, turn: Turn) -> Vec<ChatEvent> {
        let mut events = Vec::new();
        self.chat
            .answer(conversation_id, &turn, "gpt-4o-mini", &mut |e| {
                events.push(e)
            })
            .await
            .expect("the turn is accepted");
        events
    }

    fn shown(&self, conversation_id: i64) -> Vec<(Role, String)> {
        self.store
            .list_messages(conversation_id)
            .unwrap()
            .into_iter()
            .map(|m| (m.role, m.content.lines().next().unwrap_or("").to_owned()))
            .collect()
    }
}

fn user_texts(body: &serde_json::Value) -> Vec<String> {
    body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}: {}",
                m["role"].as_str().unwrap(),
                m["content"].as_str().unwrap().lines().next().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn regenerate_keeps_the_old_answer_as_a_sibling_and_sends_only_the_path() {
    let h = harness().await;
    let (c, _) = h.send("first question").await;
    h.send_in(c, "second question").await;
    let old = h.store.list_messages(c).unwrap()[3].clone();

    let events = h.turn(c, Turn::Regenerate { answer_id: old.id }).await;
    let ChatEvent::Started {
        user_message,
        answer,
    } = &events[0]
    else {
        panic!("starts with Started")
    };
    assert!(user_message.is_none(), "no new question on regenerate");
    assert_eq!(answer.parent_id, old.parent_id);
    assert_eq!(answer.siblings, vec![old.id, answer.id]);

    // The context ends with the question; the old answer is not in it.
    let sent = h.last_answer_request();
    assert_eq!(
        user_texts(&sent),
        [
            "user: first question",
            "assistant: You said: first question",
            "user: second question"
        ]
    );
    let shown = h.store.list_messages(c).unwrap();
    assert_eq!(shown.len(), 4);
    assert_eq!(shown[3].id, answer.id);

    // Paging back shows the first answer again, and stays after a reopen.
    h.chat.select_branch(c, old.id).unwrap();
    assert_eq!(h.store.list_messages(c).unwrap()[3].id, old.id);
    let page = h.chat.message_page(c, None, 100).unwrap();
    assert_eq!(page.messages[3].siblings, vec![old.id, answer.id]);
}

#[tokio::test]
async fn editing_a_question_branches_and_the_old_branch_comes_back_whole() {
    let h = harness().await;
    let (c, _) = h.send("one").await;
    h.send_in(c, "two").await;
    h.send_in(c, "three").await;
    let two = h.store.list_messages(c).unwrap()[2].clone();

    let events = h
        .turn(
            c,
            Turn::Edit {
                message_id: two.id,
                content: "two, reworded".into(),
            },
        )
        .await;
    assert!(matches!(events.last(), Some(ChatEvent::Done { .. })));
    assert_eq!(
        h.shown(c),
        [
            (Role::User, "one".into()),
            (Role::Assistant, "You said: one".into()),
            (Role::User, "two, reworded".into()),
            (Role::Assistant, "You said: two, reworded".into()),
        ]
    );
    let edited = h.store.list_messages(c).unwrap()[2].clone();
    assert_eq!(edited.siblings, vec![two.id, edited.id]);

    // Back to the old version: its answers and the third question return.
    h.chat.select_branch(c, two.id).unwrap();
    let texts: Vec<String> = h.shown(c).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        texts[2..],
        ["two", "You said: two", "three", "You said: three"]
    );
}

#[tokio::test]
async fn deleting_keeps_the_rest_and_moves_the_leaf_to_a_sibling() {
    let h = harness().await;
    let (c, _) = h.send("alpha").await;
    h.send_in(c, "beta").await;
    let before = h.store.list_messages(c).unwrap();

    // A question in the middle goes; what followed it stays.
    h.chat.delete_message(c, before[2].id).unwrap();
    let texts: Vec<String> = h.shown(c).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["alpha", "You said: alpha", "You said: beta"]);

    // Deleting the answer shown falls back to its sibling.
    let last = h.store.list_messages(c).unwrap()[2].clone();
    h.turn(
        c,
        Turn::Regenerate {
            answer_id: before[1].id,
        },
    )
    .await;
    let newest = h.store.list_messages(c).unwrap()[1].clone();
    h.chat.delete_message(c, newest.id).unwrap();
    let shown = h.store.list_messages(c).unwrap();
    assert_eq!(shown[1].id, before[1].id);
    assert_eq!(shown[2].id, last.id);
    assert_eq!(shown[1].siblings, vec![before[1].id]);
}

#[tokio::test]
async fn pages_load_newest_first_and_older_on_request() {
    let h = harness().await;
    let (c, _) = h.send("m0").await;
    for i in 1..6 {
        h.send_in(c, &format!("m{i}")).await;
    }
    let last = h.chat.message_page(c, None, 4).unwrap();
    assert!(last.has_more);
    assert_eq!(last.messages.len(), 4);
    assert_eq!(last.messages[0].content, "m4");
    let older = h
        .chat
        .message_page(c, Some(last.messages[0].id), 100)
        .unwrap();
    assert!(!older.has_more);
    assert_eq!(older.messages.len(), 8);
    assert_eq!(older.messages[0].content, "m0");
}

#[tokio::test]
async fn a_chats_settings_go_with_its_requests_over_the_defaults() {
    let h = harness().await;
    let c = h.chat.create_conversation("gpt-4o-mini").unwrap();
    let saved = h
        .chat
        .set_conversation_settings(
            c.id,
            ConversationSettings {
                system_prompt: Some("Answer like a pirate.".into()),
                temperature: Some(0.3),
                max_tokens: Some(256),
                reasoning_effort: None,
                thinking_budget: None,
            },
        )
        .unwrap();
    assert_eq!(saved.settings.max_tokens, Some(256));
    h.send_in(c.id, "hello").await;
    let sent = h.last_answer_request();
    assert_eq!(sent["messages"][0]["role"], "system");
    assert_eq!(sent["messages"][0]["content"], "Answer like a pirate.");
    assert_eq!(sent["temperature"], 0.3);
    assert_eq!(sent["max_tokens"], 256);

    let refused = h.chat.set_conversation_settings(
        c.id,
        ConversationSettings {
            temperature: Some(7.0),
            ..ConversationSettings::default()
        },
    );
    assert_eq!(
        refused.unwrap_err().code,
        comet_core::ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn turns_on_messages_of_another_chat_or_role_are_refused_without_storing() {
    let h = harness().await;
    let (a, _) = h.send("in a").await;
    let (b, _) = h.send("in b").await;
    let a_msgs = h.store.list_messages(a).unwrap();
    let mut events = Vec::new();
    let wrong_chat = h
        .chat
        .answer(
            b,
            &Turn::Regenerate {
                answer_id: a_msgs[1].id,
            },
            "gpt-4o-mini",
            &mut |e| events.push(e),
        )
        .await;
    assert!(wrong_chat.is_err());
    let wrong_role = h
        .chat
        .answer(
            a,
            &Turn::Regenerate {
                answer_id: a_msgs[0].id,
            },
            "gpt-4o-mini",
            &mut |e| events.push(e),
        )
        .await;
    assert!(wrong_role.is_err());
    assert!(events.is_empty());
    assert_eq!(h.store.list_messages(a).unwrap().len(), 2);
    assert_eq!(h.store.list_messages(b).unwrap().len(), 2);
}
