//! What every family adapter answers, in our words: a submit accepted,
//! refused or lost, and a poll's report or failure.

use super::record::{TaskButton, TaskStatus};
use crate::client::RawAnswer;
use crate::error::{AppError, ErrorCode};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SubmitAnswer {
    /// The job exists remotely; `needs_input` when it opened a modal.
    Accepted {
        remote_id: String,
        needs_input: bool,
    },
    /// The server said plainly that nothing was made.
    Refused(AppError),
    /// No clear answer (timeout, 5xx, cut connection): the job may exist.
    Lost(AppError),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PollReport {
    pub remote_id: Option<String>,
    pub status: Option<TaskStatus>,
    pub raw_status: String,
    pub progress: Option<u8>,
    pub preview_url: Option<String>,
    pub output_urls: Vec<String>,
    /// What a song's clips say of themselves, by the index of their link.
    pub output_meta: Vec<OutputMeta>,
    /// Suno's clip ids by the index of their link (Extend names one).
    pub clip_ids: Vec<String>,
    /// A poster or cover picture offered with the result.
    pub poster_url: Option<String>,
    pub actions: Vec<TaskButton>,
    pub prompts: Vec<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct OutputMeta {
    pub title: Option<String>,
    pub lyrics: Option<String>,
    pub tags: Option<String>,
    pub cover_url: Option<String>,
}

/// A result link that is a path on CometAPI, fetched with the key
/// (`/v1/videos/{id}/content`), rather than a delivery URL.
pub(crate) const API_PATH: &str = "comet-api:";

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PollFailure {
    /// The server does not know the id (yet, or any more).
    NotExist,
    /// Worth asking again later: a timeout, a 5xx, an HTML page.
    Transient(AppError),
}

/// The first part of an answer's text, for messages that quote it.
pub(crate) fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(160).collect();
    if flat.chars().count() > 160 {
        out.push('…');
    }
    out
}

/// A body that is not the JSON expected: a clear error quoting it.
pub(crate) fn unreadable(answer: &RawAnswer) -> AppError {
    AppError::new(
        ErrorCode::BadResponse,
        format!(
            "CometAPI answered something that is not a task status (HTTP {}): {}",
            answer.status,
            excerpt(&answer.body)
        ),
    )
}

/// A submit answer that carried no task id in the family's envelope: a 5xx
/// may have made the task (Lost: the scheduler asks before paying again),
/// an unreadable 2xx too, and any other status was a refusal.
pub(crate) fn submit_failure(answer: &RawAnswer) -> SubmitAnswer {
    match answer.status {
        500.. => SubmitAnswer::Lost(AppError::new(
            ErrorCode::ServerError,
            format!(
                "CometAPI failed (HTTP {}): {}",
                answer.status,
                excerpt(&answer.body)
            ),
        )),
        0..=299 => SubmitAnswer::Lost(unreadable(answer)),
        _ => SubmitAnswer::Refused(crate::client::from_status_text(answer.status, &answer.body)),
    }
}

/// A poll that did not bring a status: "not known" when the body says so
/// in one of `not_exist`'s words (below 500), otherwise worth asking again.
pub(crate) fn poll_failure(answer: &RawAnswer, not_exist: &[&str]) -> PollFailure {
    let lower = answer.body.to_ascii_lowercase();
    if answer.status < 500 && not_exist.iter().any(|w| lower.contains(w)) {
        return PollFailure::NotExist;
    }
    PollFailure::Transient(match answer.status {
        200..=299 => unreadable(answer),
        status => AppError::new(
            if status >= 500 {
                ErrorCode::ServerError
            } else {
                ErrorCode::BadResponse
            },
            format!(
                "Checking the task failed (HTTP {status}): {}",
                excerpt(&answer.body)
            ),
        ),
    })
}

/// An answer as a family's reader gets it, for the readers' unit tests.
#[cfg(test)]
pub(crate) fn answer(status: u16, body: &str) -> RawAnswer {
    RawAnswer {
        status,
        body: body.into(),
    }
}
