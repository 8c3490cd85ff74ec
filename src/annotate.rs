//! What the auditor's records add to a fresh report before it is written: since when each failing
//! item fails (from the run history) and which items are accepted (`accepted.toml`).

use crate::accepted::AcceptedList;
use crate::history::History;
use crate::report::SiteReport;
use std::sync::Arc;

/// The records a run annotates its reports with; either may be absent.
#[derive(Clone, Default)]
pub struct Annotator {
    /// Accepted items.
    pub accepted: Option<AcceptedList>,
    /// The run history, for «не выполнено с …».
    pub history: Option<Arc<History>>,
}

impl Annotator {
    /// True when there is nothing to add.
    pub fn is_empty(&self) -> bool {
        self.accepted.is_none() && self.history.is_none()
    }

    /// Dates the failures of `report` and marks its accepted items (recounting its summary).
    pub fn annotate(&self, report: &mut SiteReport) {
        let today = crate::audit::today();
        if let Some(history) = &self.history {
            if let Err(e) = history.date_failures(report, &today.to_string()) {
                // Without the history the report is still right, only undated.
                tracing::warn!(error = %e, "dating failures from the history failed");
            }
        }
        if let Some(accepted) = &self.accepted {
            accepted.apply(report, today);
        }
    }
}
