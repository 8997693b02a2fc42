//! What was spent, read from the rollups the database keeps as calls are
//! recorded (migration v6), so a year of heavy use reads as fast as a day.
//! Days are the user's local days, as SQLite's `localtime` sees them.

use super::Store;
use crate::error::AppResult;
use rusqlite::params;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
pub struct UsageTotals {
    pub calls: i64,
    pub errors: i64,
    /// Calls whose tokens we counted because the server sent none.
    pub estimated: i64,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub cost_usd: f64,
    pub avg_latency_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct DayModelCost {
    /// `YYYY-MM-DD`, local.
    pub day: String,
    pub model: String,
    pub cost_usd: f64,
    pub tokens: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct GroupUsage {
    /// A model id, or a kind (`chat`, `title`, `image`).
    pub name: String,
    pub totals: UsageTotals,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CostlyConversation {
    pub id: i64,
    pub title: String,
    pub cost_usd: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CostlyImage {
    pub id: i64,
    pub prompt: String,
    /// The thumbnail's file name.
    pub thumb: String,
    pub cost_usd: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct UsageSummary {
    pub from: String,
    pub to: String,
    pub totals: UsageTotals,
    pub by_day: Vec<DayModelCost>,
    pub by_model: Vec<GroupUsage>,
    pub by_kind: Vec<GroupUsage>,
    /// All time, most expensive first.
    pub top_conversations: Vec<CostlyConversation>,
    /// All time, most expensive first.
    pub top_images: Vec<CostlyImage>,
}

const SUMS: &str = "coalesce(sum(calls), 0), coalesce(sum(errors), 0), coalesce(sum(estimated), 0), \
    coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0), coalesce(sum(cost_usd), 0), \
    coalesce(sum(latency_ms), 0)";

fn totals(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<UsageTotals> {
    let calls: i64 = row.get(at)?;
    let latency: i64 = row.get(at + 6)?;
    Ok(UsageTotals {
        calls,
        errors: row.get(at + 1)?,
        estimated: row.get(at + 2)?,
        prompt_tokens: row.get(at + 3)?,
        completion_tokens: row.get(at + 4)?,
        cost_usd: row.get(at + 5)?,
        avg_latency_ms: if calls > 0 {
            latency as f64 / calls as f64
        } else {
            0.0
        },
    })
}

impl Store {
    /// Usage from local day `from` to `to`, both included (`YYYY-MM-DD`).
    pub fn usage_summary(&self, from: &str, to: &str) -> AppResult<UsageSummary> {
        let conn = self.conn();
        let range = "FROM usage_daily WHERE day BETWEEN ?1 AND ?2";
        let all = conn.query_row(&format!("SELECT {SUMS} {range}"), params![from, to], |r| {
            totals(r, 0)
        })?;
        let grouped = |column: &str| -> AppResult<Vec<GroupUsage>> {
            let mut stmt = conn.prepare(&format!(
                "SELECT {column}, {SUMS} {range} GROUP BY {column} ORDER BY sum(cost_usd) DESC, {column}"
            ))?;
            let rows = stmt.query_map(params![from, to], |r| {
                Ok(GroupUsage {
                    name: r.get(0)?,
                    totals: totals(r, 1)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let by_model = grouped("model")?;
        let by_kind = grouped("kind")?;
        let mut stmt = conn.prepare(&format!(
            "SELECT day, model, sum(cost_usd), sum(prompt_tokens + completion_tokens) {range}
             GROUP BY day, model ORDER BY day, model"
        ))?;
        let by_day = stmt
            .query_map(params![from, to], |r| {
                Ok(DayModelCost {
                    day: r.get(0)?,
                    model: r.get(1)?,
                    cost_usd: r.get(2)?,
                    tokens: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = conn.prepare(
            "SELECT id, title, cost_usd FROM conversations WHERE cost_usd > 0 ORDER BY cost_usd DESC LIMIT 10",
        )?;
        let top_conversations = stmt
            .query_map([], |r| {
                Ok(CostlyConversation {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    cost_usd: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = conn.prepare(
            "SELECT id, prompt, thumb, cost_usd FROM images WHERE cost_usd > 0 ORDER BY cost_usd DESC, id DESC LIMIT 10",
        )?;
        let top_images = stmt
            .query_map([], |r| {
                Ok(CostlyImage {
                    id: r.get(0)?,
                    prompt: r.get(1)?,
                    thumb: r.get(2)?,
                    cost_usd: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(UsageSummary {
            from: from.to_owned(),
            to: to.to_owned(),
            totals: all,
            by_day,
            by_model,
            by_kind,
            top_conversations,
            top_images,
        })
    }

    /// Spend since local day `from` (the budget's month so far).
    pub fn spent_since(&self, from: &str) -> AppResult<f64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(sum(cost_usd), 0) FROM usage_daily WHERE day >= ?1",
            [from],
            |r| r.get(0),
        )?)
    }
}
