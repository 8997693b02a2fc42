//! Our cl100k_base counter against tiktoken-rs, the reference, on text of
//! every kind a chat holds and on 10,000 random mixtures of it: the counts must
//! be the same.

mod support;

use comet_core::chat::ChatEvent;
use comet_core::tokens::{length_rule, TokenCounter};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use support::*;

const SAMPLES: &[&str] = &[
    "",
    "Hello, world! Tokenizers split unbelievably long words.",
    "I'm sure they'll say it's what we'd've done. DON'T SHOUT, IT'S LOUD.",
    "The year 2024 had 366 days; π ≈ 3.14159265358979 and 1,000,000 > 999999.",
    "fn main() {\n    let x: Vec<u8> = vec![1, 2, 3];\n    println!(\"{x:?}\");\n}\n",
    "def f(a, b):\n\treturn a ** b  # power\n\n\n",
    "你好，世界！这是一个测试。日本語のテキストも。한국어 문장입니다.",
    "Emoji 🚀🔥 and flags 🇫🇷 with ZWJ 👩‍💻, accents: crème brûlée, naïve café.",
    "   leading spaces, trailing spaces   \n\n   \r\n\tmixed\t\twhitespace  \u{a0}nbsp",
    "<div class=\"a\">&amp; <b>bold</b></div> https://example.com/path?q=1&r=2#frag",
    "ſ's ʼs 'S 'LL 'Re — “quotes” ‘single’ «guillemets» 1st 2nd 3rd 12th",
    "Ελληνικά κείμενα, русский текст, עברית, العربية, हिन्दी।",
    "a\u{301}e\u{301} combining marks \u{200b}zero width\u{feff}bom",
];

const BITS: &[&str] = &[
    " ", "  ", "\n", "\r\n", "\t", "'s", "'LL", "word", "Word", "123", "4567", "!", "?!", "...",
    "你好", "，", "🚀", "é", "\u{301}", "<", "/>", "_", "-", "0x1F", "don't", "  x",
];

#[test]
fn counts_match_tiktoken_on_every_kind_of_text() {
    let reference = tiktoken_rs::cl100k_base().unwrap();
    let ours = TokenCounter::new();
    for sample in SAMPLES {
        let expected = reference.encode_ordinary(sample).len() as i64;
        assert_eq!(ours.count("gpt-4", sample), expected, "{sample:?}");
    }
    let mut rng = StdRng::seed_from_u64(5);
    for _ in 0..10_000 {
        let text: String = (0..rng.gen_range(0..30))
            .map(|_| BITS[rng.gen_range(0..BITS.len())])
            .collect();
        let expected = reference.encode_ordinary(&text).len() as i64;
        assert_eq!(ours.count("gpt-4o", &text), expected, "{text:?}");
    }
}

#[test]
fn a_long_answer_counts_the_same_too() {
    let reference = tiktoken_rs::cl100k_base().unwrap();
    let text = SAMPLES.concat().repeat(50);
    let expected = reference.encode_ordinary(&text).len() as i64;
    assert_eq!(TokenCounter::new().count("gpt-4o-mini", &text), expected);
}

#[tokio::test]
async fn an_answer_without_usage_is_counted_by_the_models_tokenizer_and_marked_estimated() {
    let h = harness().await;
    let reference = tiktoken_rs::cl100k_base().unwrap();
    let (_, events) = h.send("[[fault:nousage]] count me, please").await;
    let ChatEvent::Done { message } = last(&events) else {
        panic!("ends with done")
    };
    let usage = message.usage.clone().unwrap();
    assert!(usage.estimated);
    let expected = reference.encode_ordinary(&message.content).len() as i64;
    assert_eq!(usage.completion_tokens, Some(expected), "gpt-4o-mini: BPE");

    let (_, events) = h
        .send_to_model_new("[[fault:nousage]] count me, please", "claude-3-haiku")
        .await;
    let ChatEvent::Done { message } = last(&events) else {
        panic!("ends with done")
    };
    let usage = message.usage.clone().unwrap();
    assert!(usage.estimated);
    assert_eq!(
        usage.completion_tokens,
        Some(length_rule(&message.content)),
        "others: length rule"
    );
}
