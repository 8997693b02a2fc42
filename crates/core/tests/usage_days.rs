//! Days are the user's local days. A test binary of its own: it sets the
//! process's time zone before anything reads it.

use comet_core::store::{ApiCall, Store};

#[test]
fn a_call_at_half_past_eleven_at_night_lands_on_that_local_day() {
    // UTC+8 all year, as a POSIX rule: needs no tzdata on the machine.
    std::env::set_var("TZ", "CST-8");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let at = |utc_ms: i64, cost: f64| ApiCall {
        model: "m".into(),
        endpoint: "/v1/chat/completions".into(),
        cost_usd: Some(cost),
        created_at: Some(utc_ms),
        ..ApiCall::default()
    };
    // 2026-03-10 15:30 UTC is 23:30 at UTC+8; 16:30 UTC is 00:30 the next day.
    store.record_api_call(&at(1_773_156_600_000, 1.0)).unwrap();
    store.record_api_call(&at(1_773_160_200_000, 2.0)).unwrap();
    let report = store.usage_summary("2026-03-01", "2026-03-31").unwrap();
    let days: Vec<(&str, f64)> = report
        .by_day
        .iter()
        .map(|d| (d.day.as_str(), d.cost_usd))
        .collect();
    assert_eq!(days, [("2026-03-10", 1.0), ("2026-03-11", 2.0)]);
    // The CSV keeps UTC, the range picks local days.
    assert_eq!(
        store
            .calls_between("2026-03-11", "2026-03-11")
            .unwrap()
            .len(),
        1
    );
}
