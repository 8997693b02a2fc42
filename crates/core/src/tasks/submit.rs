//! Sending a task's request, once. The row is written before the request
//! goes out; the answer (or its absence) decides the task's state, and
//! the call is recorded at the catalogue's per-request price.

use super::record::{Task, TaskStatus};
use super::requests::{self, Prepared, TaskRequest};
use super::wire::SubmitAnswer;
use super::{kling, midjourney, replicate, runway, suno, videos, Family, TaskEngine};
use crate::client::redact;
use crate::error::AppResult;
use crate::secret::ApiKey;
use crate::store::{now_ms, ApiCall, CallKind, TaskRow};
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;

/// The answers kept with a task are cut to this (they are for a person
/// reading a bug report, not for the app).
const KEEP_RAW_CHARS: usize = 16 * 1024;

pub(crate) fn kept_raw(body: &str, key: &ApiKey) -> String {
    let cut: String = body.chars().take(KEEP_RAW_CHARS).collect();
    redact(&cut, key.expose())
}

pub(crate) fn new_row(prepared: Prepared, parent: Option<(i64, Option<i64>)>) -> TaskRow {
    let mut task = Task::unsent(
        prepared.family,
        prepared.model,
        prepared.operation,
        prepared.prompt,
    );
    task.speed = prepared.speed;
    task.kind = prepared.kind.to_owned();
    task.parent_id = parent.map(|p| p.0);
    task.parent_image_id = parent.and_then(|p| p.1).or(prepared.parent_image_id);
    TaskRow {
        task,
        kind: prepared.kind.to_owned(),
        request: json!({ "route": prepared.route, "body": prepared.body }),
        context: prepared.context,
        submit_state: "sending".into(),
        next_poll_at: None,
        errors: 0,
        last_raw: None,
    }
}

impl TaskEngine {
    /// Writes the task down, sends it once and returns it as the answer
    /// left it. `Err` means nothing was written or sent.
    pub async fn submit(self: &Arc<Self>, request: &TaskRequest) -> AppResult<Task> {
        let key = self.fresh_key()?;
        let prepared = requests::prepare(request, &self.files, &self.store)?;
        let row = self.store.insert_task(&new_row(prepared, None))?;
        self.send(row, &key).await
    }

    pub(crate) async fn send(self: &Arc<Self>, mut row: TaskRow, key: &ApiKey) -> AppResult<Task> {
        self.announce(row.task.id);
        let route = row.request["route"].as_str().unwrap_or_default().to_owned();
        let started = Instant::now();
        let client = self.client.current();
        let body = &row.request["body"];
        let sent = if row.task.family == Family::Videos {
            match requests::form_parts(&self.files, body) {
                Ok((fields, files)) => {
                    client
                        .task_post_form(key, &route, &fields, files, self.timings.submit_timeout)
                        .await
                }
                Err(error) => Err(error),
            }
        } else {
            // Runway refuses a call without its API version header.
            let headers: &[(&str, &str)] = if row.task.family == Family::Runway {
                &[runway::VERSION_HEADER]
            } else {
                &[]
            };
            match requests::expand(&self.files, body) {
                Ok(body) => {
                    client
                        .task_post_with(key, &route, &body, headers, self.timings.submit_timeout)
                        .await
                }
                Err(error) => Err(error),
            }
        };
        let mut call = ApiCall {
            kind: CallKind::Task,
            model: row.task.model.clone(),
            endpoint: route,
            attempts: 1,
            latency_ms: started.elapsed().as_millis() as i64,
            price: self.catalogue.price_of(&row.task.model),
            ..ApiCall::default()
        };
        let answer = match sent {
            Ok(answer) => {
                call.status = Some(answer.status);
                row.last_raw = Some(kept_raw(&answer.body, key));
                match row.task.family {
                    Family::Midjourney => midjourney::read_submit(&answer),
                    Family::Replicate => replicate::read_submit(&answer),
                    Family::Videos => videos::read_submit(&answer),
                    Family::Kling => kling::read_submit(&answer),
                    Family::Suno => suno::read_submit(&answer),
                    Family::Runway => runway::read_submit(&answer),
                }
            }
            Err(error) if error.code == crate::ErrorCode::InvalidInput => {
                SubmitAnswer::Refused(error)
            }
            Err(error) => SubmitAnswer::Lost(error),
        };
        // Per request, or per second of the clip asked for.
        let seconds = row.context["seconds"].as_f64();
        let per_request = call
            .price
            .as_ref()
            .and_then(|p| p.per_request.or_else(|| Some(p.per_second? * seconds?)));
        let now = now_ms();
        let task = &mut row.task;
        match answer {
            SubmitAnswer::Accepted {
                remote_id,
                needs_input,
            } => {
                row.submit_state = "accepted".into();
                task.remote_id = Some(remote_id);
                task.status = if needs_input {
                    TaskStatus::NeedsInput
                } else {
                    TaskStatus::Queued
                };
                task.cost_usd = per_request;
                call.cost_usd = per_request;
                row.next_poll_at = Some(now + self.interval(task.family).as_millis() as i64);
            }
            SubmitAnswer::Refused(error) => {
                row.submit_state = "refused".into();
                task.status = TaskStatus::Failed;
                task.error_code = Some(error.code);
                task.message = Some(redact(&error.message, key.expose()));
                task.finished_at = Some(now);
                call.error_code = Some(error.code.as_str());
            }
            SubmitAnswer::Lost(error) => {
                row.submit_state = "lost".into();
                task.status = TaskStatus::Unknown;
                task.error_code = Some(error.code);
                task.message = Some(format!(
                    "No clear answer came from CometAPI ({}). This request may have been charged: \
                     Check again, or look at your usage, before sending it again.",
                    redact(&error.message, key.expose()).trim_end_matches('.')
                ));
                call.error_code = Some(error.code.as_str());
            }
        }
        self.store.save_task(&row)?;
        if let Err(err) = self.store.record_api_call(&call) {
            tracing::warn!(%err, "could not record the task call");
        }
        self.announce(row.task.id);
        self.wake.notify_one();
        self.store.task(row.task.id)
    }
}
