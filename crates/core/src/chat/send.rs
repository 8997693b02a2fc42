//! Asking: store the question, create one answer row per model, stream the
//! answers (side by side when comparing), then name a new chat.

use super::events::ChatEvent;
use super::history::{to_wire, Asked, Sources};
use super::lane::LaneOutcome;
use super::turn::{plan, Turn};
use super::ChatService;
use crate::client::ChatRequest;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Source;
use std::sync::Mutex;

/// Compare shows at most this many answers side by side.
pub const MAX_COMPARE: usize = 4;

/// Lets the chat go the moment its last answer ends, before the UI hears
/// that end, so whatever the user does next is never refused as busy.
struct LastOut<G> {
    state: Mutex<(Option<G>, usize)>,
}

impl<G> LastOut<G> {
    fn new(guard: G, lanes: usize) -> Self {
        Self {
            state: Mutex::new((Some(guard), lanes)),
        }
    }

    fn lane_ended(&self) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.1 -= 1;
        if state.1 == 0 {
            state.0 = None;
        }
    }
}

impl ChatService {
    /// Asks `content` after the last message shown.
    pub async fn send(
        &self,
        conversation_id: i64,
        content: &str,
        model: &str,
        emit: &mut (dyn FnMut(ChatEvent) + Send),
    ) -> AppResult<()> {
        let turn = Turn::Ask {
            content: content.to_owned(),
            attachments: Vec::new(),
            documents: Vec::new(),
        };
        self.answer(conversation_id, &turn, model, emit).await
    }

    /// Stores the question (if any) and an answer row, then streams the
    /// answer into `emit`. An `Err` means nothing was stored (the composer
    /// keeps the text); once `Started` is emitted, every outcome arrives as
    /// an event.
    pub async fn answer(
        &self,
        conversation_id: i64,
        turn: &Turn,
        model: &str,
        emit: &mut (dyn FnMut(ChatEvent) + Send),
    ) -> AppResult<()> {
        let models = [model.to_owned()];
        self.answer_many(conversation_id, turn, &models, &mut |_, event| emit(event))
            .await
    }

    /// One question, answered by each of `models` at once; events carry
    /// their lane (the model's index). The first model's answer is shown;
    /// the others are its siblings, one ◀ ▶ away.
    pub async fn answer_many(
        &self,
        conversation_id: i64,
        turn: &Turn,
        models: &[String],
        emit: &mut (dyn FnMut(u32, ChatEvent) + Send),
    ) -> AppResult<()> {
        let models: Vec<&str> = models.iter().map(|m| m.trim()).collect();
        if models.is_empty() || models.iter().any(|m| m.is_empty()) {
            return Err(AppError::invalid_input("Pick a model first."));
        }
        if models.len() > MAX_COMPARE {
            return Err(AppError::invalid_input(
                "Compare up to four models at a time.",
            ));
        }
        let key = self.keys.read()?.ok_or_else(|| {
            AppError::new(ErrorCode::NoKey, "Add your CometAPI key in Settings first.")
        })?;
        let conversation = self.store.conversation(conversation_id)?;
        let guard = self.active.begin(conversation_id)?;
        let cancel = guard.token.clone();
        let planned = plan(&self.store, conversation_id, turn)?;
        // The first question of a chat gets its title from a model.
        let names_chat = planned
            .question
            .as_ref()
            .is_some_and(|q| q.parent.is_none());
        let passages = self
            .passages_for(&key, conversation_id, &planned, &models, &cancel, emit)
            .await?;
        let settings = self.effective_settings(&conversation.settings);
        let messages = to_wire(
            settings.system_prompt.as_deref(),
            &planned.history,
            planned.question.as_ref().map(|q| Asked {
                text: &q.content,
                images: &q.attachments,
                documents: &q.documents,
            }),
            &Sources {
                data_url: &|file| self.attachments.data_url(file),
                document_text: &|id| self.store.document_text(id),
                passages: passages.as_ref().map(|f| f.passages.as_slice()),
                documents_whole: passages.as_ref().is_none_or(|f| f.documents_whole),
            },
        )?;

        let user_message = match &planned.question {
            Some(q) => Some(self.store.add_question(
                conversation_id,
                q.parent,
                &q.content,
                &q.attachments,
                &q.documents.iter().map(|d| d.id).collect::<Vec<_>>(),
            )?),
            None => None,
        };
        if let Some(q) = &user_message {
            // Only a chat still called "New chat" takes it.
            self.store
                .title_from_first_message(conversation_id, &q.content)?;
        }
        self.store
            .set_conversation_model(conversation_id, models[0])?;
        let question_id = user_message
            .as_ref()
            .map(|m| m.id)
            .or(planned.answering)
            .ok_or_else(|| AppError::invalid_input("There is no question to answer."))?;
        let mut lanes = Vec::new();
        for model in &models {
            if let Err(err) = self.catalogue.note_used(model) {
                tracing::warn!(%err, "could not update the recent models");
            }
            let mut request = ChatRequest::streaming(*model, messages.clone());
            request.temperature = settings.temperature;
            request.max_tokens = settings.max_tokens;
            request.reasoning_effort = settings.reasoning_effort;
            request.thinking_budget = settings.thinking_budget;
            let answer = self
                .store
                .start_answer(conversation_id, question_id, model)?;
            if let Some(found) = &passages {
                let sources: Vec<Source> = found.passages.iter().map(Source::from).collect();
                self.store.set_sources(answer.id, &sources)?;
            }
            lanes.push((request, answer));
        }
        if lanes.len() > 1 {
            self.store.select_branch(conversation_id, lanes[0].1.id)?;
        }
        for (lane, (_, answer)) in lanes.iter().enumerate() {
            // Read the row again: its sibling list now holds every lane.
            let answer = self
                .store
                .message(answer.id)
                .unwrap_or_else(|_| answer.clone());
            emit(
                lane as u32,
                ChatEvent::Started {
                    user_message: user_message.clone(),
                    answer,
                },
            );
        }

        let emit = Mutex::new(emit);
        let last_out = LastOut::new(guard, lanes.len());
        let runs = lanes.iter().enumerate().map(|(lane, (request, answer))| {
            let emit = &emit;
            let last_out = &last_out;
            let key = &key;
            let cancel = &cancel;
            async move {
                let mut forward = |event: ChatEvent| {
                    let mut emit = emit.lock().unwrap_or_else(|p| p.into_inner());
                    (*emit)(lane as u32, event)
                };
                let mut outcome = self
                    .stream_lane(key, conversation_id, answer, request, cancel, &mut forward)
                    .await;
                if let Ok(lane) = &mut outcome {
                    if lane.error.is_none() {
                        lane.message = self.keep_images(lane.message.clone()).await;
                    }
                }
                last_out.lane_ended();
                if let Ok(LaneOutcome { message, error, .. }) = &outcome {
                    forward(match error {
                        Some(error) => ChatEvent::Error {
                            error: error.clone(),
                            message: message.clone(),
                        },
                        None => ChatEvent::Done {
                            message: message.clone(),
                        },
                    });
                }
                outcome
            }
        });
        let outcomes = futures_util::future::join_all(runs).await;
        let emit = emit.into_inner().unwrap_or_else(|p| p.into_inner());
        let first = match outcomes.into_iter().next() {
            Some(outcome) => outcome?,
            None => return Ok(()),
        };
        if names_chat && first.error.is_none() && !first.text.is_empty() {
            let question = planned.question.as_ref().map_or("", |q| q.content.as_str());
            if let Some(conversation) = self
                .name_conversation(&key, conversation_id, question, &first.text)
                .await
            {
                emit(0, ChatEvent::Titled { conversation });
            }
        }
        Ok(())
    }
}
