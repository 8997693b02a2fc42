//! The `tasks` table: one row per long-running job, written before its
//! request goes out and saved after every change, so a restart resumes it.

use super::{now_ms, Store};
use crate::error::{AppResult, ErrorCode};
use crate::tasks::{Family, Task, TaskStatus};
use rusqlite::{params, Row};
use serde_json::Value;

/// A task with what only the engine reads: the request as sent, the
/// family's context, the submit's fate, the schedule and the last answer.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub task: Task,
    pub kind: String,
    /// `{route, body}`; pictures as `comet-file:<name>` markers.
    pub request: Value,
    pub context: Value,
    /// `sending` (no answer yet), `accepted`, `refused`, `lost`.
    pub submit_state: String,
    pub next_poll_at: Option<i64>,
    /// Failed polls in a row, for backoff.
    pub errors: u32,
    /// The last answer's text, the key removed.
    pub last_raw: Option<String>,
}

const COLUMNS: &str = "id, family, model, operation, kind, prompt, speed, request, context, submit_state, \
    remote_id, status, progress, raw_status, message, error_code, preview, outputs, actions, prompts, \
    parent_id, parent_image_id, cost_usd, watching, created_at, updated_at, finished_at, next_poll_at, \
    attempts, errors, last_raw";

fn json_of(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<TaskRow> {
    let list = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let submit_state: String = r.get(9)?;
    let task = Task {
        id: r.get(0)?,
        family: Family::parse(&r.get::<_, String>(1)?).unwrap_or(Family::Midjourney),
        model: r.get(2)?,
        operation: r.get(3)?,
        prompt: r.get(5)?,
        speed: r.get(6)?,
        remote_id: r.get(10)?,
        status: TaskStatus::parse(&r.get::<_, String>(11)?),
        progress: r.get::<_, Option<u8>>(12)?,
        raw_status: r.get(13)?,
        message: r.get(14)?,
        error_code: r
            .get::<_, Option<String>>(15)?
            .and_then(|c| ErrorCode::parse(&c)),
        preview: r.get(16)?,
        outputs: serde_json::from_str(&list(17)?).unwrap_or_default(),
        actions: serde_json::from_str(&list(18)?).unwrap_or_default(),
        prompts: serde_json::from_str(&list(19)?).unwrap_or_default(),
        parent_id: r.get(20)?,
        parent_image_id: r.get(21)?,
        cost_usd: r.get(22)?,
        watching: r.get(23)?,
        may_be_charged: submit_state == "lost",
        created_at: r.get(24)?,
        updated_at: r.get(25)?,
        finished_at: r.get(26)?,
        attempts: r.get(28)?,
        kind: r.get(4)?,
        typical_seconds: None,
    };
    let context = json_of(r.get(8)?);
    let task = Task {
        typical_seconds: context["typical_seconds"].as_u64().map(|s| s as u32),
        ..task
    };
    Ok(TaskRow {
        kind: task.kind.clone(),
        task,
        request: json_of(r.get(7)?),
        context,
        submit_state,
        next_poll_at: r.get(27)?,
        errors: r.get(29)?,
        last_raw: r.get(30)?,
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// Writes a new task (before its request goes out) and returns it.
    pub fn insert_task(&self, row: &TaskRow) -> AppResult<TaskRow> {
        let t = &row.task;
        let now = now_ms();
        let id = {
            let conn = self.conn();
            conn.execute(
                "INSERT INTO tasks(family, model, operation, kind, prompt, speed, request, context, submit_state,
                    status, parent_id, parent_image_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'sending', 'queued', ?9, ?10, ?11, ?11)",
                params![
                    t.family.as_str(), t.model, t.operation, row.kind, t.prompt, t.speed,
                    row.request.to_string(), row.context.to_string(), t.parent_id, t.parent_image_id, now
                ],
            )?;
            conn.last_insert_rowid()
        };
        self.task_row(id)
    }

    pub fn task_row(&self, id: i64) -> AppResult<TaskRow> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM tasks WHERE id = ?1"),
                [id],
                from_row,
            )
            .map_err(|err| match err {
                rusqlite::Error::QueryReturnedNoRows => crate::AppError::not_found("The task"),
                other => other.into(),
            })
    }

    pub fn task(&self, id: i64) -> AppResult<Task> {
        Ok(self.task_row(id)?.task)
    }

    /// Watched or not (Stop watching, Check again): apart from `save_task`,
    /// so a poll that was on the wire meanwhile cannot undo it.
    pub fn set_task_watching(&self, id: i64, watching: bool) -> AppResult<()> {
        self.conn().execute(
            "UPDATE tasks SET watching = ?1, updated_at = ?2 WHERE id = ?3",
            params![watching, now_ms(), id],
        )?;
        Ok(())
    }

    /// Puts off these tasks' next poll to `until` (a lease while a poll is
    /// on the wire), in one statement.
    pub fn lease_tasks(&self, ids: &[i64], until: i64) -> AppResult<()> {
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        self.conn().execute(
            &format!("UPDATE tasks SET next_poll_at = ?1 WHERE id IN ({list})"),
            [until],
        )?;
        Ok(())
    }

    /// Saves everything that changes as a task goes on (not `watching`).
    pub fn save_task(&self, row: &TaskRow) -> AppResult<()> {
        save(&self.conn(), row)
    }

    /// Several rows in one transaction (a poll round).
    pub fn save_tasks(&self, rows: &[&TaskRow]) -> AppResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for row in rows {
            save(&tx, row)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Watched tasks with a remote id whose next poll is due, oldest first.
    pub fn due_tasks(&self, now: i64, limit: u32) -> AppResult<Vec<TaskRow>> {
        let conn = self.conn();
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM tasks
             WHERE status IN ('queued', 'running', 'unknown') AND remote_id IS NOT NULL
               AND watching = 1 AND next_poll_at <= ?1
             ORDER BY next_poll_at LIMIT ?2"
        ))?;
        let rows = statement.query_map(params![now, limit], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// When the next watched task is due, if any is.
    pub fn next_task_poll(&self) -> AppResult<Option<i64>> {
        Ok(self.conn().query_row(
            "SELECT min(next_poll_at) FROM tasks
             WHERE status IN ('queued', 'running', 'unknown') AND remote_id IS NOT NULL AND watching = 1",
            [],
            |r| r.get(0),
        )?)
    }

    /// Tasks newest first; `open` keeps those not finished (the queue).
    pub fn list_tasks(&self, open: bool, limit: u32) -> AppResult<Vec<Task>> {
        let filter = if open {
            "WHERE status NOT IN ('succeeded', 'failed')"
        } else {
            ""
        };
        let conn = self.conn();
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM tasks {filter} ORDER BY created_at DESC, id DESC LIMIT ?1"
        ))?;
        let rows = statement.query_map([limit], |r| from_row(r).map(|row| row.task))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every task's raw columns as text, for the key scans in tests.
    #[doc(hidden)]
    pub fn task_texts(&self) -> AppResult<Vec<String>> {
        let conn = self.conn();
        let mut statement = conn.prepare(
            "SELECT request || context || coalesce(message, '') || coalesce(last_raw, '') || actions || prompts FROM tasks",
        )?;
        let rows = statement.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn save(conn: &rusqlite::Connection, row: &TaskRow) -> AppResult<()> {
    let t = &row.task;
    conn.prepare_cached(
        "UPDATE tasks SET context = ?1, submit_state = ?2, remote_id = ?3, status = ?4, progress = ?5,
                raw_status = ?6, message = ?7, error_code = ?8, preview = ?9, outputs = ?10, actions = ?11,
                prompts = ?12, cost_usd = ?13, updated_at = ?14, finished_at = ?15,
                next_poll_at = ?16, attempts = ?17, errors = ?18, last_raw = ?19, prompt = ?20
             WHERE id = ?21",
    )?
    .execute(params![
                row.context.to_string(), row.submit_state, t.remote_id, t.status.as_str(), t.progress,
                t.raw_status, t.message, t.error_code.map(|c| c.as_str()), t.preview, to_json(&t.outputs),
                to_json(&t.actions), to_json(&t.prompts), t.cost_usd, now_ms(), t.finished_at,
                row.next_poll_at, t.attempts, row.errors, row.last_raw, t.prompt, t.id
            ])?;
    Ok(())
}

/// A submit that was on its way when the app stopped: its answer is lost,
/// so the job may exist and be billed. It is never sent again on its own.
pub(super) fn mark_lost_submits(conn: &rusqlite::Connection) -> AppResult<()> {
    conn.execute(
        "UPDATE tasks SET submit_state = 'lost', status = 'unknown', error_code = 'interrupted',
             message = 'Comet Desk closed before CometAPI answered this request. It may have been charged.'
         WHERE submit_state = 'sending'",
        [],
    )?;
    Ok(())
}
