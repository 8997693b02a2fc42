//! Suno through new-api's task envelope: `POST /suno/submit/{music|lyrics}`
//! answers `{code: "success", data: "<task id>"}`, `GET /suno/fetch/{id}`
//! answers `{code, data: {status, progress, fail_reason, data}}` where the
//! inner `data` is Suno's own clips, passed through raw (two per song), or
//! the lyrics written. Clips are read leniently: a clip's `audio_url` may
//! appear while it still streams, so only a finished task is kept.

use super::status::{id_text, normalize, progress, text};
use super::wire::{self, excerpt, unreadable, OutputMeta, PollFailure, PollReport, SubmitAnswer};
use super::TaskStatus;
use crate::client::RawAnswer;
use crate::error::{AppError, ErrorCode};
use serde_json::Value;

pub(crate) fn submit_route(action: &str) -> String {
    format!("/suno/submit/{action}")
}

pub(crate) fn poll_route(remote_id: &str) -> String {
    let id: String = url::form_urlencoded::byte_serialize(remote_id.as_bytes()).collect();
    format!("/suno/fetch/{id}")
}

fn succeeded(v: &Value) -> bool {
    v["code"]
        .as_str()
        .is_some_and(|c| c.eq_ignore_ascii_case("success"))
        || v["code"].as_i64() == Some(200)
}

pub(crate) fn read_submit(answer: &RawAnswer) -> SubmitAnswer {
    let value: Option<Value> = serde_json::from_str(&answer.body).ok();
    match value {
        Some(v) if answer.status < 300 && succeeded(&v) => {
            match id_text(&v["data"]).or_else(|| id_text(&v["data"]["task_id"])) {
                Some(remote_id) => SubmitAnswer::Accepted {
                    remote_id,
                    needs_input: false,
                },
                None => SubmitAnswer::Lost(unreadable(answer)),
            }
        }
        Some(v) if answer.status < 500 && v.get("code").is_some() => {
            SubmitAnswer::Refused(AppError::new(
                if answer.status == 429 {
                    ErrorCode::RateLimited
                } else {
                    ErrorCode::BadRequest
                },
                text(&v["message"]).unwrap_or_else(|| excerpt(&answer.body)),
            ))
        }
        _ => wire::submit_failure(answer),
    }
}

/// The clips of a finished song, in order, with their own words.
fn clips(inner: &Value) -> Vec<(String, OutputMeta, Option<String>)> {
    let list: Vec<&Value> = match inner {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![inner],
        _ => Vec::new(),
    };
    list.into_iter()
        .filter_map(|clip| {
            let url = text(&clip["audio_url"])?;
            let meta = OutputMeta {
                title: text(&clip["title"]),
                lyrics: text(&clip["metadata"]["prompt"]).or_else(|| text(&clip["prompt"])),
                tags: text(&clip["metadata"]["tags"]).or_else(|| text(&clip["tags"])),
                cover_url: text(&clip["image_url"]).or_else(|| text(&clip["image_large_url"])),
            };
            Some((url, meta, id_text(&clip["id"])))
        })
        .collect()
}

/// `GET /suno/fetch/{id}`: a song's clips or the lyrics written.
pub(crate) fn read_poll(answer: &RawAnswer) -> Result<PollReport, PollFailure> {
    let value = match serde_json::from_str::<Value>(&answer.body) {
        Ok(v) if answer.status < 300 && v["data"]["status"].is_string() => v,
        _ => {
            return Err(wire::poll_failure(
                answer,
                &["task_not_exist", "not found", "task_not_found"],
            ))
        }
    };
    let data = &value["data"];
    let raw = text(&data["status"]).unwrap_or_default();
    let status = normalize(&raw);
    let mut report = PollReport {
        remote_id: id_text(&data["task_id"]),
        status: Some(status),
        progress: progress(&data["progress"]),
        message: text(&data["fail_reason"]).filter(|_| status == TaskStatus::Failed),
        raw_status: raw,
        ..PollReport::default()
    };
    if status != TaskStatus::Succeeded {
        return Ok(report);
    }
    let inner = &data["data"];
    let lyrics = text(&inner["text"]).or_else(|| text(&inner[0]["text"]));
    if let Some(lyrics) = lyrics {
        let title = text(&inner["title"]).or_else(|| text(&inner[0]["title"]));
        report.prompts = std::iter::once(lyrics).chain(title).collect();
        return Ok(report);
    }
    for (url, meta, clip_id) in clips(inner) {
        report.output_urls.push(url);
        report.output_meta.push(meta);
        report.clip_ids.push(clip_id.unwrap_or_default());
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tasks::wire::answer;

    #[test]
    fn the_success_envelope_and_its_refusals() {
        let ok = read_submit(&answer(
            200,
            r#"{"code":"success","message":"","data":"736a6f88-bd29-4b1e-b110-37132a5325ac"}"#,
        ));
        assert!(
            matches!(ok, SubmitAnswer::Accepted { remote_id, .. } if remote_id.starts_with("736a6f88"))
        );
        let refused = read_submit(&answer(
            400,
            r#"{"code":"prompt_too_long","message":"prompt is too long","data":null}"#,
        ));
        assert!(matches!(refused, SubmitAnswer::Refused(e) if e.message == "prompt is too long"));
    }

    #[test]
    fn two_clips_with_their_titles_lyrics_and_covers() {
        let body = r#"{"code":"success","data":{"task_id":"t","status":"SUCCESS","progress":"100%","data":[
            {"id":"c1","title":"Work","status":"complete","audio_url":"https://cdn1.suno.ai/c1.mp3","image_url":"https://cdn/c1.jpg","metadata":{"tags":"edm","prompt":"[Verse] go","duration":4.1}},
            {"id":"c2","title":"Work","status":"complete","audio_url":"https://cdn1.suno.ai/c2.mp3","metadata":{"tags":"edm"}}]}}"#;
        let report = read_poll(&answer(200, body)).unwrap();
        assert_eq!(report.output_urls.len(), 2);
        assert_eq!(report.output_meta[0].lyrics.as_deref(), Some("[Verse] go"));
        assert_eq!(
            report.output_meta[0].cover_url.as_deref(),
            Some("https://cdn/c1.jpg")
        );
        assert_eq!(report.clip_ids, vec!["c1".to_owned(), "c2".to_owned()]);
        let streaming = r#"{"code":"success","data":{"task_id":"t","status":"IN_PROGRESS","progress":"40%","data":[{"id":"c1","status":"streaming","audio_url":"https://cdn1.suno.ai/c1.mp3"}]}}"#;
        let report = read_poll(&answer(200, streaming)).unwrap();
        assert!(
            report.output_urls.is_empty(),
            "a streaming clip is not kept yet"
        );
        assert_eq!(report.progress, Some(40));
    }

    #[test]
    fn lyrics_come_back_as_text_and_title() {
        let body = r#"{"code":"success","data":{"task_id":"t","action":"LYRICS","status":"SUCCESS","data":{"id":"l","status":"complete","title":"Rain","text":"[Verse]\nRain again"}}}"#;
        let report = read_poll(&answer(200, body)).unwrap();
        assert_eq!(
            report.prompts,
            vec!["[Verse]\nRain again".to_owned(), "Rain".to_owned()]
        );
    }
}
