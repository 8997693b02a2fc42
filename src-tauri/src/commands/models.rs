//! The model catalogue for the pickers: kinds, prices, favourites, recents.

use comet_core::catalogue::{Catalogue, ModelCatalogue};
use comet_core::AppError;
use tauri::State;

/// The cached catalogue, refreshed first when a day old or when asked.
#[tauri::command]
#[specta::specta]
pub async fn model_catalogue(
    catalogue: State<'_, std::sync::Arc<Catalogue>>,
    refresh: bool,
) -> Result<ModelCatalogue, AppError> {
    catalogue.list(refresh).await
}

#[tauri::command]
#[specta::specta]
pub fn set_favourite_model(
    catalogue: State<'_, std::sync::Arc<Catalogue>>,
    model: String,
    favourite: bool,
) -> Result<(), AppError> {
    catalogue.set_favourite(&model, favourite)
}
