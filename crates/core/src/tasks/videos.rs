//! OpenAI's Videos shape, `/v1/videos` (Sora, Veo, Seedance): a multipart
//! create, a poll of the video object, and the clip from its `/content`
//! route (with the key) unless the object carries a `video_url`. Status
//! words differ by model (`completed` for Sora, `SUCCESS` for Seedance):
//! they are read through the one vocabulary.

use super::status::{id_text, normalize, progress, text};
use super::wire::{self, unreadable, PollFailure, PollReport, SubmitAnswer, API_PATH};
use crate::client::RawAnswer;
use crate::error::{AppError, ErrorCode};
use serde_json::Value;

pub(crate) const SUBMIT_ROUTE: &str = "/v1/videos";

pub(crate) fn poll_route(remote_id: &str) -> String {
    format!("/v1/videos/{}", encode(remote_id))
}

fn encode(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// The error of a refused create, in either envelope CometAPI uses.
fn error_text(v: &Value) -> Option<String> {
    text(&v["error"]["message"])
        .or_else(|| text(&v["message"]))
        .or_else(|| text(&v["error"]))
}

pub(crate) fn read_submit(answer: &RawAnswer) -> SubmitAnswer {
    let value: Option<Value> = serde_json::from_str(&answer.body).ok();
    match value {
        Some(v) if answer.status < 300 => {
            match id_text(&v["id"]).or_else(|| id_text(&v["task_id"])) {
                Some(remote_id) => SubmitAnswer::Accepted {
                    remote_id,
                    needs_input: false,
                },
                None => match error_text(&v) {
                    // A 200 carrying an error and no id: nothing was made.
                    Some(reason) => {
                        SubmitAnswer::Refused(AppError::new(ErrorCode::BadRequest, reason))
                    }
                    None => SubmitAnswer::Lost(unreadable(answer)),
                },
            }
        }
        _ => wire::submit_failure(answer),
    }
}

/// `GET /v1/videos/{id}`: the video object.
pub(crate) fn read_poll(answer: &RawAnswer, remote_id: &str) -> Result<PollReport, PollFailure> {
    let value = match serde_json::from_str::<Value>(&answer.body) {
        Ok(v) if answer.status < 300 && v.get("status").is_some() => v,
        _ => {
            return Err(wire::poll_failure(
                answer,
                &["task_not_exist", "not found", "not_found"],
            ))
        }
    };
    let raw = text(&value["status"]).unwrap_or_default();
    let status = normalize(&raw);
    let mut report = PollReport {
        remote_id: id_text(&value["id"]),
        status: Some(status),
        progress: progress(&value["progress"]),
        message: text(&value["error"]["message"])
            .or_else(|| text(&value["fail_reason"]))
            .or_else(|| text(&value["error"]).filter(|_| status == super::TaskStatus::Failed)),
        raw_status: raw,
        ..PollReport::default()
    };
    if status == super::TaskStatus::Succeeded {
        let id = report
            .remote_id
            .clone()
            .unwrap_or_else(|| remote_id.to_owned());
        // The object's own link when it has one (Seedance), else the
        // content route, which every model of this shape answers.
        let link = text(&value["video_url"]).or_else(|| text(&value["url"]));
        report.output_urls =
            vec![link.unwrap_or_else(|| format!("{API_PATH}/v1/videos/{}/content", encode(&id)))];
        report.poster_url = Some(format!(
            "{API_PATH}/v1/videos/{}/content?variant=thumbnail",
            encode(&id)
        ));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::TaskStatus;

    use crate::tasks::wire::answer;

    #[test]
    fn creates_are_read_in_both_envelopes() {
        let ok = read_submit(&answer(
            200,
            r#"{"id":"video_69b2","object":"video","status":"queued","progress":0}"#,
        ));
        assert_eq!(
            ok,
            SubmitAnswer::Accepted {
                remote_id: "video_69b2".into(),
                needs_input: false
            }
        );
        let refused = read_submit(&answer(
            400,
            r#"{"error":{"message":"size must match the reference","type":"invalid_request_error"}}"#,
        ));
        assert!(
            matches!(refused, SubmitAnswer::Refused(e) if e.message.contains("size must match"))
        );
        assert!(matches!(
            read_submit(&answer(502, "<html>")),
            SubmitAnswer::Lost(_)
        ));
    }

    #[test]
    fn every_models_words_and_the_content_route() {
        let sora = read_poll(
            &answer(
                200,
                r#"{"id":"video_1","status":"in_progress","progress":45}"#,
            ),
            "video_1",
        )
        .unwrap();
        assert_eq!(
            (sora.status, sora.progress),
            (Some(TaskStatus::Running), Some(45))
        );
        let done = read_poll(
            &answer(
                200,
                r#"{"id":"video_1","status":"completed","progress":100}"#,
            ),
            "video_1",
        )
        .unwrap();
        assert_eq!(
            done.output_urls,
            vec!["comet-api:/v1/videos/video_1/content".to_owned()]
        );
        let seedance = read_poll(
            &answer(
                200,
                r#"{"id":"task_9","status":"SUCCESS","video_url":"https://cdn/x.mp4"}"#,
            ),
            "task_9",
        )
        .unwrap();
        assert_eq!(seedance.output_urls, vec!["https://cdn/x.mp4".to_owned()]);
        let failed = read_poll(&answer(200, r#"{"id":"v","status":"failed","error":{"message":"moderation blocked","code":"x"}}"#), "v").unwrap();
        assert_eq!(
            (failed.status, failed.message.as_deref()),
            (Some(TaskStatus::Failed), Some("moderation blocked"))
        );
        assert_eq!(
            read_poll(
                &answer(400, r#"{"error":{"message":"task_not_exist"}}"#),
                "v"
            )
            .unwrap_err(),
            PollFailure::NotExist
        );
    }
}
