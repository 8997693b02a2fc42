//! The image studio: a prompt to one or more images, saved at once (links
//! expire) into the gallery with everything needed to find and redo them.
//! Chat image models (gpt-4o-image) answer through a chat stream whose
//! progress lines become a progress bar; the others answer through
//! `/v1/images/generations`.

mod from_chat;
mod keep;
mod progress;
mod studio;

pub use from_chat::{keep_answer_images, makes_images};
pub(crate) use keep::fetch_and_keep;
pub use progress::{images as image_links, progress, Progress, Stage};
pub use studio::{GenerateRequest, ImageEvent, Studio};
