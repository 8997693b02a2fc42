//! Images asked for inside a chat: when an image model's answer ends, the
//! pictures it links to are fetched at once (the links expire) and kept
//! in the gallery with the question as their prompt. The answer's text is
//! left as the model wrote it; the chat shows the kept copy in place of
//! each link (see `Message::kept_images`).

use super::keep::fetch_and_keep;
use super::progress::images as image_links;
use crate::catalogue::{Catalogue, ModelKind};
use crate::client::{CometClient, ImageData};
use crate::error::AppResult;
use crate::media_files::MediaFiles;
use crate::store::{GalleryImage, GenerationStatus, Message, NewImage, Store};
use std::sync::Arc;

/// True for models that answer chat with pictures (gpt-4o-image and alike).
pub fn makes_images(catalogue: &Catalogue, model: &str) -> bool {
    catalogue.has_kind(model, ModelKind::Image)
}

/// Keeps every picture `answer` links to that is not kept yet; returns
/// the new gallery rows. A link that fails is logged and skipped: the
/// answer itself is already stored, and its text still holds the link.
pub async fn keep_answer_images(
    store: &Store,
    client: &CometClient,
    files: &Arc<MediaFiles>,
    answer: &Message,
) -> AppResult<Vec<GalleryImage>> {
    let already: Vec<String> = store
        .images_of_message(answer.id)?
        .into_iter()
        .filter_map(|i| i.source_url)
        .collect();
    let links: Vec<String> = image_links(&answer.content)
        .into_iter()
        .filter(|l| !already.contains(l))
        .collect();
    if links.is_empty() {
        return Ok(Vec::new());
    }
    let prompt = match answer.parent_id {
        Some(question) => store.message(question)?.content,
        None => String::new(),
    };
    let model = answer.model.clone().unwrap_or_default();
    let generation = store.start_chat_generation(&prompt, &model, links.len() as u32, answer)?;
    let each_cost = answer
        .usage
        .as_ref()
        .and_then(|u| u.cost_usd)
        .map(|c| c / links.len() as f64);
    let mut kept = Vec::new();
    let mut failure = None;
    for url in links {
        match fetch_and_keep(client, files, ImageData::Url(url.clone())).await {
            Ok((file, thumb)) => kept.push(store.add_image(&NewImage {
                generation_id: Some(generation),
                file: file.file,
                thumb,
                width: file.width,
                height: file.height,
                prompt: prompt.clone(),
                revised_prompt: None,
                model: model.clone(),
                size: None,
                cost_usd: each_cost,
                source: "chat".into(),
                parent_id: None,
                message_id: Some(answer.id),
                source_url: Some(url),
                ..NewImage::default()
            })?),
            Err(error) => {
                tracing::warn!(
                    code = error.code.as_str(),
                    "an image in a chat answer could not be kept"
                );
                failure.get_or_insert(error);
            }
        }
    }
    match (kept.is_empty(), failure) {
        (true, Some(error)) => {
            store.finish_generation(generation, GenerationStatus::Failed, Some(&error))?
        }
        _ => store.finish_generation(generation, GenerationStatus::Done, None)?,
    }
    Ok(kept)
}
