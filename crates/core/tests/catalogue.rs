//! The model catalogue against fake-comet: the key's list joined with the
//! public catalogue, kept for offline use; costs of answers from its prices.

mod support;

use comet_core::catalogue::{Catalogue, ModelKind};
use comet_core::chat::ChatEvent;
use comet_core::client::SharedClient;
use comet_core::secret::{normalize_key, FixedKey};
use std::sync::Arc;
use support::*;

/// A second catalogue on the same database whose server is unreachable.
fn offline_catalogue(h: &Harness) -> Catalogue {
    let dead = SharedClient::new(fast_config("http://127.0.0.1:9".into())).unwrap();
    let key = FixedKey(normalize_key(KEY).unwrap());
    Catalogue::new(h.store.clone(), Arc::new(dead), Arc::new(key))
}

#[tokio::test]
async fn models_get_kinds_and_prices_and_survive_going_offline() {
    let h = harness().await;
    let listed = h.catalogue.list(false).await.unwrap();
    assert!(listed.refresh_error.is_none());
    let get = |id: &str| listed.models.iter().find(|m| m.id == id).unwrap().clone();

    let mini = get("gpt-4o-mini");
    assert_eq!(mini.provider.as_deref(), Some("OpenAI"));
    assert_eq!(mini.kinds, [ModelKind::Chat, ModelKind::Vision]);
    let price = mini.price.unwrap();
    assert_eq!(
        (price.input_per_m, price.output_per_m),
        (Some(0.12), Some(0.48))
    );
    // Prices sent as strings are read too.
    assert_eq!(
        get("claude-sonnet-4-5").price.unwrap().output_per_m,
        Some(12.0)
    );
    assert_eq!(get("dall-e-3").kinds, [ModelKind::Image]);
    assert_eq!(
        get("gpt-4o-image").kinds,
        [ModelKind::Chat, ModelKind::Image]
    );
    assert_eq!(get("text-embedding-3-small").kinds, [ModelKind::Embedding]);
    // Not in the public catalogue: the id tells, no price.
    let unknown = get("o4-pro-preview");
    assert_eq!(unknown.kinds, [ModelKind::Chat, ModelKind::Reasoning]);
    assert!(unknown.price.is_none());
    // Listed by the public catalogue but not for this key: not offered.
    assert!(listed.models.iter().all(|m| m.id != "suno-v4"));

    // Offline: the cached list still answers, with the reason.
    let fetched = listed.fetched_at;
    let offline = offline_catalogue(&h).list(true).await.unwrap();
    assert_eq!(offline.models.len(), listed.models.len());
    assert_eq!(offline.fetched_at, fetched);
    assert_eq!(
        offline.refresh_error.unwrap().code,
        comet_core::ErrorCode::Network
    );
}

#[tokio::test]
async fn the_cache_is_used_across_restarts_without_asking_again() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let again = offline_catalogue(&h);
    // Fresh (under a day old): served from SQLite, the dead URL is never tried.
    let listed = again.list(false).await.unwrap();
    assert!(listed.refresh_error.is_none());
    assert!(listed.models.iter().any(|m| m.id == "gpt-4o"));
}

#[tokio::test]
async fn favourites_and_recent_models_are_remembered() {
    let h = harness().await;
    h.catalogue.set_favourite("gpt-4o", true).unwrap();
    let (c, _) = h.send("hi").await;
    h.send_to_model(c, "again", "deepseek-chat").await;
    let listed = h.catalogue.list(false).await.unwrap();
    assert_eq!(listed.recent, ["deepseek-chat", "gpt-4o-mini"]);
    let favourites: Vec<&str> = listed
        .models
        .iter()
        .filter(|m| m.favourite)
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(favourites, ["gpt-4o"]);
    h.catalogue.set_favourite("gpt-4o", false).unwrap();
    let listed = h.catalogue.list(false).await.unwrap();
    assert!(listed.models.iter().all(|m| !m.favourite));
}

#[tokio::test]
async fn answers_carry_tokens_and_cost_and_say_when_they_are_estimated() {
    let h = harness().await;
    h.catalogue.list(false).await.unwrap();
    let (_, events) = h.send("price this please").await;
    let usage = events
        .iter()
        .find_map(|e| match e {
            ChatEvent::Usage { usage } => Some(usage.clone()),
            _ => None,
        })
        .unwrap();
    assert!(!usage.estimated);
    let expected = usage.prompt_tokens.unwrap() as f64 * 0.12 / 1e6
        + usage.completion_tokens.unwrap() as f64 * 0.48 / 1e6;
    assert!((usage.cost_usd.unwrap() - expected).abs() < 1e-12);
    let ChatEvent::Done { message } = last(&events) else {
        panic!("ends with done")
    };
    let stored = message.usage.clone().unwrap();
    assert_eq!(stored.cost_usd, usage.cost_usd);
    assert!(!stored.estimated);
    // The price used is kept with the call.
    let call = &h.store.api_calls_for_message(message.id).unwrap()[0];
    assert_eq!(call.price.as_ref().unwrap().input_per_m, Some(0.12));

    let (_, events) = h.send("[[fault:nousage]] no usage here").await;
    let ChatEvent::Done { message } = last(&events) else {
        panic!("ends with done")
    };
    let estimated = message.usage.clone().unwrap();
    assert!(estimated.estimated);
    assert!(estimated.completion_tokens.unwrap() > 0);
    assert!(estimated.cost_usd.unwrap() > 0.0);
}

#[tokio::test]
async fn an_answer_that_failed_before_any_text_costs_nothing() {
    let h = harness().await;
    let (_, events) = h.send("[[fault:401]]").await;
    let ChatEvent::Error { message, .. } = last(&events) else {
        panic!("ends with an error")
    };
    let usage = message.usage.clone().unwrap();
    assert_eq!(usage.cost_usd, None);
    assert_eq!(usage.completion_tokens, None);
}
