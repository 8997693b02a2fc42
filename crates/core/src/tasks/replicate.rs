//! Replicate predictions (Flux and others) through CometAPI, with Black
//! Forest Labs' result query as the second way to ask: a Replicate query
//! may hang for 45 s, so after a poll that timed out the next one asks
//! `/flux/v1/get_result`, which answers for the same ids. The models and
//! their parameters are data (`replicate_models.json`), not code.

use super::status::{id_text, normalize, text};
use super::wire::{self, unreadable, PollFailure, PollReport, SubmitAnswer};
use crate::client::RawAnswer;
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    Choice,
    Integer,
    Number,
    Boolean,
    /// A picture from the gallery or disk, sent as a data URI.
    Image,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ModelParam {
    pub name: String,
    pub kind: ParamKind,
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub step: Option<f64>,
    #[serde(default)]
    #[specta(type = Option<serde_json::Value>)]
    pub default: Option<Value>,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ReplicateModel {
    /// `owner/name`, as the route and the catalogue name it.
    pub id: String,
    pub label: String,
    pub params: Vec<ModelParam>,
}

pub fn models() -> &'static [ReplicateModel] {
    static MODELS: OnceLock<Vec<ReplicateModel>> = OnceLock::new();
    MODELS.get_or_init(|| {
        serde_json::from_str(include_str!("replicate_models.json")).unwrap_or_else(|err| {
            tracing::error!(%err, "the Replicate model table could not be read");
            Vec::new()
        })
    })
}

pub(crate) fn model(id: &str) -> AppResult<&'static ReplicateModel> {
    models()
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| AppError::invalid_input("Pick a Flux model first."))
}

pub(crate) fn submit_route(model: &str) -> String {
    format!("/replicate/v1/models/{model}/predictions")
}

/// `{"input": {...}}` from the form's values: only the model's own
/// parameters, each checked against the table; pictures as file markers.
pub(crate) fn input(
    model: &ReplicateModel,
    prompt: &str,
    values: &Map<String, Value>,
    image_marker: &dyn Fn(&str) -> AppResult<String>,
) -> AppResult<Value> {
    let mut input = Map::new();
    input.insert("prompt".into(), Value::String(prompt.to_owned()));
    for param in &model.params {
        let given = values.get(&param.name).filter(|v| !v.is_null() && *v != "");
        let value = match (given, &param.default) {
            (Some(v), _) => v.clone(),
            (None, Some(d)) if param.kind != ParamKind::Image => d.clone(),
            (None, _) if param.required => {
                return Err(AppError::invalid_input(format!(
                    "{} needs an input image. Pick one first.",
                    model.label
                )))
            }
            (None, _) => continue,
        };
        let bad = || AppError::invalid_input(format!("The value of {} is not valid.", param.name));
        let checked = match param.kind {
            ParamKind::Choice => {
                let text = value.as_str().ok_or_else(bad)?;
                if !param.choices.iter().any(|c| c == text) {
                    return Err(bad());
                }
                value
            }
            ParamKind::Integer | ParamKind::Number => {
                let number = value
                    .as_f64()
                    .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
                    .ok_or_else(bad)?;
                let in_range =
                    param.min.is_none_or(|m| number >= m) && param.max.is_none_or(|m| number <= m);
                if !in_range || (param.kind == ParamKind::Integer && number.fract() != 0.0) {
                    return Err(bad());
                }
                if param.kind == ParamKind::Integer {
                    Value::from(number as i64)
                } else {
                    Value::from(number)
                }
            }
            ParamKind::Boolean => Value::Bool(value.as_bool().ok_or_else(bad)?),
            ParamKind::Image => Value::String(image_marker(value.as_str().ok_or_else(bad)?)?),
        };
        input.insert(param.name.clone(), checked);
    }
    Ok(serde_json::json!({ "input": input }))
}

fn outputs(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) if !s.is_empty() => vec![s.clone()],
        Value::Array(list) => list.iter().filter_map(text).collect(),
        _ => Vec::new(),
    }
}

fn read_prediction(value: &Value) -> PollReport {
    let raw_status = text(&value["status"]).unwrap_or_default();
    let status = normalize(&raw_status);
    let mut report = PollReport {
        remote_id: id_text(&value["id"]),
        status: Some(status),
        raw_status,
        message: match &value["error"] {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        },
        ..PollReport::default()
    };
    if status == super::TaskStatus::Succeeded {
        report.output_urls = outputs(&value["output"]);
        report.progress = Some(100);
    }
    report
}

/// The create answer: a prediction with its id, or an error.
pub(crate) fn read_submit(answer: &RawAnswer) -> SubmitAnswer {
    let value: Option<Value> = serde_json::from_str(&answer.body).ok();
    match value {
        Some(v) if answer.status < 300 => match id_text(&v["id"]) {
            Some(remote_id) => SubmitAnswer::Accepted {
                remote_id,
                needs_input: false,
            },
            None => SubmitAnswer::Lost(unreadable(answer)),
        },
        _ => wire::submit_failure(answer),
    }
}

fn failure(answer: &RawAnswer) -> PollFailure {
    wire::poll_failure(answer, &["task_not_exist", "not found"])
}

/// `GET /replicate/v1/predictions/{id}`.
pub(crate) fn read_poll(answer: &RawAnswer) -> Result<PollReport, PollFailure> {
    match serde_json::from_str::<Value>(&answer.body) {
        Ok(v) if answer.status < 300 && v.get("status").is_some() => Ok(read_prediction(&v)),
        _ => Err(failure(answer)),
    }
}

/// `GET /flux/v1/get_result?id=`: Pending, Ready (`result.sample`), Error,
/// or "Task not found" (expired or unknown).
pub(crate) fn read_flux_result(answer: &RawAnswer) -> Result<PollReport, PollFailure> {
    let Ok(v) = serde_json::from_str::<Value>(&answer.body) else {
        return Err(failure(answer));
    };
    let raw_status = text(&v["status"]).unwrap_or_default();
    if answer.status >= 300 || raw_status.is_empty() {
        return Err(failure(answer));
    }
    if raw_status.eq_ignore_ascii_case("task not found") {
        return Err(PollFailure::NotExist);
    }
    let status = normalize(&raw_status);
    let mut report = PollReport {
        remote_id: id_text(&v["id"]),
        status: Some(status),
        raw_status,
        message: text(&v["result"]["error"]),
        ..PollReport::default()
    };
    if status == super::TaskStatus::Succeeded {
        report.output_urls = outputs(&v["result"]["sample"]);
        report.progress = Some(100);
    }
    Ok(report)
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
    fn the_table_reads_and_names_the_five_flux_models() {
        let ids: Vec<&str> = models().iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids.len(), 5, "{ids:?}");
        assert!(model("black-forest-labs/flux-kontext-max")
            .unwrap()
            .params
            .iter()
            .any(|p| p.kind == ParamKind::Image && p.required));
    }

    #[test]
    fn input_keeps_only_the_models_parameters_checked() {
        let schnell = model("black-forest-labs/flux-schnell").unwrap();
        let values = json!({"aspect_ratio": "16:9", "seed": "42", "guidance": 3, "evil": "x"});
        let body = input(schnell, "a fox", values.as_object().unwrap(), &|f| {
            Ok(f.to_owned())
        })
        .unwrap();
        assert_eq!(body["input"]["aspect_ratio"], "16:9");
        assert_eq!(body["input"]["seed"], 42);
        assert_eq!(body["input"]["output_format"], "webp", "defaults filled");
        assert!(body["input"].get("guidance").is_none() && body["input"].get("evil").is_none());
        let bad = json!({"aspect_ratio": "7:3"});
        assert!(input(schnell, "a fox", bad.as_object().unwrap(), &|f| Ok(
            f.to_owned()
        ))
        .is_err());
        let kontext = model("black-forest-labs/flux-kontext-pro").unwrap();
        assert!(input(kontext, "make it blue", &Map::new(), &|f| Ok(f.to_owned())).is_err());
    }

    #[test]
    fn predictions_and_flux_results_are_read() {
        let done = read_poll(&raw(
            200,
            r#"{"id":"q4","status":"succeeded","output":["http://x/a.png"],"metrics":{}}"#,
        ))
        .unwrap();
        assert_eq!(done.output_urls, vec!["http://x/a.png".to_owned()]);
        let single = read_poll(&raw(
            200,
            r#"{"id":"q4","status":"succeeded","output":"http://x/b.png"}"#,
        ))
        .unwrap();
        assert_eq!(single.output_urls.len(), 1);
        let ready = read_flux_result(&raw(
            200,
            r#"{"id":"q4","status":"Ready","result":{"sample":"http://x/s.jpeg"}}"#,
        ))
        .unwrap();
        assert_eq!(ready.output_urls, vec!["http://x/s.jpeg".to_owned()]);
        assert_eq!(
            read_flux_result(&raw(200, r#"{"id":"q4","status":"Task not found"}"#)),
            Err(PollFailure::NotExist)
        );
        assert!(matches!(
            read_poll(&raw(502, "<html>x</html>")),
            Err(PollFailure::Transient(_))
        ));
        assert!(matches!(
            read_submit(&raw(400, r#"{"error":{"message":"flagged"}}"#)),
            SubmitAnswer::Refused(_)
        ));
        assert!(matches!(
            read_submit(&raw(201, r#"{"id":"q4","status":"starting"}"#)),
            SubmitAnswer::Accepted { .. }
        ));
    }
}
