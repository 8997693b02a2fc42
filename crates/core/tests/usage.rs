//! Usage from recorded calls: totals, per model and kind, costly chats,
//! the budget, the user's own prices (history keeps the old ones), and CSV.

mod support;

use comet_core::catalogue::Price;
use comet_core::settings::{PriceOverride, Settings};
use comet_core::store::{ApiCall, CallKind};
use comet_core::usage::{BudgetLevel, Usage, CSV_COLUMNS};
use support::*;

fn today() -> String {
    // The same local day SQLite's `localtime` gives.
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.query_row("SELECT date('now', 'localtime')", [], |r| r.get(0))
        .unwrap()
}

fn settings() -> Settings {
    Settings::defaults("http://127.0.0.1:9", "http://127.0.0.1:9")
}

#[tokio::test]
async fn three_chats_show_as_calls_tokens_and_costs_by_model_and_kind() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let (a, _) = h.send("first chat").await;
    h.send_in(a, "more in the first").await;
    let (b, _) = h
        .send_to_model_new("second chat, bigger model", "gpt-4o")
        .await;
    let usage = Usage::new(h.store.clone());
    let day = today();
    let report = usage.report(&day, &day).unwrap();

    // Three answers and two titles (first answers only).
    assert_eq!(report.totals.calls, 5);
    let kinds: Vec<(&str, i64)> = report
        .by_kind
        .iter()
        .map(|k| (k.name.as_str(), k.totals.calls))
        .collect();
    assert!(
        kinds.contains(&("chat", 3)) && kinds.contains(&("title", 2)),
        "{kinds:?}"
    );
    let gpt4o = report.by_model.iter().find(|m| m.name == "gpt-4o").unwrap();
    assert_eq!(gpt4o.totals.calls, 1);
    assert!(gpt4o.totals.cost_usd > 0.0);
    assert_eq!(
        report.by_model[0].name, "gpt-4o",
        "the costliest model first"
    );
    let sum: f64 = report.by_day.iter().map(|d| d.cost_usd).sum();
    assert!((sum - report.totals.cost_usd).abs() < 1e-12);
    assert!(report.totals.avg_latency_ms >= 0.0);
    // The costliest chats, with links (ids) to them.
    let top: Vec<i64> = report.top_conversations.iter().map(|c| c.id).collect();
    assert_eq!(top[0], b);
    assert!(top.contains(&a));
    // Outside the range: nothing.
    assert_eq!(
        usage
            .report("2000-01-01", "2000-01-31")
            .unwrap()
            .totals
            .calls,
        0
    );
    assert!(usage.report("2026-13", "x").is_err());
}

#[tokio::test]
async fn a_price_the_user_sets_applies_from_now_on_and_history_keeps_its_price() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let (c, events) = h.send("before the change").await;
    let before = last(&events).clone();
    let mut s = settings();
    s.price_overrides = vec![PriceOverride {
        model: "gpt-4o-mini".into(),
        price: Price {
            input_per_m: Some(1000.0),
            output_per_m: Some(1000.0),
            per_request: None,
            per_second: None,
        },
    }];
    h.store.save_settings(&s).unwrap();
    let events = h.send_in(c, "after the change").await;
    let cost = |e: &comet_core::chat::ChatEvent| match e {
        comet_core::chat::ChatEvent::Done { message } => {
            message.usage.as_ref().unwrap().cost_usd.unwrap()
        }
        other => panic!("{other:?}"),
    };
    let (old, new) = (cost(&before), cost(last(&events)));
    assert!(new > old * 1000.0, "old {old}, new {new}");
    let first_answer = h.store.list_messages(c).unwrap()[1].clone();
    assert_eq!(
        first_answer.usage.unwrap().cost_usd,
        Some(old),
        "history is not rewritten"
    );
}

#[tokio::test]
async fn the_budget_warns_at_80_and_100_percent() {
    let h = harness().await;
    let usage = Usage::new(h.store.clone());
    let month = format!("{}-01", &today()[..7]);
    let call = |cost: f64| ApiCall {
        kind: CallKind::Chat,
        model: "m".into(),
        endpoint: "/v1/chat/completions".into(),
        cost_usd: Some(cost),
        ..ApiCall::default()
    };
    assert_eq!(usage.budget(&month).unwrap().level, BudgetLevel::Fine);
    let mut s = settings();
    s.monthly_budget_usd = Some(10.0);
    h.store.save_settings(&s).unwrap();
    h.store.record_api_call(&call(7.9)).unwrap();
    assert_eq!(usage.budget(&month).unwrap().level, BudgetLevel::Fine);
    h.store.record_api_call(&call(0.2)).unwrap();
    assert_eq!(usage.budget(&month).unwrap().level, BudgetLevel::Near);
    h.store.record_api_call(&call(2.0)).unwrap();
    let status = usage.budget(&month).unwrap();
    assert_eq!(status.level, BudgetLevel::Over);
    assert!((status.spent_usd - 10.1).abs() < 1e-9);
}

#[tokio::test]
async fn calls_export_as_csv_with_the_documented_columns() {
    let h = harness().await;
    h.send("csv me").await;
    h.store
        .record_api_call(&ApiCall {
            model: "=evil,\"model\"".into(),
            endpoint: "/v1/chat/completions".into(),
            ..ApiCall::default()
        })
        .unwrap();
    let day = today();
    let usage = Usage::new(h.store.clone());
    let path = h.dir.path().join("calls.csv");
    usage.export_csv(&path, &day, &day).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), 1 + 3, "an answer, a title and the odd one");
    assert!(lines[1].starts_with(&format!("{}T", &day[..4])) || lines[1].contains('T'));
    assert!(
        lines[3].contains("\"'=evil,\"\"model\"\"\""),
        "{}",
        lines[3]
    );
    let columns = lines[1].split(',').count();
    assert_eq!(columns, CSV_COLUMNS.len());
}
