//! What a call cost: the server's token counts, or ours when it sent none
//! (`tokens.rs`: OpenAI's BPE for OpenAI-family models, a length rule for
//! the others; labelled estimated wherever it shows), at the catalogue's
//! price of the day, which is kept with the call.

use super::events::UsageReport;
use super::received::Received;
use super::ChatService;
use crate::client::ChatRequest;
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
                // Anthropic sends no total: it is the sum.
                call.total_tokens = usage
                    .total_tokens
                    .or_else(|| Some(usage.prompt_tokens? + usage.completion_tokens.unwrap_or(0)));
                call.reasoning_tokens = usage.reasoning_tokens();
                call.cache_read_tokens = usage.cache_read_tokens.filter(|n| *n > 0);
                call.cache_write_tokens = usage.cache_write_tokens.filter(|n| *n > 0);
            }
            None if !received.text.is_empty() || !received.thinking.is_empty() => {
                let count = |text: &str| self.tokens.count(&request.model, text);
                // Each message carries a few tokens of framing besides its text.
                let prompt = request
                    .messages
                    .iter()
                    .map(|m| count(&m.content.text()) + 4)
                    .sum();
                // Thinking is paid for as output, as the answer is.
                let completion = count(&received.text) + count(&received.thinking);
                call.prompt_tokens = Some(prompt);
                call.completion_tokens = Some(completion);
                call.total_tokens = Some(prompt + completion);
                call.estimated = true;
            }
            None => return None,
        }
        call.price = self.catalogue.price_of(&call.model);
        call.cost_usd = call.price.as_ref().and_then(|p| {
            p.cost_with_cache(
                call.prompt_tokens.unwrap_or(0),
                call.completion_tokens.unwrap_or(0),
                call.cache_read_tokens.unwrap_or(0),
                call.cache_write_tokens.unwrap_or(0),
            )
        });
        Some(UsageReport {
            prompt_tokens: call.prompt_tokens,
            completion_tokens: call.completion_tokens,
            total_tokens: call.total_tokens,
            cost_usd: call.cost_usd,
            estimated: call.estimated,
            reasoning_tokens: call.reasoning_tokens,
            cache_read_tokens: call.cache_read_tokens,
        })
    }
}
