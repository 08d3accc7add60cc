#!/usr/bin/env bash
# Installs what SAML Inspector's build and tests need, skipping every tool that is
# already present at the exact version, so a rerun takes seconds.
#
#   scripts/setup.sh build   Rust wasm32 target, Trunk, wasm-bindgen CLI, wasm-opt
#   scripts/setup.sh test    all of the above, plus Chromium, chromedriver, xmlsec1, xmllint,
#                            the IdP libraries of the interop tests (pysaml2, samlify,
#                            Lasso) under .tools/interop/, axe-core (the accessibility
#                            rules the end-to-end tests run) under .tools/axe/, and zsh,
#                            fish, cmark-gfm and openssl for the hostile-output tests
#
# Sourced (`source scripts/setup.sh`), it only defines the functions below and puts
# `.tools/node_modules/.bin` (wasm-opt) on PATH; `scripts/test` and `scripts/serve` do that.
#
# Everything comes through the ordinary clients of the package registries (cargo, npm,
# apt-get); nothing is downloaded any other way. Versions are pinned here and in
# Trunk.toml; the wasm-bindgen CLI version is read from Cargo.lock, because Trunk refuses
# a CLI that differs from the library the app was built with.

set -euo pipefail

readonly TRUNK_VERSION="0.21.14"
readonly BINARYEN_VERSION="132.0.0"
readonly WASM_TARGET="wasm32-unknown-unknown"

SETUP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly SETUP_ROOT
readonly TOOLS_DIR="$SETUP_ROOT/.tools"

# Cargo installs binaries here; a fresh shell may not have it on PATH yet.
export PATH="$TOOLS_DIR/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

APT_UPDATED=0

say() { printf 'setup: %s\n' "$*"; }

die() {
    printf 'setup: error: %s\n' "$*" >&2
    exit 1
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@" || die "'$*' needs root and 'sudo -n' was refused; run it once by hand as root"
    else
        die "'$*' needs root, and this is neither root nor has sudo"
    fi
}

# The version of the `wasm-bindgen` crate that Cargo.lock resolved.
locked_wasm_bindgen_version() {
    local lock="$SETUP_ROOT/Cargo.lock"
    [[ -f "$lock" ]] || die "no Cargo.lock in $SETUP_ROOT; run 'cargo generate-lockfile' first"
    local version
    version="$(awk '
        $0 == "name = \"wasm-bindgen\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$lock")"
    [[ -n "$version" ]] || die "Cargo.lock has no wasm-bindgen package"
    printf '%s\n' "$version"
}

# Trunk.toml pins the same versions Trunk checks the installed tools against; a mismatch
# there fails the build with a less helpful message, so catch it here.
check_trunk_toml_pins() {
    local bindgen_version="$1" trunk_toml="$SETUP_ROOT/Trunk.toml"
    [[ -f "$trunk_toml" ]] || die "no Trunk.toml in $SETUP_ROOT"
    grep -Eq "^wasm_bindgen = \"$bindgen_version\"" "$trunk_toml" ||
        die "Trunk.toml [tools] wasm_bindgen must be \"$bindgen_version\" (the wasm-bindgen version in Cargo.lock)"
    local binaryen_major="${BINARYEN_VERSION%%.*}"
    grep -Eq "^wasm_opt = \"version_$binaryen_major\"" "$trunk_toml" ||
        die "Trunk.toml [tools] wasm_opt must be \"version_$binaryen_major\" (npm binaryen@$BINARYEN_VERSION)"
}

ensure_c_linker() {
    if command -v cc >/dev/null 2>&1; then
        say "C linker: present"
        return
    fi
    say "C linker: installing gcc and libc6-dev (rustc links native binaries with cc)"
    apt_install gcc libc6-dev
}

ensure_wasm_target() {
    command -v rustup >/dev/null 2>&1 || die "rustup is not installed; install Rust with rustup first"
    if rustup target list --installed | grep -qx "$WASM_TARGET"; then
        say "$WASM_TARGET target: present"
        return
    fi
    say "$WASM_TARGET target: installing"
    rustup target add "$WASM_TARGET" || die "could not add the $WASM_TARGET target"
}

ensure_trunk() {
    if [[ "$(trunk --version 2>/dev/null || true)" == "trunk $TRUNK_VERSION" ]]; then
        say "trunk $TRUNK_VERSION: present"
        return
    fi
    # 0.22 needs a newer rustc. Thin LTO-free builds with more codegen units cut the
    # install from ~8 to ~5.5 minutes on two cores.
    say "trunk $TRUNK_VERSION: installing (about 5 minutes on two cores)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        cargo install trunk --version "$TRUNK_VERSION" --locked --force ||
        die "could not install trunk $TRUNK_VERSION"
}

ensure_wasm_bindgen() {
    local version="$1"
    if [[ "$(wasm-bindgen --version 2>/dev/null || true)" == "wasm-bindgen $version" &&
        "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" == "wasm-bindgen-test-runner $version" ]]; then
        say "wasm-bindgen-cli $version: present"
        return
    fi
    # No --locked: the CLI's own lockfile pins a crate version the registry mirror lacks.
    say "wasm-bindgen-cli $version: installing (about 2.5 minutes on two cores)"
    cargo install wasm-bindgen-cli --version "=$version" --force ||
        die "could not install wasm-bindgen-cli $version"
}

# wasm-opt comes from npm: Debian's binaryen is too old to read current rustc output.
ensure_wasm_opt() {
    local package_json="$TOOLS_DIR/node_modules/binaryen/package.json"
    if [[ -f "$package_json" ]] &&
        grep -Eq "\"version\": *\"$BINARYEN_VERSION\"" "$package_json" &&
        wasm-opt --version >/dev/null 2>&1; then
        say "wasm-opt (binaryen $BINARYEN_VERSION): present"
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        say "npm: installing nodejs and npm"
        apt_install nodejs npm
    fi
    say "wasm-opt (binaryen $BINARYEN_VERSION): installing into .tools/"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --save-exact \
        "binaryen@$BINARYEN_VERSION" >/dev/null ||
        die "could not install binaryen@$BINARYEN_VERSION from npm"
    wasm-opt --version >/dev/null 2>&1 || die "wasm-opt from binaryen@$BINARYEN_VERSION does not run"
}

# Installs the Debian packages among "$@" that are not installed yet.
apt_install() {
    local missing=() package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [[ ${#missing[@]} -eq 0 ]] && return
    command -v apt-get >/dev/null 2>&1 ||
        die "cannot install ${missing[*]}: no apt-get on this machine; install them by hand"
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        say "apt-get update"
        as_root apt-get update -qq || die "apt-get update failed"
        APT_UPDATED=1
    fi
    # --no-install-recommends: with recommends, an upgrade breaks mid-way on this image.
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
        die "apt-get could not install ${missing[*]}"
}

ensure_debian_package() {
    local package="$1" purpose="$2"
    if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        say "$package: present"
        return
    fi
    say "$package: installing ($purpose)"
    apt_install "$package"
}

ensure_browser() {
    # CHROME and CHROMEDRIVER point the end-to-end tests at another browser build.
    if [[ -n "${CHROME:-}" && -x "${CHROME}" && -n "${CHROMEDRIVER:-}" && -x "${CHROMEDRIVER}" ]]; then
        say "browser: using CHROME=$CHROME and CHROMEDRIVER=$CHROMEDRIVER"
        return
    fi
    ensure_debian_package chromium "end-to-end tests"
    ensure_debian_package chromium-driver "end-to-end tests"
}

# The IdP implementations tests/interop.rs generates signed Responses with, each from its
# own registry at a pinned version: pysaml2 (PyPI) in a virtualenv of Debian's python3,
# samlify (npm) from the committed lockfile, Lasso from Debian (python3-lasso, for
# /usr/bin/python3). Reinstalled only when the pins in scripts/interop/ change.
ensure_interop_idps() {
    local interop="$TOOLS_DIR/interop" pins="$SETUP_ROOT/scripts/interop"
    local venv="$TOOLS_DIR/interop/venv"

    if ! /usr/bin/python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        say "python3-venv: installing (virtualenv for pysaml2)"
        apt_install python3 python3-venv
    fi
    if [[ -x "$venv/bin/python" ]] && cmp -s "$pins/requirements.txt" "$venv/requirements.txt"; then
        say "pysaml2 (interop, $(grep -m1 '^pysaml2==' "$pins/requirements.txt")): present"
    else
        say "pysaml2 (interop): installing into .tools/interop/venv"
        rm -rf "$venv"
        mkdir -p "$interop"
        /usr/bin/python3 -m venv "$venv" || die "could not make a virtualenv with /usr/bin/python3"
        "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
            -r "$pins/requirements.txt" || die "could not install scripts/interop/requirements.txt from PyPI"
        cp "$pins/requirements.txt" "$venv/requirements.txt"
    fi

    if [[ -f "$interop/node_modules/samlify/package.json" ]] &&
        cmp -s "$pins/package-lock.json" "$interop/package-lock.json"; then
        say "samlify (interop): present"
    else
        if ! command -v npm >/dev/null 2>&1; then
            say "npm: installing nodejs and npm"
            apt_install nodejs npm
        fi
        say "samlify (interop): installing into .tools/interop"
        mkdir -p "$interop"
        cp "$pins/package.json" "$pins/package-lock.json" "$interop/"
        npm ci --prefix "$interop" --no-audit --no-fund >/dev/null ||
            die "could not install scripts/interop/package-lock.json from npm"
    fi

    ensure_debian_package python3-lasso "Lasso, an IdP library for the interop tests"
}

# axe-core, the accessibility rules the end-to-end tests run on every view
# (tests/e2e/accessibility.rs injects it into the page under test; the page never loads
# it). From npm at the version pinned in scripts/axe/package-lock.json, into .tools/axe.
ensure_axe() {
    local axe="$TOOLS_DIR/axe" pins="$SETUP_ROOT/scripts/axe"
    if [[ -f "$axe/node_modules/axe-core/axe.min.js" ]] &&
        cmp -s "$pins/package-lock.json" "$axe/package-lock.json"; then
        say "axe-core (accessibility tests): present"
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        say "npm: installing nodejs and npm"
        apt_install nodejs npm
    fi
    say "axe-core (accessibility tests): installing into .tools/axe"
    mkdir -p "$axe"
    cp "$pins/package.json" "$pins/package-lock.json" "$axe/"
    npm ci --prefix "$axe" --no-audit --no-fund >/dev/null ||
        die "could not install scripts/axe/package-lock.json from npm"
}

setup_build() {
    ensure_c_linker
    ensure_wasm_target
    local bindgen_version
    bindgen_version="$(locked_wasm_bindgen_version)"
    check_trunk_toml_pins "$bindgen_version"
    ensure_trunk
    ensure_wasm_bindgen "$bindgen_version"
    ensure_wasm_opt
}

setup_test() {
    setup_build
    ensure_browser
    ensure_axe
    # Canonicalization and signature checks are compared against these references.
    ensure_debian_package xmlsec1 "reference XML-DSig implementation"
    ensure_debian_package libxml2-utils "xmllint, reference canonicalization"
    # After xmlsec1: pysaml2 signs with it.
    ensure_interop_idps
    # tests/hostile_outputs.rs runs every next-step command in these shells (bash and
    # dash come with Debian), renders every Markdown output with the reference GFM
    # implementation, and remakes its certificates with openssl.
    ensure_debian_package zsh "a shell the next-step commands are run in"
    ensure_debian_package fish "a shell the next-step commands are run in"
    ensure_debian_package cmark-gfm "the reference GitHub Flavored Markdown renderer"
    ensure_debian_package openssl "certificates with hostile subjects"
}

setup_main() {
    case "${1:-test}" in
    build) setup_build ;;
    test) setup_test ;;
    -h | --help)
        sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        ;;
    *) die "unknown subcommand '$1' (expected 'build' or 'test')" ;;
    esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    setup_main "$@"
fi
