//! Every family's status words and progress forms, read one way: words in
//! any case, progress as "NN%", a number, or nothing.

use super::record::TaskStatus;
use serde_json::Value;

/// The unified status of a raw status word (see the reference's table).
pub fn normalize(raw: &str) -> TaskStatus {
    let word = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    match word.as_str() {
        "not_start" | "submitted" | "queued" | "pending" | "starting" | "preparing"
        | "queueing" | "waiting" => TaskStatus::Queued,
        "in_progress" | "processing" | "running" | "dreaming" | "streaming" | "generating" => {
            TaskStatus::Running
        }
        "modal" => TaskStatus::NeedsInput,
        "success" | "completed" | "succeed" | "succeeded" | "ready" | "complete" | "finished" => {
            TaskStatus::Succeeded
        }
        "failure" | "failed" | "fail" | "error" | "canceled" | "cancelled" | "cancel"
        | "task_not_found" => TaskStatus::Failed,
        _ => TaskStatus::Unknown,
    }
}

/// "45%", "45", 45, 0.45 (a share) or nothing.
pub fn progress(value: &Value) -> Option<u8> {
    let number = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse::<f64>().ok()?,
        _ => return None,
    };
    let percent = if number > 0.0 && number < 1.0 && !matches!(value, Value::String(_)) {
        number * 100.0
    } else {
        number
    };
    Some(percent.clamp(0.0, 100.0).round() as u8)
}

/// An id as a string, whether it came as one or as a number.
pub fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A text field that may be missing, null, or not a string.
pub fn text(value: &Value) -> Option<String> {
    value
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn status_words_in_any_case_map_to_one_vocabulary() {
        for (raw, want) in [
            ("SUBMITTED", TaskStatus::Queued),
            ("NOT_START", TaskStatus::Queued),
            ("starting", TaskStatus::Queued),
            ("Pending", TaskStatus::Queued),
            ("IN_PROGRESS", TaskStatus::Running),
            ("processing", TaskStatus::Running),
            ("MODAL", TaskStatus::NeedsInput),
            ("SUCCESS", TaskStatus::Succeeded),
            ("succeeded", TaskStatus::Succeeded),
            ("Ready", TaskStatus::Succeeded),
            ("FAILURE", TaskStatus::Failed),
            ("canceled", TaskStatus::Failed),
            ("Task not found", TaskStatus::Failed),
            ("SOMETHING_NEW", TaskStatus::Unknown),
        ] {
            assert_eq!(normalize(raw), want, "{raw}");
        }
    }

    #[test]
    fn progress_comes_in_several_forms() {
        assert_eq!(progress(&json!("45%")), Some(45));
        assert_eq!(progress(&json!(" 7 %")), Some(7));
        assert_eq!(progress(&json!(80)), Some(80));
        assert_eq!(progress(&json!(0.5)), Some(50));
        assert_eq!(progress(&json!(140)), Some(100));
        assert_eq!(progress(&json!(null)), None);
        assert_eq!(progress(&json!("soon")), None);
    }

    #[test]
    fn ids_are_strings_or_numbers() {
        assert_eq!(id_text(&json!("1773")), Some("1773".into()));
        assert_eq!(id_text(&json!(1773)), Some("1773".into()));
        assert_eq!(id_text(&json!("")), None);
        assert_eq!(id_text(&json!(null)), None);
    }
}
