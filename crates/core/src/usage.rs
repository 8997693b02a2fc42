//! Usage as the user meets it: the report for a range of local days, the
//! monthly budget's state, and the CSV of calls.

mod csv;

use crate::error::{AppError, AppResult};
use crate::store::{Store, UsageSummary};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

pub use csv::{calls_csv, CSV_COLUMNS};

/// Where this month's spend stands against the budget the user set.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct BudgetStatus {
    pub budget_usd: Option<f64>,
    pub spent_usd: f64,
    pub level: BudgetLevel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BudgetLevel {
    /// No budget, or under 80% of it.
    Fine,
    /// 80% or more spent.
    Near,
    /// All of it spent, or more.
    Over,
}

pub struct Usage {
    store: Arc<Store>,
}

/// A local day as `YYYY-MM-DD`; anything else is refused before SQL sees it.
fn checked_day(day: &str) -> AppResult<&str> {
    let bytes = day.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(AppError::invalid_input("Dates must look like 2026-11-22."));
    }
    Ok(day)
}

impl Usage {
    pub fn new(store: Arc<Store>) -> Self {
        Self { store }
    }

    pub fn report(&self, from: &str, to: &str) -> AppResult<UsageSummary> {
        let (from, to) = (checked_day(from)?, checked_day(to)?);
        if from > to {
            return Err(AppError::invalid_input("The range ends before it starts."));
        }
        self.store.usage_summary(from, to)
    }

    /// `month_start`: the first local day of this month.
    pub fn budget(&self, month_start: &str) -> AppResult<BudgetStatus> {
        let spent_usd = self.store.spent_since(checked_day(month_start)?)?;
        let budget_usd = self
            .store
            .load_settings()?
            .and_then(|s| s.monthly_budget_usd)
            .filter(|b| *b > 0.0);
        let level = match budget_usd {
            Some(budget) if spent_usd >= budget => BudgetLevel::Over,
            Some(budget) if spent_usd >= budget * 0.8 => BudgetLevel::Near,
            _ => BudgetLevel::Fine,
        };
        Ok(BudgetStatus {
            budget_usd,
            spent_usd,
            level,
        })
    }

    pub fn csv(&self, from: &str, to: &str) -> AppResult<String> {
        let rows = self
            .store
            .calls_between(checked_day(from)?, checked_day(to)?)?;
        Ok(calls_csv(&rows))
    }

    pub fn export_csv(&self, path: &Path, from: &str, to: &str) -> AppResult<()> {
        crate::files::write_atomically(path, self.csv(from, to)?.as_bytes())
    }
}
