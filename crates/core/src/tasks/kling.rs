//! Kling's own routes: `POST /kling/v1/videos/{text2video|image2video}`
//! answers `{code: 0, data: {task_id}}`; the task is asked about on the
//! route of the same action (`/kling/v1/videos/text2video/{id}`), and
//! its clip is at `data.task_result.videos[0].url`. Kling reports no
//! percentage.

use super::status::{id_text, normalize, text};
use super::wire::{self, excerpt, unreadable, PollFailure, PollReport, SubmitAnswer};
use crate::client::RawAnswer;
use crate::error::{AppError, ErrorCode};
use serde_json::Value;

pub(crate) fn submit_route(action: &str) -> String {
    format!("/kling/v1/videos/{action}")
}

/// The action is part of the query path: it must be the submit's.
pub(crate) fn poll_route(action: &str, remote_id: &str) -> String {
    let id: String = url::form_urlencoded::byte_serialize(remote_id.as_bytes()).collect();
    format!("/kling/v1/videos/{action}/{id}")
}

fn code_of(v: &Value) -> Option<i64> {
    v["code"]
        .as_i64()
        .or_else(|| v["code"].as_str().and_then(|c| c.parse().ok()))
}

pub(crate) fn read_submit(answer: &RawAnswer) -> SubmitAnswer {
    let value: Option<Value> = serde_json::from_str(&answer.body).ok();
    match value {
        Some(v) if answer.status < 300 && code_of(&v) == Some(0) => {
            match id_text(&v["data"]["task_id"]) {
                Some(remote_id) => SubmitAnswer::Accepted {
                    remote_id,
                    needs_input: false,
                },
                None => SubmitAnswer::Lost(unreadable(answer)),
            }
        }
        Some(v) if answer.status < 500 && code_of(&v).is_some_and(|c| c != 0) => {
            SubmitAnswer::Refused(AppError::new(
                ErrorCode::BadRequest,
                text(&v["message"]).unwrap_or_else(|| excerpt(&answer.body)),
            ))
        }
        _ => wire::submit_failure(answer),
    }
}

pub(crate) fn read_poll(answer: &RawAnswer) -> Result<PollReport, PollFailure> {
    let value = match serde_json::from_str::<Value>(&answer.body) {
        Ok(v) if answer.status < 300 && v["data"]["task_status"].is_string() => v,
        _ => return Err(wire::poll_failure(answer, &["task_not_exist", "not found"])),
    };
    let data = &value["data"];
    let raw = text(&data["task_status"]).unwrap_or_default();
    let status = normalize(&raw);
    let output_urls = data["task_result"]["videos"]
        .as_array()
        .map(|list| list.iter().filter_map(|v| text(&v["url"])).collect())
        .unwrap_or_default();
    Ok(PollReport {
        remote_id: id_text(&data["task_id"]),
        status: Some(status),
        message: text(&data["task_status_msg"]).filter(|_| status == super::TaskStatus::Failed),
        raw_status: raw,
        output_urls,
        ..PollReport::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::TaskStatus;

    use crate::tasks::wire::answer;

    #[test]
    fn submit_and_query_as_kling_sends_them() {
        let ok = read_submit(&answer(
            200,
            r#"{"code":0,"message":"success","data":{"task_id":"2032273942220931072","task_status":"submitted"}}"#,
        ));
        assert_eq!(
            ok,
            SubmitAnswer::Accepted {
                remote_id: "2032273942220931072".into(),
                needs_input: false
            }
        );
        let refused = read_submit(&answer(
            200,
            r#"{"code":1201,"message":"image is too small"}"#,
        ));
        assert!(matches!(refused, SubmitAnswer::Refused(e) if e.message == "image is too small"));
        let running = read_poll(&answer(
            200,
            r#"{"code":0,"data":{"task_id":"1","task_status":"processing"}}"#,
        ))
        .unwrap();
        assert_eq!(
            (running.status, running.progress),
            (Some(TaskStatus::Running), None)
        );
        let done = read_poll(&answer(200, r#"{"code":0,"message":"SUCCEED","data":{"task_id":"1","task_status":"succeed","task_result":{"videos":[{"id":"v","url":"https://cdn/k.mp4","duration":"5"}]}}}"#)).unwrap();
        assert_eq!(
            (done.status, done.output_urls.clone()),
            (
                Some(TaskStatus::Succeeded),
                vec!["https://cdn/k.mp4".to_owned()]
            )
        );
        let failed = read_poll(&answer(200, r#"{"code":0,"data":{"task_id":"1","task_status":"failed","task_status_msg":"risk control"}}"#)).unwrap();
        assert_eq!(failed.message.as_deref(), Some("risk control"));
        assert_eq!(
            poll_route("image2video", "1"),
            "/kling/v1/videos/image2video/1"
        );
    }
}
