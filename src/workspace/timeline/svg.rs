//! Line charts of the share of mandatory items met, drawn on the server as inline SVG: axes with
//! 0–100 % and the runs' dates, a line and a point per run, `<title>`/`<desc>` for screen
//! readers. No script and no `style=` attribute (the pages' CSP allows neither): colours are
//! presentation attributes, the rest are classes of `workspace.css`. Every text a site or a
//! list controls (names, regions) is escaped here, since the result goes into the page as is.

use crate::report::templating::escape_html;

/// Width of the drawing in SVG units.
const WIDTH: f64 = 640.0;
/// Height of the drawing.
const HEIGHT: f64 = 260.0;
/// Room for the percent labels on the left.
const LEFT: f64 = 48.0;
/// Room on the right.
const RIGHT: f64 = 16.0;
/// Room above the plot.
const TOP: f64 = 16.0;
/// Room for the date labels below.
const BOTTOM: f64 = 40.0;
/// Most date labels drawn on the x axis (the others are left out, the points keep their titles).
const MAX_X_LABELS: usize = 8;

/// Line colours, one per series in turn (the legend says which is which).
const COLOURS: [&str; 6] = [
    "#1f5fa8", "#b00020", "#1b6e20", "#8a5a00", "#6a1b9a", "#00838f",
];

/// One line: a name (for the legend) and a value per run, in percent; `None` where the run has
/// no value (the line breaks there).
#[derive(Debug, Clone)]
pub struct Series {
    /// What the line is (a region), shown in the legend and the points' titles.
    pub name: String,
    /// Percent per x position.
    pub values: Vec<Option<f64>>,
}

/// A chart: what it shows, the x positions' labels (dates) and the lines.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Unique id prefix within the page (for `aria-labelledby`).
    pub id: String,
    /// Short title (the SVG `<title>`).
    pub title: String,
    /// Longer description (the SVG `<desc>`), e.g. the values in words.
    pub desc: String,
    /// Label of each x position (a run's date).
    pub x_labels: Vec<String>,
    /// The lines.
    pub series: Vec<Series>,
}

fn x_of(i: usize, count: usize) -> f64 {
    let plot = WIDTH - LEFT - RIGHT;
    if count <= 1 {
        LEFT + plot / 2.0
    } else {
        LEFT + plot * i as f64 / (count - 1) as f64
    }
}

fn y_of(percent: f64) -> f64 {
    let plot = HEIGHT - TOP - BOTTOM;
    TOP + plot * (1.0 - percent.clamp(0.0, 100.0) / 100.0)
}

/// «67 %» — the one way percentages are written on the charts and in the tables.
pub fn percent_text(percent: f64) -> String {
    format!("{} %", percent.round() as i64)
}

/// The chart as an `<svg>` element.
pub fn render(chart: &Chart) -> String {
    let id = escape_html(&chart.id);
    let legend_rows = if chart.series.len() > 1 {
        chart.series.len()
    } else {
        0
    };
    let height = HEIGHT + 18.0 * legend_rows as f64;
    let mut out = format!(
        "<svg class=\"ws-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} \
         {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n\
         <desc id=\"{id}-desc\">{}</desc>\n",
        escape_html(&chart.title),
        escape_html(&chart.desc)
    );
    axes(&mut out, &chart.x_labels);
    for (n, series) in chart.series.iter().enumerate() {
        lines(
            &mut out,
            series,
            &chart.x_labels,
            COLOURS[n % COLOURS.len()],
        );
    }
    if legend_rows > 0 {
        legend(&mut out, &chart.series);
    }
    out.push_str("</svg>");
    out
}

fn axes(out: &mut String, x_labels: &[String]) {
    out.push_str("<g class=\"ws-chart-axes\" stroke=\"#888\" stroke-width=\"1\">\n");
    for step in 0..=4 {
        let percent = f64::from(step) * 25.0;
        let y = y_of(percent);
        let (x1, x2) = (LEFT, WIDTH - RIGHT);
        let class = if step == 0 {
            "ws-chart-base"
        } else {
            "ws-chart-grid"
        };
        let dash = if step == 0 {
            ""
        } else {
            " stroke-dasharray=\"2 4\""
        };
        out.push_str(&format!(
            "<line class=\"{class}\" x1=\"{x1}\" y1=\"{y:.1}\" x2=\"{x2}\" y2=\"{y:.1}\"{dash}/>\n"
        ));
        out.push_str(&format!(
            "<text class=\"ws-chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" \
             stroke=\"none\" fill=\"#333\" font-size=\"12\">{}</text>\n",
            LEFT - 6.0,
            y + 4.0,
            percent_text(percent)
        ));
    }
    out.push_str(&format!(
        "<line class=\"ws-chart-base\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{:.1}\"/>\n",
        y_of(0.0)
    ));
    let count = x_labels.len();
    let every = count.div_ceil(MAX_X_LABELS).max(1);
    for (i, label) in x_labels.iter().enumerate() {
        if i % every != 0 && i + 1 != count {
            continue;
        }
        // The outermost labels lean inwards so that they are not cut at the edges.
        let anchor = match (i, count) {
            (_, 1) => "middle",
            (0, _) => "start",
            (i, n) if i + 1 == n => "end",
            _ => "middle",
        };
        out.push_str(&format!(
            "<text class=\"ws-chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" \
             stroke=\"none\" fill=\"#333\" font-size=\"12\">{}</text>\n",
            x_of(i, count),
            y_of(0.0) + 18.0,
            escape_html(label)
        ));
    }
    out.push_str("</g>\n");
}

fn lines(out: &mut String, series: &Series, x_labels: &[String], colour: &str) {
    let count = series.values.len();
    // A run without a value breaks the line rather than joining its neighbours across it.
    let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, value) in series.values.iter().enumerate() {
        match value {
            Some(v) => segments
                .last_mut()
                .expect("starts with one segment")
                .push((x_of(i, count), y_of(*v))),
            None => segments.push(Vec::new()),
        }
    }
    for segment in segments.iter().filter(|s| s.len() > 1) {
        let points: Vec<String> = segment
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        out.push_str(&format!(
            "<polyline class=\"ws-chart-line\" fill=\"none\" stroke=\"{colour}\" \
             stroke-width=\"2\" points=\"{}\"/>\n",
            points.join(" ")
        ));
    }
    for (i, value) in series.values.iter().enumerate() {
        let Some(v) = value else { continue };
        let label = x_labels.get(i).map(String::as_str).unwrap_or_default();
        let title = if series.name.is_empty() {
            format!("{label}: {}", percent_text(*v))
        } else {
            format!("{}, {label}: {}", series.name, percent_text(*v))
        };
        out.push_str(&format!(
            "<circle class=\"ws-chart-point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\" \
             data-percent=\"{v:.1}\"><title>{}</title></circle>\n",
            x_of(i, count),
            y_of(*v),
            escape_html(&title),
        ));
    }
}

fn legend(out: &mut String, series: &[Series]) {
    out.push_str("<g class=\"ws-chart-legend\">\n");
    for (n, s) in series.iter().enumerate() {
        let y = HEIGHT + 18.0 * n as f64;
        out.push_str(&format!(
            "<rect x=\"{LEFT}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#333\" font-size=\"12\">{}</text>\n",
            y - 10.0,
            COLOURS[n % COLOURS.len()],
            LEFT + 18.0,
            y,
            escape_html(&s.name)
        ));
    }
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(series: Vec<Series>, labels: &[&str]) -> Chart {
        Chart {
            id: "c1".into(),
            title: "Доля".into(),
            desc: "описание".into(),
            x_labels: labels.iter().map(|s| s.to_string()).collect(),
            series,
        }
    }

    #[test]
    fn points_sit_on_the_percent_scale_and_titles_say_the_value() {
        let svg = render(&chart(
            vec![Series {
                name: String::new(),
                values: vec![Some(100.0), Some(50.0)],
            }],
            &["01.11.2026", "20.11.2026"],
        ));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains(&format!("cy=\"{:.1}\"", y_of(100.0))), "{svg}");
        assert!(svg.contains(&format!("cy=\"{:.1}\"", y_of(50.0))), "{svg}");
        assert!(svg.contains("<title>01.11.2026: 100 %</title>"), "{svg}");
        assert!(svg.contains("<title>20.11.2026: 50 %</title>"), "{svg}");
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(!svg.contains("style=") && !svg.contains("<script"));
    }

    #[test]
    fn a_missing_value_breaks_the_line_and_names_are_escaped() {
        let svg = render(&chart(
            vec![
                Series {
                    name: "<script>alert(1)</script>".into(),
                    values: vec![Some(10.0), None, Some(30.0), Some(40.0)],
                },
                Series {
                    name: "Самарская & Co".into(),
                    values: vec![None, Some(20.0), None, None],
                },
            ],
            &["a", "b", "c", "<d>"],
        ));
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(
            svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{svg}"
        );
        assert!(svg.contains("Самарская &amp; Co"), "{svg}");
        assert!(svg.contains("&lt;d&gt;"), "{svg}");
        assert_eq!(svg.matches("<polyline").count(), 1, "only c–d is joined");
        assert_eq!(svg.matches("<circle").count(), 4);
        assert_eq!(svg.matches("<rect").count(), 2, "a legend entry per line");
    }
}
