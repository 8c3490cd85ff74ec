//! The НОК operator's checklist in numbers: which requirements are the information items of
//! 344н indicator 1.1 and which are the remote channels of 1.2, a site's 1/0 per item, and the
//! two indicators by the 344н formulas. `nok_xlsx` writes them; this file only computes.
//!
//! Приказ Минтруда № 344н:
//! - 1.1 Пинф = (Истенд / Инорм стенд + Исайт / Инорм сайт) × 0,5 × 100. The stand part
//!   (information stands in the institution's rooms) is not visible on a site, so only the site
//!   part Исайт / Инорм сайт is computed; Пинф needs the operator's stand figures.
//! - 1.2 Пдист = Тдист × Сдист: 30 points per working remote channel, 100 with four or more.

use crate::model::{Severity, Status};
use crate::sweep::{RequirementInfo, SweepSite};

/// Mandatory requirements that are not information items of 1.1: the survey link is a 1.2
/// channel and the version for the visually impaired is accessibility (3.2).
const NOT_INFORMATION: [&str; 2] = ["survey", "vision-impaired"];

/// The 1.2 channels as 344н names them, by requirement id; the same ids the report's
/// «Взаимодействие» score counts (`check::FEEDBACK_CHANNELS`).
pub(super) const CHANNELS: [(&str, &str); 6] = [
    ("phone", "абонентский номер телефона"),
    ("email", "адрес электронной почты"),
    (
        "feedback-form",
        "электронные сервисы (форма для подачи электронного обращения, жалобы, предложения)",
    ),
    ("faq", "раздел «Часто задаваемые вопросы»"),
    (
        "survey",
        "техническая возможность выразить мнение о качестве условий оказания услуг (анкета или гиперссылка на неё)",
    ),
    (
        "official-social-page",
        "иной дистанционный способ взаимодействия (официальная страница в социальной сети)",
    ),
];

/// Points per channel (Тдист) and the cap.
pub(super) const POINTS_PER_CHANNEL: u32 = 30;
/// Пдист never exceeds this.
pub(super) const CHANNEL_CAP: u32 = 100;

/// Which requirement (by index in the sweep's rule order) goes in which column group.
#[derive(Debug, Clone)]
pub(super) struct NokLayout {
    /// The information items of 1.1 (Инорм сайт = their number), in rule order.
    pub info: Vec<usize>,
    /// The channels of 1.2 present in the rule set, in [`CHANNELS`] order, with their 344н name.
    pub channels: Vec<(usize, &'static str)>,
}

impl NokLayout {
    /// The layout for a rule set: 1.1 items are its mandatory requirements except
    /// [`NOT_INFORMATION`]; channels are the [`CHANNELS`] it has.
    pub(super) fn new(reqs: &[RequirementInfo]) -> Self {
        let info = reqs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.severity == Severity::Mandatory)
            .filter(|(_, r)| !NOT_INFORMATION.contains(&r.id.0.as_str()))
            .map(|(i, _)| i)
            .collect();
        let channels = CHANNELS
            .iter()
            .filter_map(|(id, name)| {
                let index = reqs.iter().position(|r| r.id.0 == *id)?;
                Some((index, *name))
            })
            .collect();
        NokLayout { info, channels }
    }
}

/// One site's row of figures; `None` means «could not be determined» and stays an empty cell.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct NokValues {
    /// 1/0 per 1.1 item (layout order).
    pub info: Vec<Option<u8>>,
    /// 1/0 per channel (layout order).
    pub channels: Vec<Option<u8>>,
    /// Исайт: items present; only when every item was decided.
    pub info_present: Option<usize>,
    /// Исайт / Инорм сайт × 100.
    pub site_percent: Option<f64>,
    /// Channels found working (Сдист as far as the check saw).
    pub channels_present: usize,
    /// Пдист: known when every channel was decided, or when four or more were found anyway.
    pub channel_points: Option<u32>,
    /// Items that could not be decided (the remark column says so).
    pub undecided: usize,
}

/// 1 when the item is there and works, 0 when it is missing or broken (a dead link or an empty
/// page is not information a citizen can read), nothing when it could not be checked.
fn item_value(site: &SweepSite, index: usize) -> Option<u8> {
    if !site.reachable {
        return None;
    }
    match site.statuses.get(index)? {
        Status::Pass => Some(1),
        Status::Partial | Status::Fail => Some(0),
        Status::Unknown => None,
    }
}

/// Whole figures when none is missing.
fn sum_known(values: &[Option<u8>]) -> Option<usize> {
    values
        .iter()
        .map(|v| v.map(usize::from))
        .sum::<Option<usize>>()
}

impl NokValues {
    /// The figures of `site`.
    pub(super) fn new(layout: &NokLayout, site: &SweepSite) -> Self {
        let info: Vec<Option<u8>> = layout.info.iter().map(|&i| item_value(site, i)).collect();
        let channels: Vec<Option<u8>> = layout
            .channels
            .iter()
            .map(|&(i, _)| item_value(site, i))
            .collect();
        let info_present = sum_known(&info);
        let norm = layout.info.len();
        let site_percent = info_present
            .filter(|_| norm > 0)
            .map(|present| present as f64 / norm as f64 * 100.0);
        let channels_present = channels
            .iter()
            .flatten()
            .map(|&v| v as usize)
            .sum::<usize>();
        let points = channels_present as u32 * POINTS_PER_CHANNEL;
        let channel_points = if points >= CHANNEL_CAP {
            Some(CHANNEL_CAP)
        } else {
            sum_known(&channels).map(|_| points)
        };
        // Phone and e-mail are both 1.1 items and 1.2 channels: count each requirement once.
        let mut undecided: Vec<usize> = layout
            .info
            .iter()
            .chain(layout.channels.iter().map(|(i, _)| i))
            .copied()
            .filter(|&i| item_value(site, i).is_none())
            .collect();
        undecided.sort_unstable();
        undecided.dedup();
        let undecided = undecided.len();
        NokValues {
            info,
            channels,
            info_present,
            site_percent,
            channels_present,
            channel_points,
            undecided,
        }
    }
}
