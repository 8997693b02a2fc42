//! Asking about tasks and writing down what was said: Midjourney's in one
//! batch (list-by-condition), the other families' one by one. Failures back off;
//! "task_not_exist" just after a submit means "not yet" (`outcome.rs`).

use super::submit::kept_raw;
use super::wire::{PollFailure, PollReport};
use super::{kling, midjourney, replicate, runway, suno, videos, Family, TaskEngine};
use crate::client::{redact, RawAnswer};
use crate::error::AppError;
use crate::secret::ApiKey;
use crate::store::{now_ms, TaskRow};
use std::sync::Arc;

type Outcome = (Option<String>, Result<PollReport, PollFailure>);

/// An upstream may quote the request's headers in any text it returns.
fn scrubbed(
    outcome: Result<PollReport, PollFailure>,
    key: &ApiKey,
) -> Result<PollReport, PollFailure> {
    let clean = |text: &str| redact(text, key.expose());
    match outcome {
        Ok(mut report) => {
            report.message = report.message.as_deref().map(clean);
            report.prompts = report.prompts.iter().map(|p| clean(p)).collect();
            report.raw_status = clean(&report.raw_status);
            Ok(report)
        }
        Err(PollFailure::Transient(error)) => Err(PollFailure::Transient(AppError {
            message: clean(&error.message),
            ..error
        })),
        Err(other) => Err(other),
    }
}

impl TaskEngine {
    /// Polls these tasks now (those not already on the wire) and saves
    /// what each answer says.
    pub(crate) async fn poll_now(self: &Arc<Self>, rows: Vec<TaskRow>) {
        let ids: Vec<i64> = rows.iter().map(|r| r.task.id).collect();
        let claimed = self.claim(&ids);
        let rows: Vec<TaskRow> = rows
            .into_iter()
            .filter(|r| claimed.contains(&r.task.id))
            .collect();
        if rows.is_empty() {
            return;
        }
        // A lease: the scheduler does not pick these again while they wait.
        let lease = now_ms() + self.timings.poll_timeout.as_millis() as i64 + 1_000;
        let ids: Vec<i64> = rows.iter().map(|r| r.task.id).collect();
        if let Err(err) = self.store.lease_tasks(&ids, lease) {
            tracing::warn!(%err, "could not lease the tasks being polled");
        }
        let key = match self.key() {
            Ok(key) => key,
            Err(error) => {
                let mut done = Vec::new();
                for row in rows {
                    done.push(
                        self.apply(row, (None, Err(PollFailure::Transient(error.clone()))))
                            .await,
                    );
                }
                self.save_all(done);
                self.release(&claimed);
                return;
            }
        };
        let (mj, others): (Vec<TaskRow>, Vec<TaskRow>) = rows
            .into_iter()
            .partition(|r| r.task.family == Family::Midjourney);
        let mut outcomes: Vec<(TaskRow, Outcome)> = Vec::new();
        if mj.len() > 1 {
            outcomes.extend(self.poll_midjourney_batch(&key, mj).await);
        } else {
            for row in mj {
                let outcome = self.poll_midjourney(&key, &row).await;
                outcomes.push((row, outcome));
            }
        }
        let polled = futures_util::future::join_all(others.into_iter().map(|row| {
            let key = &key;
            async move {
                let outcome = self.poll_one(key, &row).await;
                (row, outcome)
            }
        }))
        .await;
        outcomes.extend(polled);
        let refused = outcomes.iter().any(|(_, (_, o))| {
            matches!(o, Err(PollFailure::Transient(e)) if e.code == crate::error::ErrorCode::InvalidKey)
        });
        if refused {
            self.key_refused();
        }
        let mut done = Vec::new();
        for (row, outcome) in outcomes {
            let raw = outcome.0.as_deref().map(|t| kept_raw(t, &key));
            done.push(self.apply(row, (raw, scrubbed(outcome.1, &key))).await);
        }
        self.save_all(done);
        self.release(&claimed);
    }

    /// One transaction for a round's rows (200 commits cost more than the
    /// polling), then a word to listeners about each that changed.
    fn save_all(&self, done: Vec<(TaskRow, bool)>) {
        let rows: Vec<&TaskRow> = done.iter().map(|(row, _)| row).collect();
        if let Err(err) = self.store.save_tasks(&rows) {
            tracing::warn!(%err, "could not save the polled tasks");
        }
        for (row, changed) in &done {
            if *changed {
                self.announce(row.task.id);
            }
        }
    }

    async fn poll_midjourney(&self, key: &ApiKey, row: &TaskRow) -> Outcome {
        let id = row.task.remote_id.clone().unwrap_or_default();
        let path = format!("/mj/task/{id}/fetch");
        self.ask(key, &path, |answer| {
            midjourney::read_fetch(answer, &row.task.operation)
        })
        .await
    }

    /// One GET, its text kept and read by the family's reader.
    async fn ask(
        &self,
        key: &ApiKey,
        path: &str,
        read: impl Fn(&RawAnswer) -> Result<PollReport, PollFailure>,
    ) -> Outcome {
        self.ask_with(key, path, &[], read).await
    }

    async fn ask_with(
        &self,
        key: &ApiKey,
        path: &str,
        headers: &[(&'static str, &'static str)],
        read: impl Fn(&RawAnswer) -> Result<PollReport, PollFailure>,
    ) -> Outcome {
        let client = self.client.current();
        match client
            .task_get_with(key, path, headers, self.timings.poll_timeout)
            .await
        {
            Ok(answer) => {
                let report = read(&answer);
                (Some(answer.body), report)
            }
            Err(error) => (None, Err(PollFailure::Transient(error))),
        }
    }

    /// One request for every Midjourney task due; tasks the list leaves
    /// out count as not found, and a list that fails falls back to fetch.
    async fn poll_midjourney_batch(
        &self,
        key: &ApiKey,
        rows: Vec<TaskRow>,
    ) -> Vec<(TaskRow, Outcome)> {
        let mut out = Vec::new();
        for chunk in rows.chunks(100) {
            let ids: Vec<String> = chunk
                .iter()
                .filter_map(|r| r.task.remote_id.clone())
                .collect();
            let body = serde_json::json!({ "ids": ids });
            let client = self.client.current();
            let answer = client
                .task_post(
                    key,
                    "/mj/task/list-by-condition",
                    &body,
                    self.timings.poll_timeout,
                )
                .await;
            let list = match &answer {
                Ok(answer) => midjourney::read_list(answer),
                Err(error) => Err(PollFailure::Transient(error.clone())),
            };
            match list {
                Ok(list) => {
                    for row in chunk {
                        let found = list.iter().find(|v| {
                            super::status::id_text(&v["id"]).as_deref()
                                == row.task.remote_id.as_deref()
                        });
                        let outcome = match found {
                            Some(value) => (
                                Some(value.to_string()),
                                Ok(midjourney::read_task(value, &row.task.operation)),
                            ),
                            None => (None, Err(PollFailure::NotExist)),
                        };
                        out.push((row.clone(), outcome));
                    }
                }
                Err(_) => {
                    // Not the failure itself: its text quotes the answer, which
                    // may echo the request's headers (the key).
                    tracing::debug!("list-by-condition failed; fetching one by one");
                    for row in chunk {
                        let outcome = self.poll_midjourney(key, row).await;
                        out.push((row.clone(), outcome));
                    }
                }
            }
        }
        out
    }

    /// Every family but Midjourney: one GET on the family's query route.
    async fn poll_one(&self, key: &ApiKey, row: &TaskRow) -> Outcome {
        let id = row.task.remote_id.clone().unwrap_or_default();
        match row.task.family {
            Family::Videos => {
                self.ask(key, &videos::poll_route(&id), |a| videos::read_poll(a, &id))
                    .await
            }
            Family::Kling => {
                let action = row.context["action"].as_str().unwrap_or("text2video");
                self.ask(key, &kling::poll_route(action, &id), kling::read_poll)
                    .await
            }
            Family::Suno => self.ask(key, &suno::poll_route(&id), suno::read_poll).await,
            Family::Runway => {
                let path = runway::poll_route(&id);
                self.ask_with(key, &path, &[runway::VERSION_HEADER], runway::read_poll)
                    .await
            }
            Family::Replicate | Family::Midjourney => self.poll_replicate(key, row).await,
        }
    }

    async fn poll_replicate(&self, key: &ApiKey, row: &TaskRow) -> Outcome {
        let id = row.task.remote_id.clone().unwrap_or_default();
        // After a query that hung, ask Black Forest Labs' result route.
        let flux = row.context["ask_flux_result"].as_bool().unwrap_or(false);
        let path = if flux {
            format!(
                "/flux/v1/get_result?id={}",
                url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
            )
        } else {
            format!("/replicate/v1/predictions/{id}")
        };
        if flux {
            self.ask(key, &path, replicate::read_flux_result).await
        } else {
            self.ask(key, &path, replicate::read_poll).await
        }
    }
}
