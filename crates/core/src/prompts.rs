//! The prompt library as the app uses it: list, save, delete, and files in
//! and out (our JSON, or a plain list of `{name|title|act, body|prompt|content}`
//! as prompt collections share them).

use crate::error::{AppError, AppResult};
use crate::files::{read_import, write_atomically};
use crate::store::{Prompt, PromptDraft, PromptKind, Store};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

pub struct PromptLibrary {
    store: Arc<Store>,
}

#[derive(Serialize, Deserialize)]
struct PromptFile {
    app: String,
    kind: String,
    version: u32,
    prompts: Vec<FilePrompt>,
}

#[derive(Serialize, Deserialize)]
struct FilePrompt {
    name: String,
    body: String,
    kind: PromptKind,
}

const FILE_KIND: &str = "comet-desk-prompts";
/// A prompt collection is text; this much is not one.
const IMPORT_LIMIT: u64 = 32 * 1024 * 1024;

fn text_field<'a>(item: &'a Value, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| item.get(*n)?.as_str())
}

/// Our file, or a plain list from elsewhere (all message prompts).
pub fn parse_prompt_file(text: &str) -> AppResult<Vec<PromptDraft>> {
    let bad = || AppError::invalid_input("This file is not a list of prompts.");
    let value: Value = serde_json::from_str(text).map_err(|_| bad())?;
    if value.get("kind").and_then(Value::as_str) == Some(FILE_KIND) {
        let file: PromptFile = serde_json::from_value(value).map_err(|_| bad())?;
        return Ok(file
            .prompts
            .into_iter()
            .map(|p| PromptDraft {
                id: None,
                name: p.name,
                body: p.body,
                kind: p.kind,
            })
            .collect());
    }
    let list = value.as_array().ok_or_else(bad)?;
    list.iter()
        .map(|item| {
            let name = text_field(item, &["name", "title", "act"]).ok_or_else(bad)?;
            let body = text_field(item, &["body", "prompt", "content"]).ok_or_else(bad)?;
            Ok(PromptDraft {
                id: None,
                name: name.to_owned(),
                body: body.to_owned(),
                kind: PromptKind::Message,
            })
        })
        .collect()
}

impl PromptLibrary {
    pub fn new(store: Arc<Store>) -> Self {
        Self { store }
    }

    pub fn list(&self) -> AppResult<Vec<Prompt>> {
        self.store.prompts()
    }

    pub fn save(&self, draft: PromptDraft) -> AppResult<Prompt> {
        self.store.save_prompt(draft)
    }

    pub fn delete(&self, id: i64) -> AppResult<()> {
        self.store.delete_prompt(id)
    }

    pub fn export_text(&self) -> AppResult<String> {
        let file = PromptFile {
            app: "Comet Desk".into(),
            kind: FILE_KIND.into(),
            version: 1,
            prompts: self
                .list()?
                .into_iter()
                .map(|p| FilePrompt {
                    name: p.name,
                    body: p.body,
                    kind: p.kind,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&file).map_err(AppError::storage)
    }

    pub fn export_to(&self, path: &Path) -> AppResult<()> {
        write_atomically(path, self.export_text()?.as_bytes())
    }

    /// Adds the file's prompts beside the ones there (nothing replaced);
    /// returns how many came.
    pub fn import_from(&self, path: &Path) -> AppResult<u32> {
        let text = read_import(
            path,
            IMPORT_LIMIT,
            "This file is too large to be a list of prompts.",
        )?;
        self.store.add_prompts(parse_prompt_file(&text)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_list_comes_in_as_message_prompts() {
        let text = r#"[{"act": "Linux Terminal", "prompt": "Act as a terminal."}, {"title": "Poem", "content": "Write a poem about {{topic}}."}]"#;
        let drafts = parse_prompt_file(text).unwrap();
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[1].name, "Poem");
        assert!(drafts.iter().all(|d| d.kind == PromptKind::Message));
    }

    #[test]
    fn files_that_are_not_prompts_are_refused() {
        for text in [
            "",
            "{}",
            "[1, 2]",
            r#"[{"name": "no body"}]"#,
            r#"{"kind": "comet-desk-prompts"}"#,
        ] {
            assert!(parse_prompt_file(text).is_err(), "{text}");
        }
    }

    #[test]
    fn our_file_goes_out_and_back_with_its_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(&dir.path().join("db.sqlite3")).unwrap());
        let library = PromptLibrary::new(store);
        library
            .save(PromptDraft {
                id: None,
                name: "Shorten".into(),
                body: "Shorten {{text}}".into(),
                kind: PromptKind::Message,
            })
            .unwrap();
        let path = dir.path().join("prompts.json");
        library.export_to(&path).unwrap();
        let before = library.list().unwrap().len();
        assert_eq!(library.import_from(&path).unwrap() as usize, before);
        let kinds: Vec<PromptKind> = library.list().unwrap().iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == PromptKind::Message).count(),
            2
        );
        assert_eq!(kinds.len(), before * 2);
    }
}
