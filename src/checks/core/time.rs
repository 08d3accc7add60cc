//! The clocks: `core.time.window` (is the reference time inside every validity window
//! the assertion states, SAML Core §2.5.1.2, §2.4.1.2, §2.7.2) and `core.time.skew`
//! (how far the IdP's IssueInstant is from the HAR capture time and the SP's HTTP `Date`).

use super::{Notes, time_problem};
use crate::checks::context::{Context, TimeSource};
use crate::checks::{Finding, RuleId, Severity};
use crate::input::Binding;
use crate::saml::{Assertion, SubjectConfirmation, TimeValue};
use crate::timestamp::{Timestamp, describe_duration};

/// The clock difference SPs commonly tolerate when evaluating time conditions (five
/// minutes, the default of most SAML libraries): past it a window failure is certain,
/// within it it depends on the SP.
pub const TOLERANCE_MILLIS: i64 = 5 * 60 * 1000;
/// Below this, a difference between IssueInstant and the capture time is network delay
/// and the one-second resolution of HTTP `Date`, not a clock problem.
pub const NOTICEABLE_SKEW_MILLIS: i64 = 10 * 1000;

pub(super) fn run(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(assertion) = context.message.evaluated_assertion() else {
        return;
    };
    findings.push(window(context, assertion));
    if let Some(finding) = skew(context, assertion) {
        findings.push(finding);
    }
}

/// Where the reference time came from, for people.
fn source_text(source: TimeSource) -> &'static str {
    match source {
        TimeSource::Har => "the HAR capture time of the message",
        TimeSource::User => "the time you chose",
        TimeSource::Clock => "this computer's clock at analysis time",
        TimeSource::IssueInstant => "the message's IssueInstant",
    }
}

/// One bound of a validity window.
struct Bound<'a> {
    /// E.g. "Conditions NotBefore" (several joined when they state the same time).
    label: String,
    value: &'a TimeValue,
    /// Whether the bound starts the window (NotBefore) or ends it.
    start: bool,
}

/// Adds a bound, joining it with an earlier one of the same kind that states the same
/// time (Conditions and SubjectConfirmationData often share their NotOnOrAfter).
fn push_bound<'a>(bounds: &mut Vec<Bound<'a>>, label: &str, value: &'a TimeValue, start: bool) {
    // Only the bounds of the same element group are candidates (a hostile assertion can
    // hold very many AuthnStatements): look back at most a few.
    if let Some(same) = bounds
        .iter_mut()
        .rev()
        .take(4)
        .find(|bound| bound.start == start && bound.value.text == value.text)
    {
        if !same.label.contains(label) {
            same.label = format!("{} and {label}", same.label);
        }
        return;
    }
    bounds.push(Bound {
        label: label.to_owned(),
        value,
        start,
    });
}

/// `core.time.window`: the reference time against Conditions NotBefore/NotOnOrAfter, the
/// bearer SubjectConfirmationData NotBefore/NotOnOrAfter and SessionNotOnOrAfter.
fn window(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let mut notes = Notes::new(RuleId::CoreTimeWindow);
    let now = context.now();
    let source = context.reference_time.source;
    let mut bounds: Vec<Bound<'_>> = Vec::new();
    if let Some(conditions) = &assertion.conditions {
        if let Some(value) = &conditions.not_before {
            push_bound(&mut bounds, "Conditions NotBefore", value, true);
        }
        if let Some(value) = &conditions.not_on_or_after {
            push_bound(&mut bounds, "Conditions NotOnOrAfter", value, false);
        }
    }
    let bearer = assertion.subject.as_ref().and_then(|subject| {
        subject
            .confirmations
            .iter()
            .find(|confirmation| {
                confirmation.method.as_deref() == Some(SubjectConfirmation::BEARER)
            })
            .and_then(|confirmation| confirmation.data.as_ref())
    });
    if let Some(data) = bearer {
        if let Some(value) = &data.not_before {
            push_bound(
                &mut bounds,
                "SubjectConfirmationData NotBefore",
                value,
                true,
            );
        }
        if let Some(value) = &data.not_on_or_after {
            push_bound(
                &mut bounds,
                "SubjectConfirmationData NotOnOrAfter",
                value,
                false,
            );
        }
    }
    for statement in &assertion.authn_statements {
        if let Some(value) = &statement.session_not_on_or_after {
            push_bound(
                &mut bounds,
                "AuthnStatement SessionNotOnOrAfter",
                value,
                false,
            );
        }
    }

    let clock_note = if source == TimeSource::Clock {
        "The reference time is this computer's clock: a message captured earlier is naturally expired now; give a HAR (its capture time) or choose the time to judge at, to check it as it was."
    } else {
        ""
    };
    let fix_expired = "The assertion's lifetime had passed when the SP received it: check the IdP server's clock (NTP), that the browser posted the Response right away (not replayed from history or a saved capture), and, if the IdP allows, a longer assertion lifetime.";
    let fix_early = "The assertion is not valid yet at the SP's time: the IdP's clock runs ahead. Synchronise the IdP server's clock (NTP); some IdPs also let you backdate NotBefore by a minute or two.";
    // Against the computer's clock, a failure says nothing about the sign-in itself.
    let failing = |severity: Severity| {
        if source == TimeSource::Clock && severity == Severity::Error {
            Severity::Warning
        } else {
            severity
        }
    };

    for bound in &bounds {
        let Some(at) = bound.value.parsed else {
            notes.add(
                Severity::Error,
                format!("{} is not a valid time", bound.label),
                format!(
                    "{} {}; the SP cannot evaluate it.",
                    bound.label,
                    time_problem(bound.value)
                ),
                "The IdP produced a malformed time: check its version and report it to its vendor.",
            );
            continue;
        };
        if bound.start && now < at {
            let early = at.millis_since(now);
            let severity = failing(if early > TOLERANCE_MILLIS {
                Severity::Error
            } else {
                Severity::Warning
            });
            notes.add(
                severity,
                "The assertion is not valid yet",
                format!(
                    "{}: {}, {} after the reference time {now} ({}){}.",
                    bound.label,
                    bound.value.text.trim(),
                    describe_duration(early),
                    source_text(source),
                    if severity == Severity::Warning && source != TimeSource::Clock {
                        ", within the 5-minute tolerance most SPs allow"
                    } else {
                        ""
                    },
                ),
                fix_early,
            );
        } else if !bound.start && now >= at {
            let late = now.millis_since(at);
            let severity = failing(if late > TOLERANCE_MILLIS {
                Severity::Error
            } else {
                Severity::Warning
            });
            let title = if bound.label.starts_with("AuthnStatement") {
                "The session the assertion grants has already ended"
            } else {
                "The assertion has expired"
            };
            notes.add(
                severity,
                title,
                format!(
                    "{}: {}, {} before the reference time {now} ({}){}.",
                    bound.label,
                    bound.value.text.trim(),
                    describe_duration(late),
                    source_text(source),
                    if severity == Severity::Warning && source != TimeSource::Clock {
                        ", within the 5-minute tolerance most SPs allow"
                    } else {
                        ""
                    },
                ),
                fix_expired,
            );
        }
    }

    // An empty window: the latest start at or after the earliest end.
    let latest_start = bounds
        .iter()
        .filter(|bound| bound.start)
        .filter_map(|bound| Some((bound.value.parsed?, bound)))
        .max_by_key(|(at, _)| *at);
    let earliest_end = bounds
        .iter()
        .filter(|bound| !bound.start)
        .filter_map(|bound| Some((bound.value.parsed?, bound)))
        .min_by_key(|(at, _)| *at);
    if let (Some((from, start)), Some((until, end))) = (latest_start, earliest_end)
        && from >= until
    {
        notes.add(
            Severity::Error,
            "The validity window is empty",
            format!(
                "{} {} is not before {} {}: no moment satisfies both.",
                start.label,
                start.value.text.trim(),
                end.label,
                end.value.text.trim()
            ),
            "The IdP computes its validity times wrongly: check the assertion lifetime setting (it must be positive).",
        );
    }

    if !clock_note.is_empty() && notes.worst() <= Severity::Warning {
        notes.fact(Severity::Pass, clock_note);
    }
    if bounds.is_empty() {
        notes.fact(
            Severity::Info,
            "The assertion states no validity window (no NotBefore, NotOnOrAfter or SessionNotOnOrAfter).",
        );
        return notes.finish("The assertion states no validity window");
    }
    notes.fact(Severity::Pass, timeline(&bounds, now, source));
    notes.finish("The reference time is inside every validity window")
}

/// The window drawn in words: the latest start, the reference time, the earliest end.
fn timeline(bounds: &[Bound<'_>], now: Timestamp, source: TimeSource) -> String {
    let latest_start = bounds
        .iter()
        .filter(|bound| bound.start)
        .filter_map(|bound| Some((bound.value.parsed?, bound)))
        .max_by_key(|(at, _)| *at);
    let earliest_end = bounds
        .iter()
        .filter(|bound| !bound.start)
        .filter_map(|bound| Some((bound.value.parsed?, bound)))
        .min_by_key(|(at, _)| *at);
    // Each bound as the message writes it.
    let shown = |bound: &Bound<'_>| format!("{} ({})", bound.value.text.trim(), bound.label);
    let start = latest_start.map_or_else(|| "(open)".to_owned(), |(_, bound)| shown(bound));
    let end = earliest_end.map_or_else(|| "(open)".to_owned(), |(_, bound)| shown(bound));
    let mut position = Vec::new();
    if let Some((at, _)) = latest_start {
        let after = now.millis_since(at);
        position.push(if after >= 0 {
            format!("{} after the start", describe_duration(after))
        } else {
            format!("{} before the start", describe_duration(-after))
        });
    }
    if let Some((at, _)) = earliest_end {
        let before = at.millis_since(now);
        position.push(if before > 0 {
            format!("{} before the end", describe_duration(before))
        } else {
            format!("{} after the end", describe_duration(-before))
        });
    }
    format!(
        "Window {start} … {end}; reference time {now} ({}) is {}.",
        source_text(source),
        position.join(" and ")
    )
}

/// `core.time.skew`: IssueInstant against the HAR capture time of the message and the
/// SP's HTTP `Date`. Only when the message came from a HAR (otherwise there is no second
/// clock to compare with).
fn skew(context: &Context<'_>, assertion: &Assertion) -> Option<Finding> {
    let origin = context.origin;
    let (label, issued, written) = match context
        .message
        .header()
        .and_then(|header| header.issue_instant.as_ref())
        .and_then(|time| Some((time.parsed?, time.text.trim())))
    {
        Some((at, text)) => ("Response IssueInstant", at, text),
        None => {
            let time = assertion.issue_instant.as_ref()?;
            ("Assertion IssueInstant", time.parsed?, time.text.trim())
        }
    };
    let mut notes = Notes::new(RuleId::CoreTimeSkew);
    let fix = "Synchronise the IdP server's clock with NTP (and check the time zone handling: IssueInstant must be UTC). If the browser machine's clock is the one off, the HAR capture times are wrong instead.";
    let mut compare = |clock: &str, at: Timestamp| {
        // Positive: the IdP's time is ahead of the other clock.
        let ahead = issued.millis_since(at);
        let amount = describe_duration(ahead.abs());
        let direction = if ahead >= 0 { "ahead of" } else { "behind" };
        let text = format!("{label} {written} is {amount} {direction} {clock} {at}.");
        if ahead.abs() > TOLERANCE_MILLIS {
            notes.add(
                Severity::Warning,
                "The IdP's clock appears off by more than 5 minutes",
                format!("{text} Most SPs tolerate at most 5 minutes of clock difference."),
                fix,
            );
        } else if ahead.abs() > NOTICEABLE_SKEW_MILLIS {
            notes.add(
                Severity::Info,
                "The IdP's clock differs by a few seconds or more",
                format!("{text} That is within the usual 5-minute tolerance."),
                "",
            );
        } else {
            notes.fact(Severity::Pass, text);
        }
    };
    // The server's `Date` is the clock that judges (the SP's for a posted Response, the
    // IdP's own for its auto-post page); the capture time is the browser's clock, used
    // when the HAR has no Date.
    let server = origin.server_date.map(|at| {
        let label = if origin.binding == Binding::HtmlForm {
            "the IdP server's HTTP Date"
        } else {
            "the SP's HTTP Date"
        };
        (label, at)
    });
    let captured = origin.captured_at.map(|at| ("the HAR capture time", at));
    let (clock, at) = server.or(captured)?;
    compare(clock, at);
    if let (Some((server_label, server_at)), Some((_, captured_at))) = (server, captured) {
        let browser = captured_at.millis_since(server_at);
        let ahead = issued.millis_since(captured_at);
        notes.fact(
            Severity::Pass,
            format!(
                "Against the HAR capture time {captured_at}, the IssueInstant is {} {}.",
                describe_duration(ahead.abs()),
                if ahead >= 0 { "ahead" } else { "behind" }
            ),
        );
        if browser.abs() > TOLERANCE_MILLIS {
            notes.add(
                Severity::Info,
                "The recording browser's clock is off",
                format!(
                    "The HAR capture time {captured_at} is {} {} {server_label} {server_at}: the machine that recorded the HAR has a wrong clock, so the reference time taken from it is off by as much.",
                    describe_duration(browser.abs()),
                    if browser >= 0 { "ahead of" } else { "behind" }
                ),
                "Judge the message at the server's time instead (choose the time to judge at), and fix the recording machine's clock.",
            );
        }
    }
    Some(notes.finish("The IdP's clock agrees with the capture"))
}
