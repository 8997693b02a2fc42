//! Input a user can give that the app must survive: a 10 MB prompt, a
//! 100 MB picture, a file that is not a picture. Each ends in a clear
//! error and loses nothing the user typed.

mod support;

use comet_core::chat::ChatEvent;
use comet_core::media_files::MediaFiles;
use comet_core::store::{FinishReason, Role};
use comet_core::ErrorCode;
use support::*;

#[tokio::test]
async fn a_ten_megabyte_prompt_is_kept_whole_and_the_refusal_is_labelled() {
    let h = harness().await;
    // What a paste of a whole log file looks like: long lines, no end.
    let prompt = "2026-11-22 12:00:01 INFO request served in 12 ms\n".repeat(210_000);
    assert!(prompt.len() > 10_000_000);
    let (conversation, events) = h.send(&prompt).await;
    let stored = h.store.list_messages(conversation).unwrap();
    assert_eq!(stored[0].role, Role::User);
    assert_eq!(
        stored[0].content.len(),
        prompt.len(),
        "the prompt is stored whole"
    );
    assert_eq!(stored[0].content, prompt);
    // fake-comet, like a gateway, refuses a body that large (413). It may
    // answer and close before the client has sent it all: then the client
    // sees the connection fail instead. Either way: labelled, readable.
    match events.last() {
        Some(ChatEvent::Error { error, message }) => {
            match error.code {
                ErrorCode::TooLarge => assert!(error.message.contains("too long")),
                ErrorCode::Network => assert!(error.message.contains("connection")),
                other => panic!("{other:?}: {}", error.message),
            }
            assert_eq!(message.finish_reason, Some(FinishReason::Error));
        }
        other => panic!("expected a labelled error, got {other:?}"),
    }
}

#[test]
fn a_hundred_megabyte_picture_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let files = MediaFiles::new(dir.path().join("images"));
    let huge = dir.path().join("holiday.png");
    // Sparse: 100 MB long without writing 100 MB.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let err = files.add_file(&huge).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("50 MB"), "{}", err.message);
    assert!(
        !dir.path().join("images").exists()
            || std::fs::read_dir(dir.path().join("images"))
                .unwrap()
                .count()
                == 0,
        "nothing stored"
    );
}

#[test]
fn a_file_that_is_not_a_picture_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let files = MediaFiles::new(dir.path().join("images"));
    let fake = dir.path().join("photo.png");
    std::fs::write(&fake, b"%PDF-1.7 this is a document, named like a picture").unwrap();
    let err = files.add_file(&fake).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(!err.message.is_empty());
}
