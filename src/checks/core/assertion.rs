//! What the assertion says: `core.assertion.count`, `core.assertion.encrypted`,
//! `core.subject.confirmation` (with the HAR flow correlation: InResponseTo, RelayState),
//! `core.audience`, `core.nameid`, `core.attr.*` (SAML Core §2.3–§2.7, Profiles §4.1.4).

use super::protocol::{acs_fix, capitalise, expected_acs, failed, requested_acs};
use super::{Notes, closest, difference, has_padding, quote, trim_invisible};
use crate::checks::context::{Context, Pack, RequestSeen};
use crate::checks::idp::{self, Fix};
use crate::checks::{Finding, RuleId, Severity, wrapping};
use crate::saml::{Assertion, Body, Interruptions, SubjectConfirmation};
use crate::xml::{Document, NodeId, NodeKind};
use std::collections::HashSet;

pub(super) fn run(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let message = context.message;
    if let Body::Response(response) = &message.body {
        findings.push(count(
            context,
            response.assertions.len(),
            response.encrypted_assertions.len(),
            failed(response.status.as_ref()),
        ));
        findings.push(encrypted(context, response.encrypted_assertions.len()));
    }
    let Some(assertion) = message.evaluated_assertion() else {
        return;
    };
    findings.push(subject_confirmation(context, assertion));
    findings.push(audience(context, assertion));
    if let Some(finding) = name_id(context, assertion) {
        findings.push(finding);
    }
    super::attributes::run(context, assertion, findings);
}

/// `core.assertion.count`: exactly one assertion (Profiles §4.1.4.2 allows several, but
/// SPs read one), and none hidden anywhere else in the message next to signed content
/// (see [`wrapping`]).
fn count(context: &Context<'_>, plain: usize, encrypted: usize, status_failed: bool) -> Finding {
    let mut notes = Notes::new(RuleId::CoreAssertionCount);
    let hidden = wrapping::hidden(context.message, context.verdicts);
    for hidden in &hidden {
        let (title, detail) = wrapping::describe(hidden);
        notes.add(Severity::Error, title, detail, wrapping::FIX);
    }
    if context.message.placed_omitted > 0 && !hidden.is_empty() {
        notes.fact(
            Severity::Error,
            format!(
                "The message holds {} more assertion-like elements than are listed here.",
                context.message.placed_omitted
            ),
        );
    }
    let total = plain + encrypted;
    // The first Assertion unsigned while an intact signature covers something else is
    // core.sig.coverage's error; the count only says how many there are.
    let first_unsigned_beside_signed = context.message.evaluated_assertion().is_some_and(|first| {
        context
            .verdicts
            .iter()
            .any(|verdict| verdict.status().is_intact())
            && !context.verdicts.iter().any(|verdict| {
                verdict.status().is_intact()
                    && verdict.coverage().is_some_and(|c| c.covers(first.node))
            })
    });
    match total {
        _ if !hidden.is_empty() => notes.fact(
            Severity::Error,
            format!(
                "Directly, the Response holds {plain} Assertion and {encrypted} EncryptedAssertion element(s)."
            ),
        ),
        2.. if first_unsigned_beside_signed => notes.add(
            Severity::Info,
            format!("The Response carries {total} assertions; the first is not the signed one"),
            format!(
                "The Response holds {plain} Assertion and {encrypted} EncryptedAssertion elements; the first, which SPs read, is not the one that is signed (see core.sig.coverage)."
            ),
            "",
        ),
        0 if status_failed => notes.fact(
            Severity::Info,
            "The Response carries no assertion, as expected with a failure status (see core.status).",
        ),
        0 => notes.add(
            Severity::Error,
            "The Response carries no assertion",
            "The Response reports success but holds no Assertion or EncryptedAssertion, so there is no one to sign in.",
            "Check the IdP application's configuration and logs: a successful sign-in response carries one assertion.",
        ),
        1 => notes.fact(
            Severity::Pass,
            if encrypted == 1 {
                "One (encrypted) assertion."
            } else {
                "One assertion."
            },
        ),
        _ => notes.add(
            Severity::Warning,
            format!("The Response carries {total} assertions"),
            format!(
                "The Response holds {plain} Assertion and {encrypted} EncryptedAssertion elements; most SPs read only one (the first) and some refuse the Response. The checks here read the first."
            ),
            "Configure the IdP to send a single assertion per Response.",
        ),
    }
    notes.finish("The Response carries exactly one assertion")
}

/// `core.assertion.encrypted`: an EncryptedAssertion cannot be checked here, and not
/// every target accepts one (when a target's pack runs, its own rule says whether that
/// target does: `aws.encryption`, `iic.assertion.encrypted`).
fn encrypted(context: &Context<'_>, count: usize) -> Finding {
    let mut notes = Notes::new(RuleId::CoreAssertionEncrypted);
    if count == 0 {
        notes.fact(
            Severity::Pass,
            "The assertion is not encrypted, so its content can be checked.",
        );
        return notes.finish("The assertion is readable");
    }
    let target_rule = [
        (Pack::AwsIam, "aws.encryption"),
        (Pack::AwsIdentityCenter, "iic.assertion.encrypted"),
    ]
    .into_iter()
    .find(|(pack, _)| context.runs(*pack));
    let targets = match target_rule {
        Some((_, rule)) => format!(" Whether the target accepts it: see {rule}."),
        None => " IAM Identity Center does not accept encrypted assertions; IAM SAML federation accepts them only when its SAML provider holds the private key; most other service providers accept them when configured with their key.".to_owned(),
    };
    // With no target rule to judge it, that nothing inside can be checked is the warning.
    notes.add(
        if target_rule.is_some() {
            Severity::Info
        } else {
            Severity::Warning
        },
        "The assertion is encrypted",
        format!(
            "The Response holds {count} EncryptedAssertion element(s); their content (subject, audience, attributes, times) cannot be checked without the SP's private key.{targets}"
        ),
        "To inspect the content, capture a Response with encryption turned off (or, once decryption is supported here, give the SP's key).",
    );
    notes.finish("")
}

const BEARER: &str = SubjectConfirmation::BEARER;

/// `core.subject.confirmation`: a bearer SubjectConfirmation whose data names the ACS
/// (Recipient), a NotOnOrAfter, and the AuthnRequest it answers (Profiles §4.1.4.2); with
/// the HAR correlation of InResponseTo and RelayState.
fn subject_confirmation(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let mut notes = Notes::new(RuleId::CoreSubjectConfirmation);
    let fix_idp = "Check the IdP application's SAML settings; every SAML 2.0 IdP sends a bearer SubjectConfirmation with Recipient and NotOnOrAfter for browser sign-in.";
    let Some(subject) = &assertion.subject else {
        notes.add(
            Severity::Error,
            "The assertion has no Subject",
            "The Assertion has no saml:Subject, so it neither says who signs in nor how the SP may confirm it.",
            fix_idp,
        );
        return notes.finish("");
    };
    let bearer = subject
        .confirmations
        .iter()
        .find(|confirmation| confirmation.method.as_deref() == Some(BEARER));
    let Some(bearer) = bearer else {
        let methods: Vec<String> = subject
            .confirmations
            .iter()
            .map(|confirmation| {
                confirmation
                    .method
                    .as_deref()
                    .map_or_else(|| "(no Method)".to_owned(), quote)
            })
            .collect();
        notes.add(
            Severity::Error,
            "No bearer SubjectConfirmation",
            if methods.is_empty() {
                "The Subject has no SubjectConfirmation; browser sign-in needs Method urn:oasis:names:tc:SAML:2.0:cm:bearer.".to_owned()
            } else {
                format!(
                    "The Subject's SubjectConfirmation methods are {}; browser sign-in needs urn:oasis:names:tc:SAML:2.0:cm:bearer.",
                    methods.join(", ")
                )
            },
            fix_idp,
        );
        return notes.finish("");
    };
    let Some(data) = &bearer.data else {
        notes.add(
            Severity::Error,
            "The bearer SubjectConfirmation has no SubjectConfirmationData",
            "The bearer confirmation carries no SubjectConfirmationData, so there is no Recipient or NotOnOrAfter to check.",
            fix_idp,
        );
        return notes.finish("");
    };

    let fix_acs = acs_fix(context);
    // AWS sign-in wants exactly one bearer confirmation carrying both Recipient and
    // NotOnOrAfter: what the profile only requires is refused there.
    let aws = context.runs(Pack::AwsIam);
    let required = if aws {
        Severity::Error
    } else {
        Severity::Warning
    };
    let bearers = subject
        .confirmations
        .iter()
        .filter(|confirmation| confirmation.method.as_deref() == Some(BEARER))
        .count();
    if aws && bearers > 1 {
        notes.add(
            Severity::Error,
            "Several bearer SubjectConfirmations",
            format!(
                "The Subject carries {bearers} bearer SubjectConfirmation elements; AWS sign-in needs exactly one, with Recipient and NotOnOrAfter."
            ),
            fix_idp,
        );
    }
    match data.recipient.as_deref() {
        None => notes.add(
            required,
            "The bearer confirmation has no Recipient",
            if aws {
                "SubjectConfirmationData has no Recipient; AWS sign-in requires it (the endpoint the Response is posted to) and refuses the assertion without it."
            } else {
                "SubjectConfirmationData has no Recipient; the Web Browser SSO profile requires it (the SP's ACS URL) and SPs that follow it refuse the assertion."
            },
            fix_acs.clone(),
        ),
        Some(recipient) => recipient_against_acs(context, recipient, &fix_acs, &mut notes),
    }
    if data.not_on_or_after.is_none() {
        notes.add(
            required,
            "The bearer confirmation has no NotOnOrAfter",
            if aws {
                "SubjectConfirmationData has no NotOnOrAfter; AWS sign-in requires it and refuses the assertion without it."
            } else {
                "SubjectConfirmationData has no NotOnOrAfter; the Web Browser SSO profile requires a limit on how long the assertion can be presented, and SPs that follow it refuse the assertion."
            },
            fix_idp,
        );
    }

    in_response_to(context, data.in_response_to.as_deref(), &mut notes);
    notes.finish("The bearer confirmation is complete and matches the SP")
}

/// The Recipient against the SP's ACS URL: each source that names it (`--expect acs=`,
/// SP metadata, the AuthnRequest answered) is compared with the Recipient itself,
/// never with the Destination (which may be the wrong one). A target whose pack knows
/// its ACS shape judges it there (`aws.recipient`, `iic.urls`). With no ACS known at
/// all, the Recipient and the Destination can only be compared with each other.
fn recipient_against_acs(context: &Context<'_>, recipient: &str, fix_acs: &str, notes: &mut Notes) {
    let mut compared: Vec<Vec<(String, String)>> = Vec::new();
    let expected = expected_acs(context);
    if !expected.is_empty() {
        compared.push(expected);
    }
    if let Some(requested) = requested_acs(context) {
        compared.push(vec![requested]);
    }
    let mismatch = compared
        .iter()
        .find(|urls| !urls.iter().any(|(url, _)| url == recipient))
        .and_then(|urls| closest(recipient, urls));
    if let Some((url, source)) = mismatch {
        notes.add(
            Severity::Error,
            "The Recipient is not the SP's ACS URL",
            format!(
                "SubjectConfirmationData Recipient {} is not {} from {}: {}. The SP checks the Recipient against its own ACS URL.",
                quote(recipient),
                quote(url),
                source,
                difference(recipient, url)
            ),
            fix_acs.to_owned(),
        );
    }
    if !compared.is_empty() {
        notes.fact(Severity::Pass, format!("Recipient {}.", quote(recipient)));
        return;
    }
    let pack_rule = [
        (Pack::AwsIam, "aws.recipient"),
        (Pack::AwsIdentityCenter, "iic.urls"),
        (Pack::Cognito, "cognito.acs"),
    ]
    .into_iter()
    .find_map(|(pack, rule)| context.runs(pack).then_some(rule));
    if let Some(rule) = pack_rule {
        notes.fact(
            Severity::Pass,
            format!(
                "Recipient {} (whether it is the target's ACS URL is checked by {rule}).",
                quote(recipient)
            ),
        );
        return;
    }
    let destination = context
        .message
        .header()
        .and_then(|header| header.destination.as_deref());
    match destination {
        Some(destination) if destination != recipient => notes.add(
            Severity::Error,
            "The Recipient and the Destination name different URLs",
            format!(
                "SubjectConfirmationData Recipient {} is not the Response's Destination {}: {}. Both must be the SP's ACS URL, so at least one is wrong; give the SP's metadata or the ACS URL you expect to tell which.",
                quote(recipient),
                quote(destination),
                difference(recipient, destination)
            ),
            fix_acs.to_owned(),
        ),
        Some(_) => notes.fact(
            Severity::Pass,
            format!(
                "Recipient {} is the Destination (no SP metadata, AuthnRequest or expected ACS URL to compare both with).",
                quote(recipient)
            ),
        ),
        None => notes.fact(
            Severity::Pass,
            format!("Recipient {} (nothing to compare it with).", quote(recipient)),
        ),
    }
}

/// The flow correlation: which AuthnRequest (if any) this Response answers, whether the
/// two InResponseTo agree, and whether RelayState came back.
fn in_response_to(context: &Context<'_>, confirmation: Option<&str>, notes: &mut Notes) {
    let response = context.message.in_response_to();
    if let (Some(response), Some(confirmation)) = (response, confirmation)
        && response != confirmation
    {
        notes.add(
            Severity::Error,
            "The two InResponseTo values differ",
            format!(
                "The Response InResponseTo is {} but the SubjectConfirmationData InResponseTo is {}; both must name the same AuthnRequest.",
                quote(response),
                quote(confirmation)
            ),
            "This is an IdP defect: report it to the IdP vendor with this message.",
        );
    }
    let answered = response.or(confirmation);
    let requests: Vec<&RequestSeen> = context.earlier_requests().collect();
    let latest = requests.last();
    match (answered, latest) {
        (None, None) => notes.fact(
            Severity::Pass,
            "No InResponseTo: an IdP-initiated (unsolicited) sign-in, and no AuthnRequest was seen before it.",
        ),
        (None, Some(request)) => notes.add(
            Severity::Warning,
            "The SP started the sign-in but the Response is unsolicited",
            format!(
                "{} (ID {}) was seen before this Response, but the Response has no InResponseTo, as if the sign-in had started at the IdP. SPs that track their requests refuse unsolicited responses or lose the RelayState.",
                capitalise(&place(request)),
                request.id.as_deref().map_or_else(|| "(none)".to_owned(), quote)
            ),
            "Check that the IdP application answers the SP's AuthnRequest (SP-initiated sign-in) rather than starting a fresh IdP-initiated one, e.g. after an intermediate login page.",
        ),
        (Some(id), None) => notes.fact(
            Severity::Info,
            format!(
                "SP-initiated: the Response answers the AuthnRequest {}, which is not among the inputs (give a HAR of the whole sign-in to check it).",
                quote(id)
            ),
        ),
        (Some(id), Some(_)) => {
            match requests
                .iter()
                .rev()
                .position(|request| request.id.as_deref() == Some(id))
            {
                Some(0) => {
                    let request = requests[requests.len() - 1];
                    notes.fact(
                        Severity::Pass,
                        format!(
                            "SP-initiated: InResponseTo {} answers {}.",
                            quote(id),
                            place(request)
                        ),
                    );
                    relay_state(context, request, notes);
                }
                Some(back) => {
                    let request = requests[requests.len() - 1 - back];
                    notes.add(
                        Severity::Warning,
                        "The Response answers an older AuthnRequest",
                        format!(
                            "InResponseTo {} answers {}, but {back} newer AuthnRequest(s) followed it; SPs remember only the latest request per browser session and may refuse this answer.",
                            quote(id),
                            place(request)
                        ),
                        "Start the sign-in once (close other tabs on the same SP) and capture again.",
                    );
                    relay_state(context, request, notes);
                }
                None => {
                    let ids: Vec<String> = requests
                        .iter()
                        .filter_map(|request| request.id.as_deref())
                        .map(quote)
                        .collect();
                    notes.add(
                        Severity::Error,
                        "InResponseTo does not match the AuthnRequest seen earlier",
                        format!(
                            "InResponseTo is {} but the AuthnRequest ID(s) seen before it in this capture are {}. The SP refuses an answer to a request it did not send (or sent in another session).",
                            quote(id),
                            if ids.is_empty() { "(none)".to_owned() } else { ids.join(", ") }
                        ),
                        "Make sure the sign-in goes through in one browser session and one tab; if the IdP caches responses, clear its session. If it repeats, the IdP is answering another SP's request: check the application it uses.",
                    );
                }
            }
        }
    }
}

/// Whether the RelayState the SP sent with its AuthnRequest came back with the Response.
fn relay_state(context: &Context<'_>, request: &RequestSeen, notes: &mut Notes) {
    let Some(sent) = request.relay_state.as_deref() else {
        return;
    };
    match context.relay_state {
        Some(back) if back == sent => notes.fact(
            Severity::Pass,
            "The RelayState the SP sent came back unchanged.",
        ),
        // Masked by a SAML-tracer export: not known, so not compared.
        Some(back) if crate::input::detail::masking(back).is_some() => notes.fact(
            Severity::Info,
            format!(
                "The RelayState sent with the Response was masked when the trace was exported ({}), so it was not compared with the one sent.",
                quote(back)
            ),
        ),
        Some(back) => notes.add(
            Severity::Warning,
            "RelayState changed between AuthnRequest and Response",
            format!(
                "The AuthnRequest was sent with RelayState {} but the Response came back with {}; the SP may not find where to send the user.",
                quote(sent),
                quote(back)
            ),
            "The IdP must return the RelayState it received unchanged: check for a proxy or IdP setting (default relay state) overriding it.",
        ),
        None if context.origin.har_entry.is_some() => notes.add(
            Severity::Warning,
            "RelayState was not returned",
            format!(
                "The AuthnRequest was sent with RelayState {} but the Response came back without one; the SP may not find where to send the user.",
                quote(sent)
            ),
            "The IdP must return the RelayState it received: check the IdP application's settings.",
        ),
        None => {}
    }
}

fn place(request: &RequestSeen) -> String {
    match request.har_entry {
        Some(entry) => format!(
            "the AuthnRequest of request {}",
            crate::input::request_number(entry)
        ),
        None => "the AuthnRequest given as an input".to_owned(),
    }
}

fn audience_fix(context: &Context<'_>) -> String {
    idp::fix(context.idp, Fix::SpEntityId).to_owned()
}

/// `core.audience`: an AudienceRestriction naming the SP (SAML Core §2.5.1.4; every
/// restriction must be satisfied).
fn audience(context: &Context<'_>, assertion: &Assertion) -> Finding {
    let mut notes = Notes::new(RuleId::CoreAudience);
    let fix = audience_fix(context);
    let restrictions: &[Vec<String>] = assertion
        .conditions
        .as_ref()
        .map_or(&[], |conditions| &conditions.audience_restrictions);
    let audiences: Vec<&String> = restrictions.iter().flatten().collect();
    if audiences.is_empty() {
        notes.add(
            Severity::Error,
            "The assertion names no audience",
            "The assertion has no AudienceRestriction/Audience; the SP requires its own entity ID there (IAM: \"Response does not contain the required audience\").",
            fix,
        );
        return notes.finish("");
    }
    let mut expected: Vec<(String, String)> = Vec::new();
    if let Some(audience) = &context.expect.audience {
        expected.push((audience.clone(), "the audience you expected".to_owned()));
    } else {
        for entity in context.sp_metadata() {
            if let Some(id) = &entity.entity_id {
                expected.push((
                    id.clone(),
                    format!("the SP metadata {}", quote(&entity.source)),
                ));
            }
        }
    }
    for audience in &audiences {
        if trim_invisible(audience).is_empty() {
            notes.add(
                Severity::Error,
                "An Audience is empty",
                format!("An Audience is {}.", quote(audience)),
                fix.clone(),
            );
        } else if has_padding(audience) {
            notes.add(
                Severity::Error,
                "An Audience has invisible characters around it",
                format!(
                    "The Audience {} does not equal the SP's entity ID because of the characters around it.",
                    quote(audience)
                ),
                fix.clone(),
            );
        }
    }
    if !expected.is_empty() {
        // A set: SP metadata can be a federation aggregate with thousands of entities.
        let ids: HashSet<&str> = expected.iter().map(|(id, _)| id.as_str()).collect();
        for (index, restriction) in restrictions.iter().enumerate() {
            if restriction
                .iter()
                .any(|audience| ids.contains(audience.as_str()))
            {
                continue;
            }
            let first = restriction.first().map_or("", String::as_str);
            let (id, source) = closest(first, &expected).unwrap_or(&expected[0]);
            let closest = first;
            notes.add(
                Severity::Error,
                "The audience is not the SP's entity ID",
                format!(
                    "AudienceRestriction {} lists {} but the SP's entity ID is {} (from {}){}.",
                    index + 1,
                    restriction
                        .iter()
                        .map(|a| quote(a))
                        .collect::<Vec<_>>()
                        .join(", "),
                    quote(id),
                    source,
                    if closest.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", difference(closest, id))
                    }
                ),
                fix.clone(),
            );
        }
    }
    let listed = audiences
        .iter()
        .map(|audience| quote(audience))
        .collect::<Vec<_>>()
        .join(", ");
    if expected.is_empty() {
        notes.fact(
            Severity::Pass,
            format!("Audience {listed} (no SP metadata or expected audience to compare it with)."),
        );
        notes.finish("The assertion names its audience")
    } else {
        notes.fact(Severity::Pass, format!("Audience {listed}."));
        notes.finish("The audience is the SP's entity ID")
    }
}

fn name_id_fix(context: &Context<'_>) -> String {
    idp::fix(context.idp, Fix::CleanNameId).to_owned()
}

/// `core.nameid`: a NameID with a value, without surrounding whitespace or markup inside
/// (SAML Core §2.2.3), and the text-node truncation sign (VU#475445): a comment,
/// processing instruction or CDATA section splitting the NameID (or an attribute value).
fn name_id(context: &Context<'_>, assertion: &Assertion) -> Option<Finding> {
    let subject = assertion.subject.as_ref()?;
    let mut notes = Notes::new(RuleId::CoreNameId);
    let fix = name_id_fix(context);
    let Some(name_id) = &subject.name_id else {
        if subject.encrypted_id {
            notes.fact(
                Severity::Info,
                "The subject is an EncryptedID; its value cannot be checked without the SP's private key.",
            );
            return Some(notes.finish("The NameID is encrypted"));
        }
        notes.add(
            Severity::Error,
            "The subject has no NameID",
            "The Subject has no NameID, so the SP cannot tell who signs in.",
            fix,
        );
        return Some(notes.finish(""));
    };
    let value = &name_id.value;
    if trim_invisible(value).is_empty() {
        notes.add(
            Severity::Error,
            "The NameID is empty",
            format!("The NameID is {}.", quote(value)),
            fix.clone(),
        );
    } else if has_padding(value) {
        notes.add(
            Severity::Warning,
            "The NameID has whitespace or invisible characters around it",
            format!(
                "The NameID is {}; SPs compare it exactly, so the padding makes it a different user.",
                quote(value)
            ),
            fix.clone(),
        );
    }
    if name_id.interruptions.elements > 0 {
        notes.add(
            Severity::Warning,
            "The NameID contains XML elements",
            format!(
                "The NameID holds {} child element(s) instead of plain text; SPs read different parts of it.",
                name_id.interruptions.elements
            ),
            fix.clone(),
        );
    }
    split_text(context, assertion, &mut notes);
    let format = name_id
        .format
        .as_deref()
        .map(|format| format!(" (Format {})", quote(format)))
        .unwrap_or_else(|| " (no Format: unspecified)".to_owned());
    if notes.worst() == Severity::Pass {
        notes.fact(Severity::Pass, format!("NameID {}{format}.", quote(value)));
    } else {
        notes.fact(Severity::Pass, format!("The NameID{format}."));
    }
    Some(notes.finish("The NameID is present and clean"))
}

/// What splits a text, in words: "a comment", "a processing instruction and a CDATA
/// section".
fn splitters(interruptions: &Interruptions) -> String {
    let mut kinds = Vec::new();
    if interruptions.comments > 0 {
        kinds.push("a comment");
    }
    if interruptions.processing_instructions > 0 {
        kinds.push("a processing instruction");
    }
    if interruptions.cdata_split() {
        kinds.push("a CDATA section");
    }
    kinds.join(" and ")
}

/// The first text piece of `node` (a text or CDATA node), what a reader of the first
/// text node sees.
fn first_text_piece(document: &Document, node: NodeId) -> String {
    document
        .descendants(node)
        .find_map(|descendant| match &document.node(descendant).kind {
            NodeKind::Text(text) | NodeKind::CData(text) => Some(text.to_string()),
            _ => None,
        })
        .unwrap_or_default()
}

/// Most attributes named as split in one detail.
const SPLIT_ATTRIBUTES_LISTED: usize = 5;

/// The text-node truncation sign (VU#475445, the comment trick of CVE-2025-29775): the
/// NameID or an attribute value of the evaluated assertion split by a comment, a
/// processing instruction or CDATA. The signature holds over the whole joined text
/// (C14N drops comments and turns CDATA into text), so this is where the danger is said.
fn split_text(context: &Context<'_>, assertion: &Assertion, notes: &mut Notes) {
    let fix = "Make sure the SP reads the whole text of the NameID and attribute values (SAML libraries fixed for VU#475445 do). IdPs do not write comments, processing instructions or CDATA inside values: if yours did not, the value was edited after signing, which the signature does not reveal because it covers the joined text.";
    if let Some(name_id) = assertion.subject.as_ref().and_then(|s| s.name_id.as_ref())
        && name_id.interruptions.splits_text()
    {
        let what = splitters(&name_id.interruptions);
        let first = first_text_piece(context.document, name_id.node);
        notes.add(
            Severity::Warning,
            format!("{} splits the NameID", capitalise(&what)),
            format!(
                "The NameID's whole text is {} (what the signature covers and what is shown here), but {what} sits inside it: software that reads only the first text piece sees {}, another user. This is how comment-injection attacks change who signs in.",
                quote(&name_id.value),
                quote(&first)
            ),
            fix,
        );
    }
    let split: Vec<(&str, &Interruptions)> = assertion
        .attributes
        .iter()
        .flat_map(|attribute| {
            attribute
                .values
                .iter()
                .filter(|value| value.interruptions.splits_text())
                .map(move |value| (attribute.name.as_str(), &value.interruptions))
        })
        .collect();
    if let Some((_, interruptions)) = split.first() {
        let mut names: Vec<String> = split
            .iter()
            .take(SPLIT_ATTRIBUTES_LISTED)
            .map(|(name, _)| quote(name))
            .collect();
        names.dedup();
        notes.add(
            Severity::Warning,
            format!("{} splits an attribute value", capitalise(&splitters(interruptions))),
            format!(
                "Attribute value(s) of {} are split by a comment, processing instruction or CDATA section: software that reads only the first text piece sees a shorter value than the one signed and shown.",
                names.join(", ")
            ),
            fix,
        );
    }
}
