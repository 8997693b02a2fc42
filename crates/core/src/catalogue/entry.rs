//! One model as the picker and the cost estimate see it, and how CometAPI's
//! public catalogue (`GET /api/models`) is read into it. The catalogue is
//! relayed from many upstreams: every field is optional, and prices may be
//! numbers or strings.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Chat,
    Vision,
    Reasoning,
    Image,
    Audio,
    Video,
    Embedding,
}

/// USD. Token prices are per million tokens.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Price {
    pub input_per_m: Option<f64>,
    pub output_per_m: Option<f64>,
    pub per_request: Option<f64>,
    /// Video models priced by the second of clip.
    #[serde(default)]
    pub per_second: Option<f64>,
}

impl Price {
    /// The estimated cost of a call with these token counts.
    pub fn cost(&self, prompt_tokens: i64, completion_tokens: i64) -> Option<f64> {
        if self.input_per_m.is_none() && self.output_per_m.is_none() && self.per_request.is_none() {
            return None;
        }
        let per_token =
            |price: Option<f64>, tokens: i64| price.unwrap_or(0.0) * tokens as f64 / 1e6;
        Some(
            per_token(self.input_per_m, prompt_tokens)
                + per_token(self.output_per_m, completion_tokens)
                + self.per_request.unwrap_or(0.0),
        )
    }

    /// The cost when some of the prompt tokens were read from or written
    /// to the provider's prompt cache (both within `prompt_tokens`). The
    /// catalogue lists no cache prices: Anthropic's rates apply, a write
    /// at 1.25 times the input price and a read at 0.1 times.
    pub fn cost_with_cache(
        &self,
        prompt_tokens: i64,
        completion_tokens: i64,
        cache_read: i64,
        cache_write: i64,
    ) -> Option<f64> {
        let base = self.cost(prompt_tokens, completion_tokens)?;
        let input = self.input_per_m.unwrap_or(0.0) / 1e6;
        Some(base + input * (0.25 * cache_write as f64 - 0.9 * cache_read as f64))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ModelInfo {
    pub id: String,
    pub provider: Option<String>,
    pub kinds: Vec<ModelKind>,
    pub price: Option<Price>,
    /// Listed by `/v1/models` for this key.
    pub available: bool,
    pub favourite: bool,
}

#[derive(Deserialize)]
pub(crate) struct RawEntry {
    pub id: String,
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    pub model_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub features: Vec<String>,
    #[serde(default)]
    pub pricing: Option<RawPricing>,
}

#[derive(Deserialize)]
pub(crate) struct RawPricing {
    #[serde(default, deserialize_with = "lenient_number")]
    input: Option<f64>,
    #[serde(default, deserialize_with = "lenient_number")]
    output: Option<f64>,
    #[serde(default, deserialize_with = "lenient_number")]
    per_request: Option<f64>,
    #[serde(default, deserialize_with = "lenient_number")]
    per_second: Option<f64>,
}

impl RawPricing {
    /// A zero per-request price means "priced by tokens", not "free".
    pub fn price(&self) -> Price {
        Price {
            input_per_m: self.input,
            output_per_m: self.output,
            per_request: self.per_request.filter(|p| *p > 0.0),
            per_second: self.per_second.filter(|p| *p > 0.0),
        }
    }
}

/// The entries of a catalogue answer; entries that cannot be read are skipped.
pub(crate) fn parse_catalogue(body: &str) -> Option<Vec<RawEntry>> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let data = value.get("data")?.as_array()?;
    let entries = data
        .iter()
        .filter_map(|v| serde_json::from_value::<RawEntry>(v.clone()).ok())
        .collect();
    Some(entries)
}

fn lenient_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite() && *n >= 0.0))
}

fn lenient_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_lowercase))
            .collect(),
        serde_json::Value::String(s) => s.split(',').map(|p| p.trim().to_lowercase()).collect(),
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_prompt_tokens_cost_a_tenth_to_read_and_a_quarter_more_to_write() {
        let price = Price {
            input_per_m: Some(3.0),
            output_per_m: Some(15.0),
            per_request: None,
            per_second: None,
        };
        let plain = price.cost(1_000_000, 0).unwrap();
        assert!((plain - 3.0).abs() < 1e-9);
        // 1M prompt tokens: 800k read (0.24), 100k written (0.375), 100k plain (0.3).
        let cached = price
            .cost_with_cache(1_000_000, 0, 800_000, 100_000)
            .unwrap();
        assert!((cached - 0.915).abs() < 1e-9, "{cached}");
    }
}
