#!/usr/bin/env bash
# Installs the Debian daemons that the real-peer tests (test/peers) start on 127.0.0.1.
# Idempotent: when every package is already installed it only runs dpkg-query and exits.
#
# apt never touches /etc/apt: SABnzbd lives in contrib and needs unrar from non-free, so we
# keep a private deb822 sources file (main contrib non-free, same mirrors and keyring as the
# system) and private package lists under a cache dir, and hand both to update and install.
#
# Environment:
#   MEDIASTACK_APT_DIR   where the private sources and lists live (default /var/cache/mediastack/apt)
set -euo pipefail

PACKAGES=(
	qbittorrent-nox
	transmission-daemon
	deluged
	deluge-web
	rtorrent
	lighttpd
	nzbget
	apprise
	python3-aiosmtpd
	sabnzbdplus
	unrar
	tinyproxy
	microsocks
	# The editor test drives n8n's UI in a real browser (playwright-core with Debian's build).
	chromium
)
# Executables the tests call; a package can be "installed" while its binary is gone.
EXECUTABLES=(qbittorrent-nox transmission-daemon deluged deluge-web rtorrent lighttpd nzbget apprise sabnzbdplus unrar tinyproxy microsocks chromium)

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
say() { echo "[peers/install] $*"; }

started=$(now)

missing_packages() {
	local package status
	for package in "${PACKAGES[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
		[[ "$status" == installed ]] || echo "$package"
	done
}

mapfile -t missing < <(missing_packages)
if ((${#missing[@]} == 0)); then
	for executable in "${EXECUTABLES[@]}"; do
		command -v "$executable" >/dev/null || { say "ERROR: $executable is not on PATH although its package is installed"; exit 1; }
	done
	say "all ${#PACKAGES[@]} packages present ($(elapsed "$started") s)"
	exit 0
fi
say "missing: ${missing[*]}"

if ((EUID != 0)); then
	say "ERROR: installing packages needs root (run as root or with sudo)"
	exit 1
fi

apt_dir=${MEDIASTACK_APT_DIR:-/var/cache/mediastack/apt}
parts_dir="$apt_dir/sources.list.d"
lists_dir="$apt_dir/lists"
mkdir -p "$parts_dir" "$lists_dir/partial"

# Reuse the system's Debian stanzas (mirror, suites, signed-by) with the extra components.
# Anything else in sources.list.d (third-party repos, disabled files) is left out on purpose.
write_private_sources() {
	local target="$parts_dir/mediastack-debian.sources"
	local system_sources=/etc/apt/sources.list.d/debian.sources
	local tmp="$target.tmp"
	if [[ -r "$system_sources" ]] && grep -q '^URIs:' "$system_sources"; then
		awk '
			/^[[:space:]]*#/ { next }
			/^Components:/ { print "Components: main contrib non-free"; next }
			{ print }
		' "$system_sources" >"$tmp"
	else
		local codename
		codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
		cat >"$tmp" <<-EOF
			Types: deb
			URIs: http://deb.debian.org/debian
			Suites: $codename $codename-updates
			Components: main contrib non-free
			Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

			Types: deb
			URIs: http://deb.debian.org/debian-security
			Suites: $codename-security
			Components: main contrib non-free
			Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
		EOF
	fi
	mv "$tmp" "$target"
}
write_private_sources

apt_options=(
	-o Dir::Etc::SourceList=/dev/null
	-o "Dir::Etc::SourceParts=$parts_dir"
	-o "Dir::State::Lists=$lists_dir"
	# Another process may hold the dpkg lock (e.g. a parallel bootstrap); wait instead of failing.
	-o DPkg::Lock::Timeout=300
)

# Package scripts must not start the daemons as system services; the tests start their own.
# Debian images often ship a policy-rc.d that says "no"; add a temporary one when there is none.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e "$policy" ]]; then
	printf '#!/bin/sh\n# Temporary, written by mediastack scripts/peers/install.sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	created_policy=1
fi
cleanup() { if ((created_policy)); then rm -f "$policy"; fi; }
trap cleanup EXIT

step=$(now)
DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" -q update
say "apt-get update: $(elapsed "$step") s"

step=$(now)
DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" -q -y --no-install-recommends \
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
	install "${missing[@]}"
say "apt-get install: $(elapsed "$step") s"

mapfile -t still_missing < <(missing_packages)
if ((${#still_missing[@]} > 0)); then
	say "ERROR: still not installed: ${still_missing[*]}"
	exit 1
fi

# Belt and braces (a pre-existing policy-rc.d may allow starts): stop any service that this
# install just started. Only init scripts of the packages installed here are touched.
for package in "${missing[@]}"; do
	while read -r init_script; do
		[[ -x "$init_script" ]] || continue
		if "$init_script" status >/dev/null 2>&1; then
			say "stopping service $(basename "$init_script") started by its package"
			"$init_script" stop >/dev/null 2>&1 || say "WARNING: could not stop $init_script"
		fi
	done < <(dpkg-query -L "$package" 2>/dev/null | grep '^/etc/init\.d/' || true)
done

say "done in $(elapsed "$started") s"
