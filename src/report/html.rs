//! `report.html`: a self-contained Russian report for a non-technical director (tera).

use super::{ReportError, SiteReport};

/// Renders the HTML report.
pub fn render(report: &SiteReport) -> Result<String, ReportError> {
    let _ = report;
    todo!("html")
}
