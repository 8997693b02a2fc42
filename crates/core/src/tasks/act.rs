//! Midjourney's follow-ups: a button from the latest fetch starts a new
//! task linked to its parent; a modal (Vary (Region), Custom zoom) goes on
//! through `/mj/submit/modal` on the same task.

use super::midjourney::{operation_of, priced_model, submit_route};
use super::record::{Family, Task, TaskStatus};
use super::requests::{Prepared, FILE_MARKER};
use super::submit::{kept_raw, new_row};
use super::wire::SubmitAnswer;
use super::TaskEngine;
use crate::client::redact;
use crate::error::{AppError, AppResult};
use crate::store::now_ms;
use serde_json::json;
use std::sync::Arc;

impl TaskEngine {
    /// Presses one of a finished task's buttons.
    pub async fn act(self: &Arc<Self>, task_id: i64, custom_id: &str) -> AppResult<Task> {
        let key = self.fresh_key()?;
        let parent = self.store.task_row(task_id)?.task;
        if parent.family != Family::Midjourney || parent.status != TaskStatus::Succeeded {
            return Err(AppError::invalid_input(
                "This task has no buttons to press yet.",
            ));
        }
        let Some(button) = parent.actions.iter().find(|b| b.custom_id == custom_id) else {
            return Err(AppError::invalid_input(
                "That button is from an older view of this task. Check it again and press the new one.",
            ));
        };
        let (op, _) = operation_of(custom_id);
        let remote_id = parent.remote_id.clone().unwrap_or_default();
        let speed = parent.speed.clone().unwrap_or_else(|| "fast".into());
        let label = if button.label.is_empty() {
            button.emoji.clone()
        } else {
            button.label.clone()
        };
        let prepared = Prepared {
            family: Family::Midjourney,
            model: priced_model(&speed, op),
            operation: op.to_owned(),
            kind: if op == "video" { "video" } else { "image" },
            prompt: parent.prompt.clone(),
            speed: Some(speed.clone()),
            route: submit_route(&speed, "action"),
            body: json!({ "customId": custom_id, "taskId": remote_id }),
            context: json!({}),
            parent_image_id: None,
        };
        let from_image = parent.outputs.first().map(|o| o.image_id);
        let mut row = new_row(prepared, Some((parent.id, from_image)));
        row.context = json!({ "button": label });
        if op == "video" {
            row.context["typical_seconds"] = json!(120);
        }
        let row = self.store.insert_task(&row)?;
        self.send(row, &key).await
    }

    /// Sends what a modal asked for: a mask (white is repainted) and a
    /// prompt for Vary (Region), a prompt for Custom zoom. A refusal leaves
    /// the dialog's task waiting, so the user can try again.
    pub async fn continue_modal(
        self: &Arc<Self>,
        task_id: i64,
        prompt: &str,
        mask: Option<&str>,
    ) -> AppResult<Task> {
        let key = self.fresh_key()?;
        let mut row = self.store.task_row(task_id)?;
        let (Some(remote_id), TaskStatus::NeedsInput) =
            (row.task.remote_id.clone(), row.task.status)
        else {
            return Err(AppError::invalid_input(
                "This task is not waiting for anything.",
            ));
        };
        let prompt = prompt.trim();
        if prompt.is_empty() {
            return Err(AppError::invalid_input(
                "Write a prompt for the new version first.",
            ));
        }
        let mut body = json!({ "taskId": remote_id, "prompt": prompt });
        if row.task.operation == "inpaint" {
            let Some(mask) = mask else {
                return Err(AppError::invalid_input(
                    "Paint over the part to change first.",
                ));
            };
            body["maskBase64"] = json!(self.files.data_url(mask)?);
            row.context["mask"] = json!(format!("{FILE_MARKER}{mask}"));
        }
        let speed = row.task.speed.clone().unwrap_or_else(|| "fast".into());
        let route = submit_route(&speed, "modal");
        let client = self.client.current();
        let answer = match client
            .task_post(&key, &route, &body, self.timings.submit_timeout)
            .await
        {
            Ok(answer) => {
                row.last_raw = Some(kept_raw(&answer.body, &key));
                super::midjourney::read_submit(&answer)
            }
            Err(error) => SubmitAnswer::Lost(error),
        };
        row.task.prompt = prompt.to_owned();
        match answer {
            SubmitAnswer::Accepted { .. } | SubmitAnswer::Lost(_) => {
                // Lost or not, the task has its id: polling finds out.
                row.task.status = TaskStatus::Queued;
                row.task.message = None;
                row.task.error_code = None;
                row.next_poll_at =
                    Some(now_ms() + self.interval(Family::Midjourney).as_millis() as i64);
            }
            SubmitAnswer::Refused(error) => {
                row.task.message = Some(redact(&error.message, key.expose()));
                row.task.error_code = Some(error.code);
                self.store.save_task(&row)?;
                self.announce(task_id);
                return Err(AppError {
                    message: redact(&error.message, key.expose()),
                    ..error
                });
            }
        }
        self.store.save_task(&row)?;
        self.announce(task_id);
        self.wake.notify_one();
        self.store.task(task_id)
    }
}
