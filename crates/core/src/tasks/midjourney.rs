//! Midjourney through CometAPI (midjourney-proxy's format): routes by
//! speed tier, submit answers by their codes, fetch and list-by-condition
//! read into our words, buttons kept as the latest fetch gave them.

use super::record::{TaskButton, TaskStatus};
use super::status::{id_text, normalize, progress, text};
use super::wire::{self, excerpt, unreadable, PollFailure, PollReport, SubmitAnswer};
use crate::client::RawAnswer;
use crate::error::{AppError, ErrorCode};
use serde_json::Value;

/// `relax` on the plain route; `fast` and `turbo` by CometAPI's prefixes.
pub(crate) fn submit_route(speed: &str, op: &str) -> String {
    match speed {
        "fast" => format!("/mj-fast/mj/submit/{op}"),
        "turbo" => format!("/mj-turbo/mj/submit/{op}"),
        _ => format!("/mj/submit/{op}"),
    }
}

pub(crate) fn account_filter(speed: &str) -> Value {
    serde_json::json!({ "modes": [speed.to_ascii_uppercase()] })
}

/// The catalogue's name for what a call costs: `mj_fast_imagine`.
pub(crate) fn priced_model(speed: &str, op: &str) -> String {
    format!("mj_{speed}_{op}")
}

/// What a button asks for, by midjourney-proxy's customId grammar, and
/// which dialog it needs first (`inpaint`: a mask and a prompt,
/// `custom_zoom`: a prompt).
pub fn operation_of(custom_id: &str) -> (&'static str, Option<&'static str>) {
    let table: [(&str, &str); 8] = [
        ("MJ::Inpaint", "inpaint"),
        ("MJ::CustomZoom", "custom_zoom"),
        ("MJ::Outpaint", "zoom"),
        ("::pan_", "pan"),
        ("::animate", "video"),
        ("::upsample", "upscale"),
        ("variation::", "variation"),
        ("::reroll::", "reroll"),
    ];
    let op = table
        .iter()
        .find(|(needle, _)| custom_id.contains(needle))
        .map_or("action", |(_, op)| *op);
    let modal = matches!(op, "inpaint" | "custom_zoom").then_some(op);
    (op, modal)
}

fn description(value: &Value) -> String {
    text(&value["description"]).unwrap_or_default()
}

/// A submit's answer: code 1 (and 22, queued) accepted, 21 a modal opened,
/// the rest refused with what they mean; no clear answer is "lost".
pub(crate) fn read_submit(answer: &RawAnswer) -> SubmitAnswer {
    let parsed: Option<Value> = serde_json::from_str(&answer.body).ok();
    let Some(value) = parsed.filter(Value::is_object) else {
        if answer.status >= 500 {
            return SubmitAnswer::Lost(unreadable(answer));
        }
        return SubmitAnswer::Refused(crate::client::from_status_text(answer.status, &answer.body));
    };
    let code = value["code"]
        .as_i64()
        .or_else(|| value["code"].as_str().and_then(|c| c.parse().ok()));
    let said = description(&value);
    match code {
        Some(1 | 22) => match id_text(&value["result"]) {
            Some(remote_id) => SubmitAnswer::Accepted {
                remote_id,
                needs_input: false,
            },
            None => SubmitAnswer::Lost(AppError::new(
                ErrorCode::BadResponse,
                "Midjourney accepted the request but gave no task id.",
            )),
        },
        Some(21) => match id_text(&value["result"]) {
            Some(remote_id) => SubmitAnswer::Accepted {
                remote_id,
                needs_input: true,
            },
            None => SubmitAnswer::Lost(AppError::new(
                ErrorCode::BadResponse,
                "Midjourney opened a dialog but gave no task id.",
            )),
        },
        Some(23) => SubmitAnswer::Refused(AppError::new(
            ErrorCode::RateLimited,
            "Midjourney's queue is full. Nothing was charged; try again in a few minutes.",
        )),
        Some(24) => {
            let word = text(&value["properties"]["bannedWord"]);
            SubmitAnswer::Refused(AppError::new(
                ErrorCode::BadRequest,
                match word {
                    Some(word) => format!("Midjourney refused this prompt (the word \"{word}\" is not allowed). Nothing was charged."),
                    None => "Midjourney refused this prompt. Nothing was charged.".into(),
                },
            ))
        }
        Some(30) => SubmitAnswer::Refused(AppError::new(
            ErrorCode::RateLimited,
            "CometAPI's Midjourney group is at capacity. Nothing was charged; try again shortly.",
        )),
        Some(3) => SubmitAnswer::Refused(AppError::new(
            ErrorCode::ModelUnavailable,
            "No Midjourney account is available right now. Try again later.",
        )),
        _ if answer.status >= 500 => SubmitAnswer::Lost(AppError::new(
            ErrorCode::ServerError,
            format!(
                "CometAPI failed (HTTP {}): {}",
                answer.status,
                excerpt(&said)
            ),
        )),
        _ if answer.status == 401 => SubmitAnswer::Refused(AppError::new(
            ErrorCode::InvalidKey,
            "This key was refused by CometAPI. Check it in Settings.",
        )),
        _ => SubmitAnswer::Refused(AppError::new(
            ErrorCode::BadRequest,
            if said.is_empty() {
                format!(
                    "Midjourney refused the request (code {}).",
                    code.unwrap_or(0)
                )
            } else {
                format!("Midjourney refused the request: {said}")
            },
        )),
    }
}

fn buttons(value: &Value) -> Vec<TaskButton> {
    let as_text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    value
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|b| {
                    let custom_id = as_text(&b["customId"]);
                    if custom_id.is_empty() {
                        return None;
                    }
                    let (_, modal) = operation_of(&custom_id);
                    Some(TaskButton {
                        label: as_text(&b["label"]),
                        emoji: as_text(&b["emoji"]),
                        modal: modal.map(str::to_owned),
                        custom_id,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Describe's prompts: numbered with keycap digits (1️⃣ …) or lines.
fn prompts(text: &str) -> Vec<String> {
    let marks = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"];
    let mut pieces: Vec<String> = Vec::new();
    let mut rest = text;
    for mark in marks {
        if let Some(at) = rest.find(mark) {
            if !pieces.is_empty() || !rest[..at].trim().is_empty() {
                pieces.push(rest[..at].to_owned());
            }
            rest = &rest[at + mark.len()..];
        }
    }
    pieces.push(rest.to_owned());
    pieces
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// One task object from fetch or list-by-condition.
pub(crate) fn read_task(value: &Value, operation: &str) -> PollReport {
    let raw_status = text(&value["status"]).unwrap_or_default();
    let status = normalize(&raw_status);
    let image = text(&value["imageUrl"]);
    let succeeded = status == TaskStatus::Succeeded;
    let mut report = PollReport {
        remote_id: id_text(&value["id"]),
        status: Some(status),
        raw_status,
        progress: progress(&value["progress"]),
        preview_url: if succeeded { None } else { image.clone() },
        actions: buttons(&value["buttons"]),
        message: text(&value["failReason"]),
        ..PollReport::default()
    };
    if succeeded {
        report.progress = Some(100);
        if operation == "describe" {
            report.prompts = prompts(&text(&value["promptEn"]).unwrap_or_default());
        } else if matches!(operation, "video" | "extend") {
            // The first frame is the poster; the clips are the result.
            report.output_urls = super::mj_video::video_urls(value);
            report.poster_url = image;
        } else {
            report.output_urls.extend(image);
        }
    }
    report
}

/// Midjourney's words for an id it does not know.
const NOT_EXIST: [&str; 3] = ["task_not_exist", "task_not_found", "task_no_found"];

fn poll_failure(answer: &RawAnswer) -> PollFailure {
    wire::poll_failure(answer, &NOT_EXIST)
}

/// `GET /mj/task/{id}/fetch`.
pub(crate) fn read_fetch(answer: &RawAnswer, operation: &str) -> Result<PollReport, PollFailure> {
    match serde_json::from_str::<Value>(&answer.body) {
        Ok(value) if answer.status < 300 && value.is_object() && value.get("status").is_some() => {
            Ok(read_task(&value, operation))
        }
        _ => Err(poll_failure(answer)),
    }
}

/// `POST /mj/task/list-by-condition`: a bare array of task objects.
pub(crate) fn read_list(answer: &RawAnswer) -> Result<Vec<Value>, PollFailure> {
    match serde_json::from_str::<Value>(&answer.body) {
        Ok(Value::Array(list)) if answer.status < 300 => Ok(list),
        _ => Err(poll_failure(answer)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn raw(status: u16, body: &str) -> RawAnswer {
        RawAnswer {
            status,
            body: body.into(),
        }
    }

    #[test]
    fn submit_codes_mean_what_midjourney_says() {
        let ok = read_submit(&raw(
            200,
            r#"{"code":1,"description":"提交成功","result":1773314942177684,"properties":{}}"#,
        ));
        assert_eq!(
            ok,
            SubmitAnswer::Accepted {
                remote_id: "1773314942177684".into(),
                needs_input: false
            }
        );
        let queued = read_submit(&raw(
            200,
            r#"{"code":22,"description":"queued","result":"17","properties":{"numberOfQueues":3}}"#,
        ));
        assert!(matches!(
            queued,
            SubmitAnswer::Accepted {
                needs_input: false,
                ..
            }
        ));
        let modal = read_submit(&raw(
            200,
            r#"{"code":21,"description":"Waiting for window confirm","result":"18"}"#,
        ));
        assert_eq!(
            modal,
            SubmitAnswer::Accepted {
                remote_id: "18".into(),
                needs_input: true
            }
        );
        for (body, code) in [
            (
                r#"{"code":23,"description":"queue full"}"#,
                ErrorCode::RateLimited,
            ),
            (
                r#"{"code":24,"description":"Banned prompt","properties":{"bannedWord":"x"}}"#,
                ErrorCode::BadRequest,
            ),
            (
                r#"{"code":4,"description":"prompt_is_required"}"#,
                ErrorCode::BadRequest,
            ),
        ] {
            match read_submit(&raw(400, body)) {
                SubmitAnswer::Refused(e) => assert_eq!(e.code, code, "{body}"),
                other => panic!("{body}: {other:?}"),
            }
        }
        assert!(
            matches!(read_submit(&raw(429, r#"{"code":30,"description":"saturated","type":"upstream_error"}"#)), SubmitAnswer::Refused(e) if e.code == ErrorCode::RateLimited)
        );
        // No clear answer: it may exist, so it is never resubmitted.
        assert!(matches!(
            read_submit(&raw(502, "<html>502 Bad Gateway</html>")),
            SubmitAnswer::Lost(_)
        ));
        assert!(matches!(
            read_submit(&raw(
                500,
                r#"{"code":4,"description":"readObjectStart: expect { or n, but found <","type":"upstream_error"}"#
            )),
            SubmitAnswer::Lost(_)
        ));
    }

    #[test]
    fn a_fetch_is_read_leniently() {
        let body = json!({
            "id": 1773314942177684u64, "status": "success", "progress": "100%",
            "imageUrl": "https://x/mj/image/1", "unknownField": [1, 2],
            "buttons": [
                {"customId": "MJ::JOB::upsample::1::abc", "label": "U1", "emoji": "", "type": 2, "style": 1},
                {"customId": "MJ::Inpaint::1::abc::SOLO", "label": "Vary (Region)", "emoji": "🖌️", "type": 2},
                {"customId": "MJ::JOB::pan_left::1::abc::SOLO", "label": null, "emoji": "⬅️", "type": 2},
                {"label": "no id"}
            ]
        });
        let report = read_fetch(&raw(200, &body.to_string()), "imagine").unwrap();
        assert_eq!(report.remote_id.as_deref(), Some("1773314942177684"));
        assert_eq!(report.status, Some(TaskStatus::Succeeded));
        assert_eq!(report.output_urls, vec!["https://x/mj/image/1".to_owned()]);
        assert_eq!(report.actions.len(), 3);
        assert_eq!(report.actions[1].modal.as_deref(), Some("inpaint"));
        assert_eq!(report.actions[2].label, "");
    }

    #[test]
    fn a_running_fetch_has_a_preview_and_no_outputs() {
        let body = r#"{"id":"5","status":"IN_PROGRESS","progress":"42%","imageUrl":"http://x/mj/image/5?rand=1","buttons":[]}"#;
        let report = read_fetch(&raw(200, body), "imagine").unwrap();
        assert_eq!(
            (report.status, report.progress),
            (Some(TaskStatus::Running), Some(42))
        );
        assert_eq!(
            report.preview_url.as_deref(),
            Some("http://x/mj/image/5?rand=1")
        );
        assert!(report.output_urls.is_empty());
    }

    #[test]
    fn html_and_unknown_ids_are_poll_failures() {
        assert!(
            matches!(read_fetch(&raw(502, "<html>bad gateway</html>"), "imagine"), Err(PollFailure::Transient(e)) if e.message.contains("bad gateway"))
        );
        assert_eq!(
            read_fetch(
                &raw(400, r#"{"code":4,"description":"task_not_exist"}"#),
                "imagine"
            ),
            Err(PollFailure::NotExist)
        );
        assert!(
            matches!(read_fetch(&raw(200, "not json"), "imagine"), Err(PollFailure::Transient(e)) if e.code == ErrorCode::BadResponse)
        );
    }

    #[test]
    fn describe_gives_four_prompts() {
        let text = "1️⃣ one --ar 1:1\n\n2️⃣ two\n\n3️⃣ three\n\n4️⃣ four";
        assert_eq!(prompts(text), vec!["one --ar 1:1", "two", "three", "four"]);
        assert_eq!(prompts("just one"), vec!["just one"]);
    }

    #[test]
    fn buttons_name_their_operation() {
        assert_eq!(operation_of("MJ::JOB::upsample::2::h"), ("upscale", None));
        assert_eq!(
            operation_of("MJ::JOB::upsample_v7_2x_subtle::1::h::SOLO"),
            ("upscale", None)
        );
        assert_eq!(
            operation_of("MJ::JOB::high_variation::1::h::SOLO"),
            ("variation", None)
        );
        assert_eq!(operation_of("MJ::Outpaint::50::1::h::SOLO"), ("zoom", None));
        assert_eq!(
            operation_of("MJ::CustomZoom::h"),
            ("custom_zoom", Some("custom_zoom"))
        );
        assert_eq!(
            operation_of("MJ::Inpaint::1::h::SOLO"),
            ("inpaint", Some("inpaint"))
        );
        assert_eq!(
            operation_of("MJ::JOB::reroll::0::h::SOLO"),
            ("reroll", None)
        );
        assert_eq!(operation_of("MJ::Something::new"), ("action", None));
    }
}
