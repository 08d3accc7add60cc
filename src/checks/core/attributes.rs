//! The attribute rules: `core.attr.whitespace`, `core.attr.duplicate`,
//! `core.attr.empty` (SAML Core §2.7.3.1).

use super::{Notes, has_padding, quote, trim_invisible};
use crate::aws::attributes::{ROLE, ROLE_SESSION_NAME, SESSION_DURATION, SOURCE_IDENTITY};
use crate::checks::context::{Context, Pack};
use crate::checks::idp::{self, Fix};
use crate::checks::{Finding, RuleId, Severity};
use crate::saml::Assertion;
use std::collections::HashMap;

pub(super) fn run(context: &Context<'_>, assertion: &Assertion, findings: &mut Vec<Finding>) {
    findings.push(attribute_whitespace(context, assertion));
    findings.push(attribute_duplicate(assertion));
    findings.push(attribute_empty(assertion));
}

/// Whether AWS parses this attribute's values in a way surrounding whitespace breaks:
/// the Role ARN pair, RoleSessionName and SourceIdentity (whose character set has no
/// space), SessionDuration (an integer). Tag values may hold spaces, so
/// `PrincipalTag:*` is not among them.
fn is_strict_aws_attribute(name: &str) -> bool {
    [ROLE, ROLE_SESSION_NAME, SOURCE_IDENTITY, SESSION_DURATION].contains(&name)
}

/// The aws-iam rule that judges the value of an AWS attribute, whitespace included.
fn aws_rule_for(name: &str) -> Option<&'static str> {
    match name {
        ROLE => Some("aws.role.format"),
        ROLE_SESSION_NAME => Some("aws.session.name"),
        SOURCE_IDENTITY => Some("aws.source.identity"),
        SESSION_DURATION => Some("aws.session.duration"),
        _ => None,
    }
}

fn attribute_fix(context: &Context<'_>) -> String {
    idp::fix(context.idp, Fix::CleanAttributeValue).to_owned()
}

/// `core.attr.whitespace`: attribute values with leading or trailing whitespace or
/// invisible characters.
fn attribute_whitespace(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let mut notes = Notes::new(RuleId::CoreAttrWhitespace);
    let fix = attribute_fix(context);
    // Under the aws-iam pack, AWS's own rule for each of these attributes says what the
    // padding does to the value (one cause, one finding).
    let aws_rules = context.runs(Pack::AwsIam);
    for attribute in &assertion.attributes {
        for value in &attribute.values {
            if trim_invisible(&value.text).is_empty() || !has_padding(&value.text) {
                continue;
            }
            if aws_rules && let Some(rule) = aws_rule_for(&attribute.name) {
                notes.add(
                    Severity::Info,
                    "An AWS attribute value has whitespace around it",
                    format!(
                        "{} = {}: {rule} says what AWS does with it.",
                        quote(&attribute.name),
                        quote(&value.text)
                    ),
                    "",
                );
                continue;
            }
            let severity = if is_strict_aws_attribute(&attribute.name) {
                Severity::Error
            } else {
                Severity::Warning
            };
            notes.add(
                severity,
                "An attribute value has whitespace or invisible characters around it",
                format!(
                    "{} = {}.{}",
                    quote(&attribute.name),
                    quote(&value.text),
                    if severity == Severity::Error {
                        " AWS reads this value exactly and refuses it (\"Your request included an invalid SAML response\")."
                    } else {
                        ""
                    }
                ),
                fix.clone(),
            );
        }
    }
    checked(&mut notes, assertion);
    notes.finish("No attribute value has surrounding whitespace")
}

/// `core.attr.duplicate`: the same attribute Name in two Attribute elements.
fn attribute_duplicate(assertion: &Assertion) -> Finding {
    let mut notes = Notes::new(RuleId::CoreAttrDuplicate);
    // Counted in one pass (a hostile assertion can hold very many attributes).
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for attribute in &assertion.attributes {
        let count = counts.entry(attribute.name.as_str()).or_insert(0);
        if *count == 1 {
            order.push(attribute.name.as_str());
        }
        *count += 1;
    }
    for name in order {
        let times = counts[name];
        notes.add(
            Severity::Warning,
            "An attribute is sent more than once",
            format!(
                "{} appears in {times} separate Attribute elements; SPs read only one of them (or refuse the assertion). Several values belong in one Attribute.",
                quote(name)
            ),
            "Remove the duplicate attribute mapping at the IdP, or merge the values into a single multi-valued attribute.",
        );
    }
    checked(&mut notes, assertion);
    notes.finish("No attribute is sent twice")
}

/// `core.attr.empty`: an Attribute without AttributeValue, or with an empty one.
fn attribute_empty(assertion: &Assertion) -> Finding {
    let mut notes = Notes::new(RuleId::CoreAttrEmpty);
    for attribute in &assertion.attributes {
        if attribute.values.is_empty() {
            notes.add(
                Severity::Warning,
                "An attribute has no value",
                format!("{} has no AttributeValue.", quote(&attribute.name)),
                "Check the IdP's attribute mapping: the source field is probably empty for this user.",
            );
            continue;
        }
        for value in &attribute.values {
            if value.nil || (trim_invisible(&value.text).is_empty() && !value.interruptions.any()) {
                notes.add(
                    Severity::Warning,
                    "An attribute value is empty",
                    format!(
                        "{} has the value {}{}.",
                        quote(&attribute.name),
                        quote(&value.text),
                        if value.nil { " (xsi:nil)" } else { "" }
                    ),
                    "Check the IdP's attribute mapping: the source field is probably empty for this user.",
                );
            }
        }
    }
    checked(&mut notes, assertion);
    notes.finish("Every attribute has a value")
}

/// The pass detail of the attribute rules: how many were looked at.
fn checked(notes: &mut Notes, assertion: &Assertion) {
    let values: usize = assertion
        .attributes
        .iter()
        .map(|attribute| attribute.values.len())
        .sum();
    notes.fact(
        Severity::Pass,
        format!(
            "{} attribute(s) with {values} value(s) checked.",
            assertion.attributes.len()
        ),
    );
}
