//! What a call cost: the server's token counts, or ours when it sent none
//! (a length rule, labelled estimated wherever it shows: English runs about
//! four characters a token; Chinese, Japanese and Korean about one), at the
//! catalogue's price of the day, which is kept with the call.

use super::events::UsageReport;
use super::lane::Received;
use super::ChatService;
use crate::client::{ChatRequest, WireMessage};
use crate::store::ApiCall;

impl ChatService {
    /// Fills in the call's tokens (the server's, or ours when it sent none
    /// and text came) and its cost at today's price.
    pub(super) fn account_usage(
        &self,
        call: &mut ApiCall,
        request: &ChatRequest,
        received: &Received,
    ) -> Option<UsageReport> {
        match &received.usage {
            Some(usage) => {
                call.prompt_tokens = usage.prompt_tokens;
                call.completion_tokens = usage.completion_tokens;
                call.total_tokens = usage.total_tokens;
            }
            None if !received.text.is_empty() => {
                let prompt = prompt_tokens(&request.messages);
                let completion = tokens(&received.text);
                call.prompt_tokens = Some(prompt);
                call.completion_tokens = Some(completion);
                call.total_tokens = Some(prompt + completion);
                call.estimated = true;
            }
            None => return None,
        }
        call.price = self.catalogue.price_of(&call.model);
        call.cost_usd = call.price.as_ref().and_then(|p| {
            p.cost(
                call.prompt_tokens.unwrap_or(0),
                call.completion_tokens.unwrap_or(0),
            )
        });
        Some(UsageReport {
            prompt_tokens: call.prompt_tokens,
            completion_tokens: call.completion_tokens,
            total_tokens: call.total_tokens,
            cost_usd: call.cost_usd,
            estimated: call.estimated,
        })
    }
}

pub(super) fn tokens(text: &str) -> i64 {
    let (wide, narrow) = text.chars().fold((0i64, 0i64), |(w, n), c| {
        if is_wide(c) {
            (w + 1, n)
        } else {
            (w, n + 1)
        }
    });
    wide + (narrow + 3) / 4
}

/// Each message carries a few tokens of framing besides its text.
pub(super) fn prompt_tokens(messages: &[WireMessage]) -> i64 {
    messages.iter().map(|m| tokens(&m.content.text()) + 4).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_text_is_about_four_characters_a_token_and_cjk_one() {
        assert_eq!(tokens(""), 0);
        assert_eq!(tokens("abcdefgh"), 2);
        assert_eq!(tokens("你好世界"), 4);
        assert_eq!(tokens("hi 你好"), 3);
    }
}
