//! The fault suite as one table: every misbehaviour fake-comet can put on
//! the wire, each checked for the same four things (the question is
//! stored, whatever arrived is stored and was shown, the answer ends in a
//! labelled state, a failure says something a person can read), and the
//! count of cases passed printed.

mod support;

use comet_core::chat::ChatEvent;
use comet_core::store::{FinishReason, Role};
use comet_core::ErrorCode;
use support::*;

/// How a case must end.
enum Ends {
    Answered,
    Failed(ErrorCode),
    /// Broken after it started: what came is kept.
    Cut,
}

struct Case {
    prompt: &'static str,
    ends: Ends,
    /// The stored answer must contain this (or be empty when "").
    kept: &'static str,
}

const fn case(prompt: &'static str, ends: Ends, kept: &'static str) -> Case {
    Case { prompt, ends, kept }
}

fn cases() -> Vec<Case> {
    use Ends::*;
    vec![
        case("[[fault:drop:4]] go", Cut, "You said: go"),
        case("[[fault:stall:4]] go", Cut, "You said: go"),
        case("[[fault:429]]", Failed(ErrorCode::RateLimited), ""),
        case("[[fault:429-bare]]", Failed(ErrorCode::RateLimited), ""),
        case("[[fault:500]]", Failed(ErrorCode::ServerError), ""),
        case("[[fault:503]]", Failed(ErrorCode::ModelUnavailable), ""),
        case("[[fault:504]]", Failed(ErrorCode::Timeout), ""),
        case("[[fault:524]]", Failed(ErrorCode::Timeout), ""),
        case("[[fault:301]]", Failed(ErrorCode::BadBaseUrl), ""),
        case("[[fault:403-html]]", Failed(ErrorCode::Forbidden), ""),
        case("[[fault:garbage]] mixed in", Answered, "You said: mixed in"),
        case(
            "[[fault:bytewise]] 你好, été",
            Answered,
            "You said: 你好, été",
        ),
        case("[[fault:error200]]", Failed(ErrorCode::ServerError), ""),
        case(
            "[[fault:midstream-error:3]] go",
            Failed(ErrorCode::ServerError),
            "You said: go",
        ),
        case(
            "[[fault:usage-delta]] counted",
            Answered,
            "You said: counted",
        ),
        case("[[big:20]]", Answered, "All work and no play"),
    ]
}

#[tokio::test]
async fn every_fault_keeps_the_question_and_what_came_and_ends_labelled() {
    let h = harness().await;
    let all = cases();
    let mut passed = 0;
    for case in &all {
        let (conversation, events) = h.send(case.prompt).await;
        let stored = h.store.list_messages(conversation).unwrap();
        assert_eq!(stored[0].role, Role::User, "{}", case.prompt);
        assert_eq!(stored[0].content, case.prompt, "the question is kept");
        let answer = &stored[1];
        assert_eq!(
            answer.content,
            streamed_text(&events),
            "{}: shown = stored",
            case.prompt
        );
        assert!(
            answer.content.contains(case.kept),
            "{}: {:.200}",
            case.prompt,
            answer.content
        );
        // A first answer may be followed by its title: look at how it ended.
        let end = events
            .iter()
            .rev()
            .find(|e| matches!(e, ChatEvent::Done { .. } | ChatEvent::Error { .. }));
        match (&case.ends, end) {
            (Ends::Answered, Some(ChatEvent::Done { message })) => {
                assert_eq!(
                    message.finish_reason,
                    Some(FinishReason::Stop),
                    "{}",
                    case.prompt
                );
            }
            (Ends::Failed(code), Some(ChatEvent::Error { error, message })) => {
                assert_eq!(error.code, *code, "{}: {}", case.prompt, error.message);
                assert_eq!(message.finish_reason, Some(FinishReason::Error));
                assert!(
                    error.message.len() > 10,
                    "{}: a readable message",
                    case.prompt
                );
            }
            (Ends::Cut, Some(ChatEvent::Error { error, message })) => {
                assert_eq!(error.code, ErrorCode::Interrupted, "{}", case.prompt);
                assert_eq!(message.finish_reason, Some(FinishReason::Interrupted));
            }
            (_, other) => panic!("{}: ended with {other:?}", case.prompt),
        }
        passed += 1;
    }
    println!("fault cases passed: {passed}/{}", all.len());
}

#[tokio::test]
async fn usage_inside_a_delta_chunk_counts_as_the_servers() {
    let h = harness().await;
    let (conversation, _) = h.send("[[fault:usage-delta]] counted").await;
    let usage = h.store.list_messages(conversation).unwrap()[1]
        .usage
        .clone()
        .expect("usage recorded");
    assert!(!usage.estimated, "the server's figures, not an estimate");
    assert!(usage.completion_tokens.unwrap_or(0) > 0);
}

#[tokio::test]
async fn a_twenty_megabyte_answer_is_stored_whole() {
    let h = harness().await;
    let (conversation, _) = h.send("[[big:20]]").await;
    let answer = &h.store.list_messages(conversation).unwrap()[1];
    assert_eq!(
        answer.content.len(),
        20 * 1024 * 1024 / (64 * 1024) * (64 * 1024 / 47) * 47
    );
    assert_eq!(answer.finish_reason, Some(FinishReason::Stop));
    assert_eq!(h.store.integrity_check().unwrap(), "ok");
}
