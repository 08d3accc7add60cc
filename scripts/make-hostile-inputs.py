#!/usr/bin/env python3
"""Builds the hostile-input catalogue in tests/fixtures/hostile/ (read by
tests/hostile_outputs.rs and the page's end-to-end test tests/e2e/hostile.rs).

Every payload of the catalogue below (shell metacharacters for each shell, quotes and
backslashes, control and escape sequences, bidi and zero-width characters, Markdown
fences, links, images and autolinks, HTML) is put into every field a SAML sign-in and
its HAR can carry, one HAR per payload:

- entry 0: the IdP's sign-in page, GET with the payload in the URL's query, a custom
  request header's name and value, a cookie's name and value, the response's status
  text and a response header;
- entry 1: the browser's POST of a Response to AWS (IAM federation): the payload in the
  Response's Issuer and StatusMessage, the Assertion's Issuer, NameID, a role name, a
  role path, a SAML provider name, RoleSessionName, a PrincipalTag key and value, an
  attribute's name and value, a signing certificate whose subject fields (CN, OU, O)
  hold it, and the RelayState;
- entry 2: the same for Amazon Connect, the payload in the role's path and as the
  instance id of the federation RelayState (a next step's command is built from both);
- entry 3: a request whose method and URL are the payload;
- entry 4: a SAMLResponse that is not XML: a truncated Response holding the payload as
  raw bytes (control characters and all), which every report shows as its XML;
- entry 5: a WebSocket whose frames carry the payload (Chrome's `_webSocketMessages`);
- entry 6: the Connect Response again with a well-formed RelayState, so the command
  naming the role (the payload in its path, where IAM allows it) is built;
- entry 7: the IAM Response with the payload as its Destination, Recipient and
  Audience, posted to a URL whose path holds it;
- the page title (`log.pages[].title`) and the HAR's comment.

XML cannot carry most C0 control characters, so in the XML the payload is written in the
form an attacker would use there: ESC [ as the C1 CSI (U+009B), ESC ] as OSC (U+009D),
other C0 characters dropped, and tab, LF and CR as character references (kept exactly).
Everywhere else the payload is used byte for byte. The certificate is made with openssl
(`openssl ca -selfsign`, fixed dates, the catalogue's kept key), so a re-run writes the
same bytes; `--out DIR` writes the catalogue elsewhere (the key is taken from the
committed catalogue), which is how the test checks that the committed files are in step.

Only Python's standard library and openssl are used. The key is a throw-away test key.

Run: python3 scripts/make-hostile-inputs.py [--out DIR]
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "hostile")

ACS = "https://signin.aws.amazon.com/saml"
ACCOUNT = "111122223333"
PROVIDER = f"arn:aws:iam::{ACCOUNT}:saml-provider/ExampleIdP"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SamlReadOnly"
CONNECT_FEDERATE = "https://eu-west-2.console.aws.amazon.com/connect/federate/"
CONNECT_INSTANCE = "5f1e2d3c-aaaa-bbbb-cccc-123456789abc"
ATTRIBUTES = "https://aws.amazon.com/SAML/Attributes/"
STARTED = "2024-05-01T12:00:00.000Z"

# (name, class, payload, what it does). `pwned` is the canary: a payload that runs as code creates it
# in the shell's working directory.
PAYLOADS = [
    # Shell metacharacters, for each shell.
    ("semicolon", "shell", "x;touch pwned;#",
     "ends the command and starts another in every POSIX shell and fish"),
    ("command-substitution", "shell", "$(touch pwned)",
     "$(\u2026) runs a command in bash, dash, zsh and fish 3.4+, and a subexpression in PowerShell"),
    ("backticks", "shell", "`touch pwned`",
     "backquotes run a command in bash, dash and zsh"),
    ("pipe-and-background", "shell", "x|touch pwned&&touch pwned&",
     "|, && and & start commands in every shell"),
    ("single-quote-breakout", "shell", "R';touch pwned;echo '",
     "ends a single-quoted word and starts a command"),
    ("double-quote-breakout", "shell", 'R";touch pwned;echo "',
     "ends a double-quoted word and starts a command"),
    ("fish-backslash-quote", "shell", "a\\';touch pwned;#",
     "\\' inside single quotes is a quote in fish: broke out of the POSIX quoting used before"),
    ("trailing-backslash", "shell", "Admin\\",
     "a trailing backslash escapes what follows it (fish, and POSIX shells outside quotes)"),
    ("zsh-equals", "shell", "=touch",
     "a leading = expands to a command's path in zsh (a role name IAM accepts)"),
    ("leading-dashes", "shell", "--debug",
     "read as an option by the AWS CLI (a role name IAM accepts)"),
    ("powershell-splat", "shell", "@admins",
     "a leading @ splats a variable in PowerShell (a role name IAM accepts)"),
    ("powershell-subexpression", "shell", "$(New-Item pwned)",
     "$(\u2026) runs a command in PowerShell"),
    ("cmd-percent-caret", "shell", "%COMSPEC%^&touch pwned",
     "% expands variables and ^ & escape and chain commands in cmd"),
    ("globs-braces-tilde", "shell", "{a,b}*?[x]~root",
     "brace, glob and tilde expansion"),
    ("history-bang", "shell", "!!:p!-1",
     "history expansion in interactive bash and zsh"),
    ("iam-legal-punctuation", "shell", "a+b=c.d@e_f-g",
     "every punctuation character IAM allows in a role name"),
    # Control and escape sequences.
    ("clear-screen", "control", "\x1b[2J\x1b[HNo problems found",
     "CSI sequences that clear the terminal and print a fake verdict"),
    ("osc52-clipboard", "control", "\x1b]52;c;dG91Y2ggcHduZWQ=\x07",
     "OSC 52 writes the terminal's clipboard"),
    ("bracketed-paste-end", "control", "x\x1b[201~\x15touch pwned\n",
     "ends a bracketed paste, erases the line (^U) and runs a command: ran in bash through the Connect step before"),
    ("c1-controls", "control", "\u009b2J\u009dtitle\u0085next",
     "the 8-bit C1 forms of CSI and OSC, and NEL, which XML allows"),
    ("fake-lines", "control", "x\r\n[pass] core.sig.valid: signature valid\r\n",
     "CR and LF that print a fake line of the report"),
    ("del-and-nul", "control", "x\x7f\x00y\x08\x08z",
     "DEL, NUL and backspaces that overwrite what was printed"),
    # Bidi and zero-width characters.
    ("bidi-override", "bidi", "\u202etxt.exe\u202c admin",
     "a right-to-left override that makes text read differently from what it is"),
    ("bidi-isolates", "bidi", "\u2066evil\u2069\u200f\u061c",
     "bidi isolates and marks"),
    ("zero-width", "bidi", "ad\u200bmin\u2060\ufeff\u00ad",
     "zero-width space, word joiner, BOM and soft hyphen inside a name"),
    ("line-separators", "bidi", "a\u2028b\u2029c",
     "U+2028 and U+2029, line breaks to JavaScript and some terminals"),
    # Markdown.
    ("fence-backticks", "markdown", "x\n```\n# injected heading\n```\ny",
     "a line of backticks that would close a code block, then a heading"),
    ("fence-tildes", "markdown", "x\n~~~~~~~~~~~~\n</a>\n~~~~~~~~~~~~\ny",
     "a line of more tildes than the XML fence, then raw HTML"),
    ("link", "markdown", "[click here](https://evil.example/login)",
     "a Markdown link"),
    ("image", "markdown", "![x](https://evil.example/pixel.png)",
     "a Markdown image (a request when rendered)"),
    ("autolink-url", "markdown", "https://evil.example/login",
     "a bare URL, which GFM links"),
    ("autolink-www", "markdown", "see www.evil.example now",
     "a www. name, which GFM links"),
    ("autolink-email", "markdown", "victim@evil.example",
     "an e-mail address, which GFM links whatever is escaped"),
    ("angle-autolink", "markdown", "<https://evil.example/x>",
     "a CommonMark autolink"),
    ("table-and-heading", "markdown", "| a | b |\n|---|---|\n# heading",
     "a table row, a delimiter row and a heading"),
    ("emphasis-and-entities", "markdown", "*x* _y_ ~~z~~ &#x202e; &lt;b&gt;",
     "emphasis, strikethrough and entities (one of them a bidi override)"),
    # HTML.
    ("script", "html", "<script>alert(1)</script>",
     "a script element"),
    ("img-onerror", "html", "<img src=x onerror=alert(1)>",
     "an image with an event handler"),
    ("anchor", "html", '<a href="https://evil.example/">x</a>',
     "a link element"),
    ("comment-and-cdata", "html", "<!-- x --><![CDATA[y]]>",
     "an HTML comment and a CDATA section"),
]

CLASSES = {
    "shell": "shell metacharacters (bash, dash, zsh, fish, PowerShell, cmd), quotes and backslashes",
    "control": "control characters and terminal escape sequences",
    "bidi": "bidi controls, zero-width and line-separator characters",
    "markdown": "Markdown fences, links, images and GFM autolinks",
    "html": "HTML",
}


def run(arguments, stdin=None):
    result = subprocess.run(arguments, input=stdin, capture_output=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed:\n{result.stderr.decode(errors='replace')}")
    return result


# --- payloads in each carrier ---------------------------------------------------------


def xml_text(value):
    """The payload as XML character data: ESC [ and ESC ] as their C1 forms (CSI, OSC),
    other C0 controls dropped (XML cannot carry them), tab, LF and CR as references (so
    a parser keeps them exactly), markup escaped."""
    value = value.replace("\x1b[", "\u009b").replace("\x1b]", "\u009d")
    out = []
    for character in value:
        code = ord(character)
        if character in "\t\n\r":
            out.append(f"&#{code};")
        elif code < 0x20:
            continue
        elif character == "&":
            out.append("&amp;")
        elif character == "<":
            out.append("&lt;")
        elif character == ">":
            out.append("&gt;")
        elif character == '"':
            out.append("&quot;")
        elif character == "'":
            out.append("&apos;")
        else:
            out.append(character)
    return "".join(out)


def subject_part(value):
    """The payload as one value of `openssl req -subj`: no NUL (argv cannot carry it),
    and `/ + = \\` escaped with a backslash."""
    out = []
    for character in value.replace("\x00", ""):
        if character in "/+=\\":
            out.append("\\")
        out.append(character)
    return "".join(out)


def percent(value):
    return urllib.parse.quote(value.encode("utf-8", "surrogatepass"), safe="")


# --- the certificate ------------------------------------------------------------------


def certificate_der(key, payload):
    """A self-signed certificate whose CN, OU and O hold the payload, as DER."""
    with tempfile.TemporaryDirectory() as work:
        csr = os.path.join(work, "req.csr")
        part = subject_part(payload)
        subject = f"/CN=idp {part}/OU={part}/O=SAML Inspector {part}"
        run(["openssl", "req", "-new", "-utf8", "-key", key, "-subj", subject, "-out", csr])
        open(os.path.join(work, "index.txt"), "w").close()
        with open(os.path.join(work, "serial"), "w") as serial_file:
            serial_file.write("16\n")
        config = os.path.join(work, "ca.cnf")
        with open(config, "w") as config_file:
            config_file.write(f"""[ca]
default_ca = catalogue
[catalogue]
database = {work}/index.txt
new_certs_dir = {work}
serial = {work}/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
string_mask = utf8only
[anything]
commonName = optional
organizationalUnitName = optional
organizationName = optional
[extensions]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
""")
        pem = os.path.join(work, "cert.pem")
        run(["openssl", "ca", "-batch", "-utf8", "-preserveDN", "-config", config, "-selfsign",
             "-keyfile", key, "-in", csr, "-out", pem, "-notext", "-startdate",
             "20240101000000Z", "-enddate", "20340101000000Z", "-extensions", "extensions"])
        return run(["openssl", "x509", "-in", pem, "-outform", "DER"]).stdout


# --- the messages ---------------------------------------------------------------------


def response(name, payload, certificate, connect, addressed=ACS):
    """An unsigned AWS sign-in Response (a ds:Signature whose KeyInfo carries the
    hostile certificate, its value not a signature) with the payload in every field
    that is not needed to reach AWS's rule packs; `addressed` is its Destination,
    Recipient and Audience (an XML attribute value)."""
    text = xml_text(payload)
    suffix = "connect" if connect else "iam" if addressed == ACS else "addressed"
    if connect:
        # The first role that reads strictly is the one the Connect step names.
        roles = [f"arn:aws:iam::{ACCOUNT}:role/{text}/SamlReadOnly,{PROVIDER}", f"{ROLE},{PROVIDER}"]
    else:
        roles = [
            f"arn:aws:iam::{ACCOUNT}:role/{text},{PROVIDER}",
            f"{ROLE},arn:aws:iam::{ACCOUNT}:saml-provider/{text}",
            f"arn:aws:iam::{ACCOUNT}:role/{text}/Admin,{PROVIDER}",
        ]
    role_values = "".join(f"<saml:AttributeValue>{role}</saml:AttributeValue>" for role in roles)
    cert = base64.b64encode(certificate).decode()
    return f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r-{name}-{suffix}" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" Destination="{addressed}">
<saml:Issuer>{text}</saml:Issuer>
<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_r-{name}-{suffix}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/><samlp:StatusMessage>{text}</samlp:StatusMessage></samlp:Status>
<saml:Assertion ID="_a-{name}-{suffix}" Version="2.0" IssueInstant="2024-05-01T12:00:00Z">
<saml:Issuer>{text}</saml:Issuer>
<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{text}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2024-05-01T12:05:00Z" Recipient="{addressed}"/></saml:SubjectConfirmation></saml:Subject>
<saml:Conditions NotBefore="2024-05-01T11:55:00Z" NotOnOrAfter="2024-05-01T12:05:00Z"><saml:AudienceRestriction><saml:Audience>{addressed}</saml:Audience></saml:AudienceRestriction></saml:Conditions>
<saml:AuthnStatement AuthnInstant="2024-05-01T11:59:58Z"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
<saml:AttributeStatement>
<saml:Attribute Name="{ATTRIBUTES}Role">{role_values}</saml:Attribute>
<saml:Attribute Name="{ATTRIBUTES}RoleSessionName"><saml:AttributeValue>{text}</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="{ATTRIBUTES}SessionDuration"><saml:AttributeValue>3600</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="{ATTRIBUTES}PrincipalTag:{text}"><saml:AttributeValue>{text}</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="{text}" FriendlyName="{text}"><saml:AttributeValue>{text}</saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement>
</saml:Assertion>
</samlp:Response>
"""


def truncated_response(payload):
    """A SAMLResponse that is not XML: a Response cut short, the payload in it raw."""
    start = f'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r-cut" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" Destination="{ACS}"><saml:Issuer>'
    return (start + payload + "</saml:Iss").encode("utf-8", "surrogatepass")


# --- the HAR --------------------------------------------------------------------------


def request(method, url, headers=(), cookies=(), body=None):
    query = []
    if "?" in url:
        for pair in url.split("?", 1)[1].split("&"):
            name, _, value = pair.partition("=")
            query.append({"name": urllib.parse.unquote(name), "value": urllib.parse.unquote(value)})
    entry = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "headers": list(headers),
        "queryString": query,
        "cookies": list(cookies),
        "headersSize": -1,
        "bodySize": -1 if body is None else len(body.encode()),
    }
    if body is not None:
        entry["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": body}
    return entry


def response_part(status=200, status_text="OK", headers=(), html=""):
    return {
        "status": status,
        "statusText": status_text,
        "httpVersion": "HTTP/1.1",
        "headers": list(headers),
        "cookies": [],
        "content": {"size": len(html), "mimeType": "text/html", "text": html},
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": len(html),
    }


def entry(index, request_part, response, extra=None):
    started = f"2024-05-01T12:00:0{index}.000Z"
    value = {
        "pageref": "page_1",
        "startedDateTime": started,
        "time": 10,
        "request": request_part,
        "response": response,
        "cache": {},
        "timings": {"send": 1, "wait": 8, "receive": 1},
    }
    value.update(extra or {})
    return value


def har(name, payload, certificate):
    iam = base64.b64encode(response(name, payload, certificate, False).encode()).decode()
    connect = base64.b64encode(response(name, payload, certificate, True).encode()).decode()
    cut = base64.b64encode(truncated_response(payload)).decode()
    addressed = base64.b64encode(
        response(name, payload, certificate, False, addressed=xml_text(payload)).encode()
    ).decode()
    hostile_header = {"name": payload, "value": payload}
    hostile_cookie = {"name": payload, "value": payload}
    entries = [
        entry(
            0,
            request(
                "GET",
                f"https://idp.example.test/login?user={percent(payload)}",
                headers=[hostile_header, {"name": "Cookie", "value": f"session={payload}"}],
                cookies=[hostile_cookie],
            ),
            response_part(
                status_text=payload,
                headers=[hostile_header],
                html=f"<html><head><title>{payload}</title></head><body>{payload}</body></html>",
            ),
        ),
        entry(
            1,
            request(
                "POST",
                ACS,
                headers=[hostile_header],
                cookies=[hostile_cookie],
                body=f"SAMLResponse={percent(iam)}&RelayState={percent(payload)}",
            ),
            response_part(302, "Found"),
        ),
        entry(
            2,
            request(
                "POST",
                ACS,
                body=f"SAMLResponse={percent(connect)}&RelayState={percent(CONNECT_FEDERATE + payload)}",
            ),
            response_part(302, "Found"),
        ),
        entry(3, request(payload, f"https://idp.example.test/{payload}"), response_part(404, payload)),
        entry(
            4,
            request("POST", ACS, body=f"SAMLResponse={percent(cut)}"),
            response_part(400, "Bad Request"),
        ),
        entry(
            5,
            request("GET", "wss://idp.example.test/socket"),
            response_part(101, "Switching Protocols"),
            {
                "_resourceType": "websocket",
                "_webSocketMessages": [
                    {"type": "send", "time": 1714564805.0, "opcode": 1, "data": payload},
                    {"type": "receive", "time": 1714564805.5, "opcode": 1, "data": payload},
                ],
            },
        ),
        entry(
            6,
            request(
                "POST",
                ACS,
                body=f"SAMLResponse={percent(connect)}&RelayState={percent(CONNECT_FEDERATE + CONNECT_INSTANCE)}",
            ),
            response_part(302, "Found"),
        ),
        entry(
            7,
            request(
                "POST",
                f"https://idp.example.test/acs/{percent(payload)}",
                body=f"SAMLResponse={percent(addressed)}",
            ),
            response_part(302, "Found"),
        ),
    ]
    document = {
        "log": {
            "version": "1.2",
            "creator": {"name": "make-hostile-inputs", "version": "1"},
            "comment": payload,
            "pages": [
                {
                    "id": "page_1",
                    "startedDateTime": STARTED,
                    "title": f"https://idp.example.test/login?user={payload}",
                    "pageTimings": {},
                }
            ],
            "entries": entries,
        }
    }
    # ASCII with \u escapes: the committed files hold no raw control character.
    return json.dumps(document, indent=1, ensure_ascii=True) + "\n"


# --- the catalogue --------------------------------------------------------------------


def readme():
    lines = [
        "# Hostile inputs",
        "",
        "Made by `scripts/make-hostile-inputs.py` (Python's standard library and openssl; a",
        "re-run writes the same bytes, and `tests/hostile_outputs.rs` checks that it does).",
        "Each payload of `payloads.json` is put into every field a SAML sign-in and its HAR",
        "can carry (see the script's docstring for the list); `tests/hostile_outputs.rs` runs",
        "each HAR, its certificate and a file name made of the payload through every output",
        "(text, Markdown, JSON and HTML, plain and redacted, the sanitized HAR, the next",
        "steps' commands in bash, dash, zsh and fish), and `tests/e2e/hostile.rs` through",
        "the page. `hostile.key` is the throw-away key every certificate is made with.",
        "",
        "- payloads — the catalogue: name, class and payload of every case",
        "- hostile — the certificates' key (made once, then kept)",
    ]
    for name, kind, _, what in PAYLOADS:
        lines.append(
            f"- {name} — {CLASSES[kind]}: {what} (`{name}.har`, and `{name}.pem`, a "
            f"certificate whose CN, OU and O hold the payload)"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=FIXTURES, help="where to write the catalogue")
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    key = os.path.join(out, "hostile.key")
    committed = os.path.join(FIXTURES, "hostile.key")
    if not os.path.exists(key):
        if os.path.exists(committed):
            shutil.copyfile(committed, key)
        else:
            run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                 "-out", key])
    catalogue = [
        {"name": name, "class": kind, "payload": payload, "what": what}
        for name, kind, payload, what in PAYLOADS
    ]
    with open(os.path.join(out, "payloads.json"), "w") as file:
        file.write(json.dumps(catalogue, indent=1, ensure_ascii=True) + "\n")
    for name, _, payload, _ in PAYLOADS:
        der = certificate_der(key, payload)
        pem = base64.encodebytes(der).decode().replace("\n", "")
        pem = "\n".join(pem[at:at + 64] for at in range(0, len(pem), 64))
        with open(os.path.join(out, f"{name}.pem"), "w") as file:
            file.write(f"-----BEGIN CERTIFICATE-----\n{pem}\n-----END CERTIFICATE-----\n")
        with open(os.path.join(out, f"{name}.har"), "w") as file:
            file.write(har(name, payload, der))
    with open(os.path.join(out, "README.md"), "w") as file:
        file.write(readme())


if __name__ == "__main__":
    main()
