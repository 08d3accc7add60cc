//! One message's detail as the page shows it: the verdict's headline, the cards, the
//! attribute and role tables (a page at a time), each value with its [`Mark`].

use super::shared::{
    FindingView, Mark, ROWS_PER_PAGE, RowsPage, Shown, VALUES_PER_ROW, findings_in_order, plural,
};
use super::signatures::{SignaturesView, signatures_of, signatures_view};
use crate::analysis::{Analysis, MessageAnalysis};
use crate::aws::{self, attributes as aws_attributes};
use crate::checks::{Finding, NextStep, Pack, RuleId, Severity, TimeSource};
use crate::dsig::Protection;
use crate::report::{SignatureReport, SignatureStatus};
use crate::saml::{Body, Message, MessageKind, TimeValue};
use crate::timestamp::{Timestamp, describe_duration};
use serde::{Deserialize, Serialize};

/// One message in detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    /// Index into `PageView::messages`.
    pub index: usize,
    pub kind: String,
    /// The root element's ID (or the evaluated assertion's).
    pub id: Option<String>,
    pub verdict: VerdictView,
    pub idp: Option<IdpView>,
    pub packs: Vec<PackView>,
    /// Most severe first; within a severity, those explaining the error text first.
    pub findings: Vec<FindingView>,
    pub next_steps: Vec<NextStep>,
    pub cards: Cards,
    /// The message carries an assertion (the attribute table is shown).
    pub has_assertion: bool,
    pub attributes: RowsPage<AttributeRow>,
    pub signatures: SignaturesView,
    /// The XML could be decoded (`Command::ShowXml` has something to show).
    pub has_xml: bool,
}

/// The verdict on a message, first thing under its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictView {
    /// `fail`, `warn` or `ok`.
    pub class: String,
    pub icon: String,
    pub headline: String,
    pub next: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdpView {
    pub name: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackView {
    pub name: String,
    pub reason: String,
}

/// The message at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cards {
    pub issuer: Option<Shown>,
    pub in_response_to: Option<Shown>,
    pub status: Option<Shown>,
    pub sub_status: Option<Shown>,
    pub status_message: Option<Shown>,
    pub entity_ids: Option<Shown>,
    pub name_id: Option<Shown>,
    pub name_id_format: Option<Shown>,
    pub audience: Option<Shown>,
    pub destination: Option<Shown>,
    pub recipient: Option<Shown>,
    pub acs: Option<Shown>,
    pub protocol_binding: Option<Shown>,
    pub relay_state: Option<Shown>,
    pub time: Option<TimeCard>,
    /// Every value of the AWS Role attribute, split.
    pub roles: RowsPage<RoleRow>,
    pub session_name: Option<Shown>,
    /// How many RoleSessionName values there are.
    pub session_names: usize,
    pub session_duration: Option<Shown>,
}

/// The validity window drawn on a line (positions on a 0..1000 axis) and said in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeCard {
    /// `early`, `expired`, `open` or `inside`.
    pub state: String,
    pub state_text: String,
    pub bar_x: String,
    pub bar_width: String,
    pub issued_x: Option<String>,
    pub reference_x: String,
    pub not_before: Option<TimeRow>,
    pub reference: String,
    /// "HAR capture time", "the time you chose"...
    pub reference_source: String,
    pub not_on_or_after: Option<TimeRow>,
    pub bearer_until: Option<TimeRow>,
    pub issue_instant: Option<TimeRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRow {
    pub value: Shown,
    /// "5 min before the reference time".
    pub note: Option<String>,
}

/// One value of the AWS Role attribute, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRow {
    pub account: Option<String>,
    pub partition: Option<String>,
    /// The role's name (path included).
    pub role: Option<String>,
    /// The SAML provider's name.
    pub provider: Option<String>,
    /// The value as sent.
    pub raw: String,
    /// Not exactly one role ARN and one provider ARN.
    pub not_pair: bool,
    /// Text around the two ARNs.
    pub extra_text: bool,
    pub mark: Mark,
}

/// One attribute of the evaluated assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeRow {
    pub name: String,
    /// The FriendlyName, escaped for display.
    pub friendly: Option<String>,
    /// Another attribute has the same name.
    pub repeated: bool,
    /// The first [`VALUES_PER_ROW`] values, exactly as sent.
    pub values: Vec<String>,
    /// How many values are not listed.
    pub more_values: usize,
    /// How many values in all.
    pub value_count: usize,
    pub mark: Mark,
}

/// What marks the values of one message get, worked out once.
struct Marks<'a> {
    message: &'a MessageAnalysis,
    /// A signature of the message is intact (valid, with a trusted key or its own).
    any_intact: bool,
    /// An assertion hides beside signed content.
    hides: bool,
    /// The message has signatures and none could be checked.
    not_checked: bool,
}

impl<'a> Marks<'a> {
    fn new(message: &'a MessageAnalysis, signatures: &[SignatureReport]) -> Marks<'a> {
        let verified = message.verified();
        Marks {
            message,
            any_intact: verified.is_some_and(|verified| {
                verified.verdicts.iter().any(|verdict| {
                    matches!(
                        verdict.status(),
                        crate::dsig::Status::Valid | crate::dsig::Status::ValidUnpinned
                    )
                })
            }),
            hides: verified.is_some_and(|verified| verified.hides_assertions),
            not_checked: !signatures.is_empty()
                && signatures
                    .iter()
                    .all(|signature| signature.status == SignatureStatus::NotChecked),
        }
    }

    fn of(&self, protection: Protection) -> Mark {
        match protection {
            Protection::Trusted => Mark::Signed,
            Protection::Unpinned => Mark::Unpinned,
            Protection::None if self.hides || self.any_intact => Mark::Outside,
            Protection::None if self.not_checked => Mark::NotChecked,
            Protection::None => Mark::Unsigned,
        }
    }

    fn node(&self, node: crate::xml::NodeId) -> Mark {
        self.of(self.message.protection(node))
    }

    fn message_element(&self) -> Mark {
        self.of(self.message.message_protection())
    }

    fn assertion(&self) -> Mark {
        self.of(self.message.assertion_protection())
    }

    fn shown(&self, text: &str, mark: Mark) -> Shown {
        Shown {
            text: text.to_owned(),
            mark: Some(mark),
        }
    }
}

/// Message `index` of `analysis` in detail (`None` when there is no such message).
pub fn message(analysis: &Analysis, index: usize, explaining: &[RuleId]) -> Option<MessageView> {
    let message = analysis.messages.get(index)?;
    let signatures = message
        .verified()
        .map(|verified| crate::report::signatures(verified, &analysis.trust))
        .unwrap_or_default();
    let marks = Marks::new(message, &signatures);
    let model = message.model();
    let kind = message.kind();
    let has_assertion = model.is_some_and(|model| !model.assertions().is_empty());
    Some(MessageView {
        index,
        kind: kind.as_str().to_owned(),
        id: model.and_then(|model| {
            model
                .header()
                .and_then(|header| header.id.clone())
                .or_else(|| model.evaluated_assertion().and_then(|a| a.id.clone()))
        }),
        verdict: verdict(message, &signatures),
        idp: message.idp.as_ref().map(|guess| IdpView {
            name: guess.idp.name().to_owned(),
            evidence: guess.evidence.clone(),
        }),
        packs: message
            .packs
            .iter()
            .map(|choice| PackView {
                name: choice.pack.as_str().to_owned(),
                reason: choice.reason.clone(),
            })
            .collect(),
        findings: findings_in_order(&message.findings, explaining),
        next_steps: message.next_steps.clone(),
        cards: model.map_or_else(
            || Cards {
                relay_state: relay_state(message, &marks),
                ..Cards::default()
            },
            |model| cards(message, model, &marks),
        ),
        has_assertion,
        attributes: model.map_or_else(RowsPage::default, |model| {
            attributes(model, &marks, 0, ROWS_PER_PAGE)
        }),
        signatures: signatures_view(message, &signatures, &analysis.trust, has_assertion),
        has_xml: message.xml_bytes().is_some(),
    })
}

/// What the banner says: class, icon, headline, next sentence. A forged or altered
/// message says so first; a redacted report read back says so; signatures that could
/// not be checked say so.
fn verdict(message: &MessageAnalysis, signatures: &[SignatureReport]) -> VerdictView {
    let findings = &message.findings;
    let count = |severity: Severity| {
        findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let is_response = message.kind() == MessageKind::Response;
    let ran = |pack: Pack| message.packs.iter().any(|choice| choice.pack == pack);
    let next = if ran(Pack::AmazonConnect) {
        "check the role's trust policy and its connect:GetFederationToken permission next"
    } else if ran(Pack::AwsIdentityCenter) {
        "check that the user exists in Identity Center with exactly this user name next"
    } else if ran(Pack::AwsIam) {
        "check the role's trust policy next"
    } else if is_response {
        "check the service provider's configuration next"
    } else {
        "check the other messages of the flow next"
    };
    let read_back = message
        .read_back
        .as_ref()
        .filter(|read_back| read_back.redacted)
        .map_or("", |_| "Redacted report — ");
    let not_checked = !signatures.is_empty()
        && signatures
            .iter()
            .all(|signature| signature.status == SignatureStatus::NotChecked);
    let unchecked = if not_checked {
        "Signatures not checked here. "
    } else {
        ""
    };
    let view = |class: &str, icon: &str, headline: String, next: String| VerdictView {
        class: class.to_owned(),
        icon: icon.to_owned(),
        headline: format!("{read_back}{headline}"),
        next: format!("{unchecked}{next}"),
    };
    let first = |finding: Option<&Finding>| {
        finding
            .map(|finding| format!("First: {}.", finding.title.trim_end_matches('.')))
            .unwrap_or_default()
    };
    if errors > 0 && findings.first().is_some_and(crate::checks::says_forged) {
        return view(
            "fail",
            "✖",
            "Forged or altered: do not trust this message".to_owned(),
            first(findings.first()),
        );
    }
    if errors > 0 {
        let headline = if is_response {
            format!("Login will fail: {}", count_problems(errors))
        } else {
            format!("{} in this message", count_problems(errors))
        };
        let error = findings
            .iter()
            .find(|finding| finding.severity == Severity::Error);
        return view("fail", "✖", headline, first(error));
    }
    if warnings > 0 {
        return view(
            "warn",
            "▲",
            format!(
                "No blocking problem found, {} to review",
                plural(warnings, "warning", "warnings")
            ),
            format!("If the login still fails, {next}."),
        );
    }
    view(
        "ok",
        "✔",
        "No problems found in the message".to_owned(),
        format!("— {next}."),
    )
}

fn count_problems(errors: usize) -> String {
    plural(errors, "problem", "problems")
}

fn time_text(time: &TimeValue) -> &str {
    &time.text
}

fn source_text(source: TimeSource) -> &'static str {
    match source {
        TimeSource::Har => "HAR capture time",
        TimeSource::User => "the time you chose",
        TimeSource::Clock => "now, by this computer's clock",
        TimeSource::IssueInstant => "the message's IssueInstant",
    }
}

/// `time` said relative to the reference time: "5 min before the reference time".
fn relative(time: Timestamp, reference: Timestamp) -> String {
    let millis = reference.millis_since(time);
    if millis >= 0 {
        format!("{} before the reference time", describe_duration(millis))
    } else {
        format!("{} after the reference time", describe_duration(-millis))
    }
}

fn relay_state(message: &MessageAnalysis, marks: &Marks<'_>) -> Option<Shown> {
    let text = message.relay_state.as_deref()?;
    // Only the Redirect binding's query signature covers RelayState.
    let mark = match message
        .verified()
        .and_then(|verified| verified.query_signature.as_ref())
    {
        Some(query) if query.verdict.status() == crate::dsig::Status::Valid => Mark::Signed,
        _ if marks.not_checked => Mark::NotChecked,
        Some(_) => Mark::Unsigned,
        None => Mark::Unsigned,
    };
    Some(marks.shown(text, mark))
}

fn cards(message: &MessageAnalysis, model: &Message, marks: &Marks<'_>) -> Cards {
    let header = model.header();
    let assertion = model.evaluated_assertion();
    let conditions = assertion.and_then(|assertion| assertion.conditions.as_ref());
    let confirmation = assertion
        .and_then(|assertion| assertion.subject.as_ref())
        .and_then(|subject| subject.confirmations.first())
        .and_then(|confirmation| confirmation.data.as_ref());
    let on_message = marks.message_element();
    let on_assertion = marks.assertion();
    let issuer = header
        .and_then(|header| header.issuer.as_ref())
        .map(|issuer| marks.shown(&issuer.value, marks.node(issuer.node)))
        .or_else(|| {
            assertion
                .and_then(|assertion| assertion.issuer.as_ref())
                .map(|issuer| marks.shown(&issuer.value, marks.node(issuer.node)))
        })
        .or_else(|| match &model.body {
            Body::Metadata { entities } => entities.first().and_then(|entity| {
                Some(marks.shown(entity.entity_id.as_deref()?, marks.node(entity.node)))
            }),
            _ => None,
        });
    let status = model.status();
    let short = |text: &str| crate::report::render::short_urn(text).to_owned();
    let (acs, binding) = match &model.body {
        Body::AuthnRequest(request) => (
            request.assertion_consumer_service_url.as_deref(),
            request.protocol_binding.as_deref(),
        ),
        _ => (None, None),
    };
    let entity_ids: Vec<(&str, crate::xml::NodeId)> = match &model.body {
        Body::Metadata { entities } => entities
            .iter()
            .filter_map(|entity| Some((entity.entity_id.as_deref()?, entity.node)))
            .collect(),
        _ => Vec::new(),
    };
    let audiences = conditions
        .map(|conditions| conditions.audience_restrictions.concat())
        .unwrap_or_default();
    let name_id = model.subject_name_id();
    let roles = attribute_values(model, aws_attributes::ROLE);
    let session_names = attribute_values(model, aws_attributes::ROLE_SESSION_NAME);
    let durations = attribute_values(model, aws_attributes::SESSION_DURATION);
    Cards {
        issuer,
        in_response_to: model
            .in_response_to()
            .map(|text| marks.shown(text, on_message)),
        status: status
            .and_then(|status| status.code.as_deref())
            .map(|code| marks.shown(&short(code), on_message)),
        sub_status: status
            .and_then(|status| status.sub_code.as_deref())
            .map(|code| marks.shown(&short(code), on_message)),
        status_message: status
            .and_then(|status| status.message.as_deref())
            .map(|text| marks.shown(text, on_message)),
        entity_ids: (!entity_ids.is_empty()).then(|| {
            let mark = entity_ids
                .iter()
                .map(|(_, node)| marks.node(*node))
                .max_by_key(|mark| weakness(*mark))
                .unwrap_or(Mark::Unsigned);
            let names: Vec<&str> = entity_ids.iter().map(|(name, _)| *name).collect();
            marks.shown(&names.join(", "), mark)
        }),
        name_id: name_id.map(|name_id| marks.shown(&name_id.value, marks.node(name_id.node))),
        name_id_format: name_id
            .and_then(|name_id| Some((name_id.format.as_deref()?, marks.node(name_id.node))))
            .map(|(format, mark)| marks.shown(&short(format), mark)),
        audience: (!audiences.is_empty()).then(|| marks.shown(&audiences.join(", "), on_assertion)),
        destination: header
            .and_then(|header| header.destination.as_deref())
            .map(|text| marks.shown(text, on_message)),
        recipient: confirmation
            .and_then(|data| data.recipient.as_deref())
            .map(|text| marks.shown(text, on_assertion)),
        acs: acs.map(|text| marks.shown(text, on_message)),
        protocol_binding: binding.map(|text| marks.shown(&short(text), on_message)),
        relay_state: relay_state(message, marks),
        time: time_card(message, model, marks),
        roles: role_rows(&roles, marks, 0, ROWS_PER_PAGE),
        session_name: session_names
            .first()
            .map(|(text, node)| marks.shown(text, marks.node(*node))),
        session_names: session_names.len(),
        session_duration: durations.first().map(|(text, node)| {
            let shown = match text.trim().parse::<i64>() {
                Ok(seconds) => format!(
                    "{text} s = {}",
                    describe_duration(seconds.saturating_mul(1000))
                ),
                Err(_) => (*text).to_owned(),
            };
            marks.shown(&shown, marks.node(*node))
        }),
    }
}

/// How weak a mark is: the weakest of several values is what they are together.
fn weakness(mark: Mark) -> u8 {
    match mark {
        Mark::Signed => 0,
        Mark::Unpinned => 1,
        Mark::NotChecked => 2,
        Mark::Unsigned => 3,
        Mark::Outside => 4,
    }
}

/// Every value of the evaluated assertion's attributes named `name`, each with its
/// attribute's node.
fn attribute_values<'a>(model: &'a Message, name: &str) -> Vec<(&'a str, crate::xml::NodeId)> {
    model
        .evaluated_assertion()
        .map(|assertion| {
            assertion
                .attributes
                .iter()
                .filter(|attribute| attribute.name == name)
                .flat_map(|attribute| {
                    attribute
                        .values
                        .iter()
                        .map(move |value| (value.text.as_str(), attribute.node))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn time_card(message: &MessageAnalysis, model: &Message, marks: &Marks<'_>) -> Option<TimeCard> {
    let assertion = model.evaluated_assertion();
    let conditions = assertion.and_then(|assertion| assertion.conditions.as_ref());
    let confirmation = assertion
        .and_then(|assertion| assertion.subject.as_ref())
        .and_then(|subject| subject.confirmations.first())
        .and_then(|confirmation| confirmation.data.as_ref());
    let header_issued = model
        .header()
        .and_then(|header| header.issue_instant.as_ref());
    let (issued, issued_mark) = match header_issued {
        Some(time) => (Some(time), marks.message_element()),
        None => (
            assertion.and_then(|assertion| assertion.issue_instant.as_ref()),
            marks.assertion(),
        ),
    };
    let not_before = conditions.and_then(|conditions| conditions.not_before.as_ref());
    let not_after = conditions.and_then(|conditions| conditions.not_on_or_after.as_ref());
    let bearer_until = confirmation.and_then(|data| data.not_on_or_after.as_ref());
    if not_before.is_none() && not_after.is_none() && issued.is_none() {
        return None;
    }
    let reference = message.reference_time;
    let now = reference.value;
    let start = not_before.and_then(|time| time.parsed);
    let end = not_after.and_then(|time| time.parsed);
    let issued_at = issued.and_then(|time| time.parsed);
    let state = match (start, end) {
        (Some(start), _) if now < start => "early",
        (_, Some(end)) if now >= end => "expired",
        (None, None) => "open",
        _ => "inside",
    };
    let state_text = match state {
        "early" => "✖ Not yet valid at the reference time",
        "expired" => "✖ Expired at the reference time",
        "open" => "No validity window in the assertion",
        _ => "✔ Inside the validity window at the reference time",
    };
    // Positions on a 0..1000 line, with room on both sides.
    let points: Vec<i64> = [start, end, issued_at, Some(now)]
        .into_iter()
        .flatten()
        .map(Timestamp::unix_millis)
        .collect();
    let low = points.iter().copied().min().unwrap_or(0);
    let high = points.iter().copied().max().unwrap_or(0);
    let span = (high - low).max(1);
    let position =
        |time: Timestamp| -> f64 { 50.0 + (time.unix_millis() - low) as f64 / span as f64 * 900.0 };
    let bar_start = start.map_or(0.0, position);
    let bar_end = end.map_or(1000.0, position);
    let on_assertion = marks.assertion();
    let row = |time: Option<&TimeValue>, mark: Mark, note: Option<String>| {
        time.map(|time| TimeRow {
            value: marks.shown(time_text(time), mark),
            note,
        })
    };
    let skew = issued_at.map(|issued| now.millis_since(issued));
    Some(TimeCard {
        state: state.to_owned(),
        state_text: state_text.to_owned(),
        bar_x: format!("{bar_start:.1}"),
        bar_width: format!("{:.1}", (bar_end - bar_start).max(2.0)),
        issued_x: issued_at.map(|time| format!("{:.1}", position(time))),
        reference_x: format!("{:.1}", position(now)),
        not_before: row(
            not_before,
            on_assertion,
            start.map(|start| relative(start, now)),
        ),
        reference: now.to_string(),
        reference_source: source_text(reference.source).to_owned(),
        not_on_or_after: row(not_after, on_assertion, end.map(|end| relative(end, now))),
        bearer_until: row(
            bearer_until,
            on_assertion,
            bearer_until
                .and_then(|time| time.parsed)
                .map(|end| relative(end, now)),
        ),
        issue_instant: row(
            issued,
            issued_mark,
            skew.map(|skew| {
                format!(
                    "skew {} (reference {} issue; about 5 min is tolerated)",
                    describe_duration(skew.abs()),
                    if skew >= 0 { "after" } else { "before" }
                )
            }),
        ),
    })
}

fn role_rows(
    roles: &[(&str, crate::xml::NodeId)],
    marks: &Marks<'_>,
    from: usize,
    count: usize,
) -> RowsPage<RoleRow> {
    let rows = roles
        .iter()
        .skip(from)
        .take(count)
        .map(|(value, node)| {
            let parts = aws::role_value_parts(value);
            let role = parts.role.map(aws::lenient_arn);
            let provider = parts.provider.map(aws::lenient_arn);
            let account = role
                .and_then(|role| role.account)
                .or_else(|| provider.and_then(|provider| provider.account));
            let partition = role
                .and_then(|role| role.partition)
                .or_else(|| provider.and_then(|provider| provider.partition));
            let extra_text = parts
                .role
                .zip(parts.provider)
                .is_some_and(|(role, provider)| role.len() + provider.len() + 1 != value.len());
            RoleRow {
                account: account.map(str::to_owned),
                partition: partition.map(str::to_owned),
                role: role.and_then(|role| role.name("role")).map(str::to_owned),
                provider: provider
                    .and_then(|provider| provider.name("saml-provider"))
                    .map(str::to_owned),
                raw: (*value).to_owned(),
                not_pair: role.is_none() || provider.is_none() || parts.parts != 2,
                extra_text,
                mark: marks.node(*node),
            }
        })
        .collect();
    RowsPage {
        from,
        total: roles.len(),
        rows,
    }
}

fn attributes(
    model: &Message,
    marks: &Marks<'_>,
    from: usize,
    count: usize,
) -> RowsPage<AttributeRow> {
    let Some(assertion) = model.evaluated_assertion() else {
        return RowsPage::default();
    };
    let all = &assertion.attributes;
    // Names seen more than once, found once for the page (the list may be long).
    let mut names: Vec<&str> = all
        .iter()
        .map(|attribute| attribute.name.as_str())
        .collect();
    names.sort_unstable();
    let repeated = |name: &str| {
        let first = names.partition_point(|other| *other < name);
        names.get(first + 1) == Some(&name)
    };
    let rows = all
        .iter()
        .skip(from)
        .take(count)
        .map(|attribute| AttributeRow {
            name: attribute.name.clone(),
            friendly: attribute
                .friendly_name
                .as_deref()
                .map(crate::text::escape_terminal),
            repeated: repeated(&attribute.name),
            values: attribute
                .values
                .iter()
                .take(VALUES_PER_ROW)
                .map(|value| value.text.clone())
                .collect(),
            more_values: attribute.values.len().saturating_sub(VALUES_PER_ROW),
            value_count: attribute.values.len(),
            mark: marks.node(attribute.node),
        })
        .collect();
    RowsPage {
        from,
        total: all.len(),
        rows,
    }
}

/// A page of message `index`'s attribute table, from row `from`.
pub fn attribute_page(
    analysis: &Analysis,
    index: usize,
    from: usize,
) -> Option<RowsPage<AttributeRow>> {
    let message = analysis.messages.get(index)?;
    let model = message.model()?;
    let signatures = signatures_of(message, &analysis.trust);
    let marks = Marks::new(message, &signatures);
    Some(attributes(model, &marks, from, ROWS_PER_PAGE))
}

/// A page of message `index`'s AWS roles, from row `from`.
pub fn role_page(analysis: &Analysis, index: usize, from: usize) -> Option<RowsPage<RoleRow>> {
    let message = analysis.messages.get(index)?;
    let model = message.model()?;
    let signatures = signatures_of(message, &analysis.trust);
    let marks = Marks::new(message, &signatures);
    let roles = attribute_values(model, aws_attributes::ROLE);
    Some(role_rows(&roles, &marks, from, ROWS_PER_PAGE))
}
