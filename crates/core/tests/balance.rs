//! The balance query against fake-comet: amounts, unlimited, and failures
//! that never show the key (it travels in the URL).

mod support;

use comet_core::client::{CometClient, SharedClient};
use comet_core::secret::normalize_key;
use comet_core::ErrorCode;
use support::*;

async fn client() -> (fake_comet::RunningServer, std::sync::Arc<CometClient>) {
    let server = server().await;
    let shared = SharedClient::new(fast_config(server.base_url())).unwrap();
    (server, shared.current())
}

#[tokio::test]
async fn balance_spend_and_keys_are_read() {
    let (_server, client) = client().await;
    let balance = client.balance(&normalize_key(KEY).unwrap()).await.unwrap();
    assert_eq!(balance.remaining_usd, Some(12.5));
    assert_eq!((balance.used_usd, balance.request_count), (3.25, 42));
    assert_eq!(balance.keys[0].name, "desktop");
}

#[tokio::test]
async fn negative_quota_means_unlimited_not_debt() {
    let (_server, client) = client().await;
    let balance = client
        .balance(&normalize_key("sk-unlimited-1").unwrap())
        .await
        .unwrap();
    assert_eq!(balance.remaining_usd, None);
    assert_eq!(balance.keys[0].remaining_usd, None);
}

#[tokio::test]
async fn failures_are_clear_and_never_quote_the_key() {
    let (_server, client) = client().await;
    let refused = client
        .balance(&normalize_key("sk-bad-secret-77").unwrap())
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidKey);
    assert!(!refused.message.contains("sk-bad-secret-77"));

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let shared = SharedClient::new(fast_config(format!("http://{closed}"))).unwrap();
    let unreachable = shared
        .current()
        .balance(&normalize_key(KEY).unwrap())
        .await
        .unwrap_err();
    assert_eq!(unreachable.code, ErrorCode::Network);
    assert!(
        !unreachable.message.contains(KEY) && !unreachable.message.contains("quota"),
        "{}",
        unreachable.message
    );
}

#[tokio::test]
async fn cometapis_daily_record_is_summed_per_day_and_failures_hide_the_key() {
    let (_server, client) = client().await;
    let days = client
        .daily_spend(&normalize_key(KEY).unwrap(), "2026-11-01", "2026-11-10")
        .await
        .unwrap();
    let seen: Vec<(&str, f64, i64)> = days
        .iter()
        .map(|d| (d.day.as_str(), d.spent_usd, d.requests))
        .collect();
    assert_eq!(
        seen,
        [
            ("2026-11-03", 0.05, 2),
            ("2026-11-06", 0.05, 2),
            ("2026-11-09", 0.05, 2)
        ]
    );
    let bad = "sk-bad-LEAKCANARY-22";
    let err = client
        .daily_spend(&normalize_key(bad).unwrap(), "2026-11-01", "2026-11-10")
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidKey);
    assert!(!err.message.contains("LEAKCANARY"), "{}", err.message);
}
