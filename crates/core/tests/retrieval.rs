//! Passages of large documents found for a question (#17), against
//! fake-comet's `/v1/embeddings`: the right passage comes first, an
//! unchanged document is not embedded again, a busy gateway is waited out,
//! a refusal is a plain message without the key, and every call is in Usage.

mod support;

use comet_core::catalogue::Price;
use comet_core::client::{CometClient, SharedClient};
use comet_core::documents::{DocumentKind, Extracted};
use comet_core::retrieval::{Retriever, DEFAULT_EMBEDDING_MODEL};
use comet_core::secret::{normalize_key, ApiKey};
use comet_core::ErrorCode;
use std::sync::Arc;
use support::*;

/// A long report: many filler paragraphs, one about the lighthouse.
fn report(topic: &str) -> String {
    let mut text = String::new();
    for i in 0..60 {
        text.push_str(&format!("Paragraph {i} covers routine office matters, meetings and schedules in general terms.\n\n"));
        if i == 37 {
            text.push_str(&format!("{topic}\n\n"));
        }
    }
    text
}

fn keep(h: &Harness, name: &str, text: &str) -> i64 {
    let extracted = Extracted {
        kind: DocumentKind::Text,
        text: text.into(),
        parts: 0,
    };
    h.store
        .keep_document(
            &format!("hash-{name}-{}", text.len()),
            name,
            &extracted,
            1000,
        )
        .unwrap()
        .id
}

/// The client and key every retriever here uses.
fn session(h: &Harness) -> (Arc<CometClient>, ApiKey) {
    let client = SharedClient::new(fast_config(h.server.base_url()))
        .unwrap()
        .current();
    (client, normalize_key(KEY).unwrap())
}

fn retriever<'a>(
    h: &'a Harness,
    (client, key): &'a (Arc<CometClient>, ApiKey),
    model: &'a str,
    price: Option<Price>,
) -> Retriever<'a> {
    Retriever {
        store: &h.store,
        client,
        key,
        model,
        price,
        conversation_id: None,
    }
}

fn price() -> Option<Price> {
    Some(Price {
        input_per_m: Some(0.02),
        ..Price::default()
    })
}

#[tokio::test]
async fn the_passage_that_answers_comes_first_and_an_unchanged_file_costs_nothing_again() {
    let h = harness().await;
    let doc = keep(
        &h,
        "report.txt",
        &report("The old lighthouse keeper painted the tower red in 1921."),
    );
    let session = session(&h);
    let retriever = retriever(&h, &session, DEFAULT_EMBEDDING_MODEL, price());

    let mut seen = Vec::new();
    let indexed = retriever
        .index(&[doc], |done, total| seen.push((done, total)))
        .await
        .unwrap();
    assert!(indexed.embedded >= 3, "cut into passages: {indexed:?}");
    assert_eq!(
        seen.last(),
        Some(&(indexed.embedded, indexed.embedded)),
        "progress ends at the total"
    );
    let passages = retriever
        .search(
            &[doc],
            "What colour did the keeper paint the lighthouse tower?",
            2,
            |_, _| {},
        )
        .await
        .unwrap();
    assert!(
        passages[0].text.contains("lighthouse keeper painted"),
        "{:?}",
        passages[0]
    );
    assert_eq!(passages[0].document_name, "report.txt");
    assert!(passages[0].score > passages[1].score);

    // The same words in another file, and the same file again: nothing new to embed.
    let embedded_before = h.server.embedded().len();
    let copy = keep(
        &h,
        "copy.txt",
        &report("The old lighthouse keeper painted the tower red in 1921."),
    );
    let again = retriever.index(&[doc, copy], |_, _| {}).await.unwrap();
    assert_eq!(again.embedded, 0);
    assert_eq!(
        h.server.embedded().len(),
        embedded_before,
        "no call re-sent a passage"
    );

    // Usage has every call, its tokens and cost.
    let usage = h.store.usage_summary("2000-01-01", "2999-12-31").unwrap();
    let embedding = usage
        .by_kind
        .iter()
        .find(|k| k.name == "embedding")
        .expect("embedding calls in Usage");
    // The index's batches and the question; indexing again called nothing.
    assert_eq!(
        embedding.totals.calls as usize,
        seen.len() + 1,
        "{:?}",
        embedding.totals
    );
    assert!(embedding.totals.cost_usd > 0.0);
}

#[tokio::test]
async fn another_embedding_model_indexes_again_instead_of_mixing_vectors() {
    let h = harness().await;
    let doc = keep(
        &h,
        "report.txt",
        &report("Sheep graze on the northern hills."),
    );
    let session = session(&h);
    let small = retriever(&h, &session, "text-embedding-3-small", None);
    let large = retriever(&h, &session, "text-embedding-3-large", None);
    let first = small.index(&[doc], |_, _| {}).await.unwrap().embedded;
    assert_eq!(
        large.index(&[doc], |_, _| {}).await.unwrap().embedded,
        first
    );
    let found = large
        .search(&[doc], "Where do sheep graze?", 1, |_, _| {})
        .await
        .unwrap();
    assert!(found[0].text.contains("northern hills"));
    // The text-embedding-3 models are asked for short vectors (kept a
    // byte a component, searched in memory); ada-002 cannot shorten its own.
    let lengths = h.server.embedding_lengths();
    assert!(
        !lengths.is_empty() && lengths.iter().all(|d| *d == 512),
        "{lengths:?}"
    );
    let ada = Retriever {
        model: "text-embedding-ada-002",
        ..small
    };
    assert_eq!(ada.index(&[doc], |_, _| {}).await.unwrap().embedded, first);
    let found = ada
        .search(&[doc], "Where do sheep graze?", 1, |_, _| {})
        .await
        .unwrap();
    assert!(found[0].text.contains("northern hills"));
    assert_eq!(h.server.embedding_lengths().last(), Some(&1536));
}

#[tokio::test]
async fn a_busy_gateway_is_waited_out_and_a_refusal_is_plain_and_keyless() {
    let h = harness().await;
    let session = session(&h);
    let retriever = retriever(&h, &session, DEFAULT_EMBEDDING_MODEL, None);

    let busy = keep(&h, "busy.txt", "Twice refused, then read. [[fault:429:2]]");
    assert_eq!(
        retriever.index(&[busy], |_, _| {}).await.unwrap().embedded,
        1
    );

    let refused = keep(&h, "big.txt", "Refused by the gateway. [[fault:413]]");
    let error = retriever.index(&[refused], |_, _| {}).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::TooLarge);
    assert!(!error.message.contains(KEY.trim()), "{}", error.message);

    let always = keep(&h, "always.txt", "Always busy. [[fault:429]]");
    let error = retriever.index(&[always], |_, _| {}).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    // Nothing half-kept: trying again later embeds the passage then.
    assert_eq!(
        h.store
            .unembedded_chunks(&[always], DEFAULT_EMBEDDING_MODEL)
            .unwrap()
            .len(),
        1
    );
}
