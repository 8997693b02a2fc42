//! What the user can change in Settings, with the defaults a new user gets.

use crate::catalogue::Price;
use crate::error::{AppError, AppResult};
use crate::store::ConversationSettings;
use serde::{Deserialize, Serialize};
use url::Url;

pub const DEFAULT_BASE_URL: &str = "https://api.cometapi.com";
pub const DEFAULT_BALANCE_URL: &str = "https://query.cometapi.com";
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProxySetting {
    /// Whatever the system's proxy variables say.
    System,
    /// Connect directly, ignoring system proxies.
    None,
    /// An explicit http(s):// or socks5:// proxy.
    Custom { url: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub enum Language {
    #[serde(rename = "en")]
    English,
    #[serde(rename = "zh-CN")]
    SimplifiedChinese,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Settings {
    pub base_url: String,
    /// Where the balance is asked (`/user/quota`); CometAPI uses another host.
    #[serde(default = "default_balance_url")]
    pub balance_url: String,
    pub proxy: ProxySetting,
    pub theme: Theme,
    pub language: Language,
    pub default_model: String,
    /// Look for a new version at start (the user is asked before installing).
    #[serde(default = "enabled")]
    pub check_updates: bool,
    /// What a chat sends when it has no setting of its own.
    #[serde(default)]
    pub chat_defaults: ConversationSettings,
    /// The cheap model that names a chat after its first answer; empty
    /// turns it off (the first words of the question are the title then).
    #[serde(default = "default_title_model")]
    pub title_model: String,
    /// A warning shows at 80% and 100% of it (USD, this calendar month).
    #[serde(default)]
    pub monthly_budget_usd: Option<f64>,
    /// A warning shows when the balance falls under it (USD).
    #[serde(default)]
    pub low_balance_usd: Option<f64>,
    /// The user's own prices, over the catalogue's.
    #[serde(default)]
    pub price_overrides: Vec<PriceOverride>,
    /// Where Save puts gallery images; empty means the OS's Pictures
    /// folder, in a `Comet Desk` folder of its own.
    #[serde(default)]
    pub image_folder: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct PriceOverride {
    pub model: String,
    pub price: Price,
}

pub const DEFAULT_TITLE_MODEL: &str = "gpt-4o-mini";

fn default_title_model() -> String {
    DEFAULT_TITLE_MODEL.to_owned()
}

fn default_balance_url() -> String {
    DEFAULT_BALANCE_URL.to_owned()
}

fn enabled() -> bool {
    true
}

impl Settings {
    /// Defaults for a new user; `base_url` comes from the caller so that a
    /// demo or test run can point a fresh profile at fake-comet.
    pub fn defaults(base_url: &str, balance_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            balance_url: balance_url.to_owned(),
            proxy: ProxySetting::System,
            theme: Theme::System,
            language: Language::English,
            default_model: DEFAULT_MODEL.to_owned(),
            check_updates: true,
            chat_defaults: ConversationSettings::default(),
            title_model: default_title_model(),
            monthly_budget_usd: None,
            low_balance_usd: None,
            price_overrides: Vec::new(),
            image_folder: String::new(),
        }
    }

    /// Checks and tidies what the user typed, so that a bad value is refused
    /// with a clear message instead of breaking every later request.
    pub fn validated(mut self) -> AppResult<Self> {
        self.base_url = normalize_base_url(&self.base_url)?;
        self.balance_url = normalize_base_url(&self.balance_url)?;
        self.image_folder = self.image_folder.trim().to_owned();
        if !self.image_folder.is_empty() && !std::path::Path::new(&self.image_folder).is_absolute()
        {
            return Err(AppError::invalid_input(
                "The images folder must be a full path, such as /home/you/Pictures.",
            ));
        }
        if let ProxySetting::Custom { url } = &self.proxy {
            let parsed = Url::parse(url.trim()).map_err(|_| {
                AppError::invalid_input("The proxy must be a URL such as http://127.0.0.1:8080.")
            })?;
            if !matches!(parsed.scheme(), "http" | "https" | "socks5" | "socks5h") {
                return Err(AppError::invalid_input(
                    "The proxy must start with http://, https://, socks5:// or socks5h://.",
                ));
            }
            self.proxy = ProxySetting::Custom {
                url: url.trim().to_owned(),
            };
        }
        self.chat_defaults = self.chat_defaults.validated()?;
        self.title_model = self.title_model.trim().to_owned();
        let money_ok = |v: Option<f64>| v.is_none_or(|v| v.is_finite() && v >= 0.0);
        if !money_ok(self.monthly_budget_usd) || !money_ok(self.low_balance_usd) {
            return Err(AppError::invalid_input("Amounts must be zero or more."));
        }
        self.price_overrides.retain(|o| !o.model.trim().is_empty());
        for o in &mut self.price_overrides {
            o.model = o.model.trim().to_owned();
            let p = &o.price;
            if ![p.input_per_m, p.output_per_m, p.per_request]
                .into_iter()
                .all(money_ok)
            {
                return Err(AppError::invalid_input("Prices must be zero or more."));
            }
        }
        self.default_model = self.default_model.trim().to_owned();
        if self.default_model.is_empty() {
            self.default_model = DEFAULT_MODEL.to_owned();
        }
        Ok(self)
    }
}

/// Accepts `https://host`, `https://host/` and `https://host/v1`: the client
/// adds `/v1` itself, and a doubled `/v1/v1` is a classic 404.
pub fn normalize_base_url(input: &str) -> AppResult<String> {
    let invalid =
        || AppError::invalid_input("The base URL must look like https://api.cometapi.com.");
    let parsed = Url::parse(input.trim()).map_err(|_| invalid())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(invalid());
    }
    let mut text = parsed.as_str().trim_end_matches('/').to_owned();
    if let Some(stripped) = text.strip_suffix("/v1") {
        text = stripped.to_owned();
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_tidied() {
        assert_eq!(
            normalize_base_url(" https://api.cometapi.com/v1/ ").unwrap(),
            "https://api.cometapi.com"
        );
        assert_eq!(
            normalize_base_url("http://127.0.0.1:9/").unwrap(),
            "http://127.0.0.1:9"
        );
        assert!(normalize_base_url("api.cometapi.com").is_err());
        assert!(normalize_base_url("ftp://x").is_err());
    }

    #[test]
    fn proxy_scheme_is_checked() {
        let mut s = Settings::defaults(DEFAULT_BASE_URL, DEFAULT_BALANCE_URL);
        s.proxy = ProxySetting::Custom {
            url: "socks5://127.0.0.1:1080".into(),
        };
        assert!(s.clone().validated().is_ok());
        s.proxy = ProxySetting::Custom {
            url: "gopher://x".into(),
        };
        assert!(s.validated().is_err());
    }
}
