//! What one poll's answer does to a task: progress and a preview, the
//! results kept, a labelled end, or a backoff; and the bound after which
//! Comet Desk stops asking. The row is changed here and saved by the round.

use super::record::TaskStatus;
use super::wire::{PollFailure, PollReport};
use super::{Family, TaskEngine};
use crate::error::{AppError, ErrorCode};
use crate::store::{now_ms, TaskRow};

impl TaskEngine {
    /// Reads one poll's outcome into the row (progress, the end, or a
    /// backoff); says whether anything a person sees changed. Not saved.
    pub(crate) async fn apply(
        &self,
        mut row: TaskRow,
        (raw, outcome): (Option<String>, Result<PollReport, PollFailure>),
    ) -> (TaskRow, bool) {
        let before = row.task.clone();
        let now = now_ms();
        let age_ms = now - row.task.created_at;
        row.task.attempts += 1;
        if raw.is_some() {
            row.last_raw = raw;
        }
        match outcome {
            Ok(report) => {
                row.errors = 0;
                if row.task.family == Family::Replicate {
                    row.context["ask_flux_result"] = serde_json::json!(false);
                }
                self.take_report(&mut row, report).await;
            }
            Err(PollFailure::NotExist)
                if age_ms < self.timings.not_exist_grace.as_millis() as i64 =>
            {
                row.errors += 1;
            }
            Err(PollFailure::NotExist) => {
                self.end(&mut row, AppError::new(
                    ErrorCode::NotFound,
                    "CometAPI no longer knows this task (it may have expired). Nothing more can be fetched.",
                ));
            }
            Err(PollFailure::Transient(error)) => {
                row.errors += 1;
                if row.task.family == Family::Replicate && error.code == ErrorCode::Timeout {
                    let asked = row.context["ask_flux_result"].as_bool().unwrap_or(false);
                    row.context["ask_flux_result"] = serde_json::json!(!asked);
                }
                row.task.message = Some(format!("Still waiting: {}", error.message));
            }
        }
        let open = !row.task.status.is_finished() && row.task.status != TaskStatus::NeedsInput;
        let bound = if row.kind == "video" {
            self.timings.give_up_video_after
        } else {
            self.timings.give_up_after
        };
        if open && age_ms > bound.as_millis() as i64 {
            let minutes = bound.as_secs() / 60;
            self.end(&mut row, AppError::new(
                ErrorCode::Timeout,
                format!("Not finished after {minutes} minutes, so Comet Desk stopped asking. Check again to look once more."),
            ));
        }
        row.next_poll_at =
            if row.task.status.is_finished() || row.task.status == TaskStatus::NeedsInput {
                None
            } else {
                Some(now + self.next_delay(row.task.family, row.errors).as_millis() as i64)
            };
        let mut after = row.task.clone();
        after.updated_at = before.updated_at;
        after.attempts = before.attempts;
        let changed = after != before;
        (row, changed)
    }

    async fn take_report(&self, row: &mut TaskRow, report: PollReport) {
        let progress_before = row.task.progress;
        let task = &mut row.task;
        if !report.raw_status.is_empty() {
            task.raw_status = Some(report.raw_status.clone());
        }
        if report.progress.is_some() {
            task.progress = report.progress;
        }
        if !report.actions.is_empty() {
            task.actions = report.actions.clone();
        }
        let status = report.status.unwrap_or(TaskStatus::Unknown);
        match status {
            TaskStatus::Succeeded => {
                if row.kind == "text" {
                    row.task.prompts = report.prompts;
                    row.task.status = TaskStatus::Succeeded;
                    row.task.finished_at = Some(now_ms());
                    row.task.message = None;
                    return;
                }
                if report.output_urls.is_empty() {
                    let what = match row.kind.as_str() {
                        "video" => "a video",
                        "audio" => "a song",
                        _ => "a picture",
                    };
                    self.end(
                        row,
                        AppError::new(
                            ErrorCode::BadResponse,
                            format!("The task finished without {what}."),
                        ),
                    );
                    return;
                }
                let kept = if row.kind == "image" {
                    self.keep_outputs(row, &report.output_urls).await
                } else {
                    self.keep_media_outputs(row, &report).await
                };
                match kept {
                    Ok(()) => {
                        row.task.status = TaskStatus::Succeeded;
                        row.task.finished_at = Some(now_ms());
                        row.task.message = None;
                        row.task.error_code = None;
                    }
                    Err(error)
                        if matches!(
                            error.code,
                            ErrorCode::NotFound | ErrorCode::TooLarge | ErrorCode::BadResponse
                        ) || row.errors >= 4 =>
                    {
                        self.end(
                            row,
                            AppError::new(
                                error.code,
                                format!(
                                    "The task finished, but its result could not be kept: {}",
                                    error.message
                                ),
                            ),
                        );
                    }
                    Err(error) => {
                        row.errors += 1;
                        row.task.status = TaskStatus::Running;
                        row.task.message =
                            Some(format!("Fetching the result again: {}", error.message));
                    }
                }
            }
            TaskStatus::Failed => {
                let reason = report
                    .message
                    .unwrap_or_else(|| "The job failed on the server.".into());
                self.end(row, AppError::new(ErrorCode::ServerError, reason));
            }
            TaskStatus::NeedsInput => {
                task.status = TaskStatus::NeedsInput;
                task.message = None;
            }
            TaskStatus::Queued | TaskStatus::Running | TaskStatus::Unknown => {
                if status == TaskStatus::Unknown {
                    tracing::info!(raw = %report.raw_status, "a task status word not known to Comet Desk");
                }
                task.status = status;
                task.message = None;
                // A preview's link changes on every poll (`?rand=`), its
                // picture only with the progress: fetched when that moved.
                let moved = row.task.preview.is_none() || row.task.progress != progress_before;
                if let Some(url) = report.preview_url.filter(|_| moved) {
                    if let Some(file) = self.keep_preview(&url).await {
                        row.task.preview = Some(file);
                    }
                }
            }
        }
    }

    fn end(&self, row: &mut TaskRow, error: AppError) {
        row.task.status = TaskStatus::Failed;
        row.task.error_code = Some(error.code);
        row.task.message = Some(error.message);
        row.task.finished_at = Some(now_ms());
    }
}
