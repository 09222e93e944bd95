import { KNOWN_SERVICE_TYPES, definitionOf } from '../services/registry';

/**
 * The commented example written by `mediastack config init`. worker/mediastack.example.yaml
 * is a copy of this text (a test keeps the two identical and checks that it validates). Each
 * service type's block comes from its registry definition.
 */
const EXAMPLE_CONFIG_YAML = `# mediastack runner configuration
#
# Where this file is looked for, first match wins:
#   1. mediastack start --config FILE
#   2. the MEDIASTACK_CONFIG environment variable
#   3. ./mediastack.yaml (the working directory)
#   4. \${XDG_CONFIG_HOME:-~/.config}/mediastack/config.yaml
#
# Any string value may use \${ENV_VAR} or \${ENV_VAR:-default}. Write $\${ for a literal "\${".
# Every secret (api_key, token, password, ...) may instead be read from a file with
# <key>_file, e.g. api_key_file: /run/secrets/prowlarr_api_key (Docker secrets).
# Check this file with: mediastack config check
# Full reference: docs/configuration.md

# Where the runner keeps its state (encrypted secrets), event log and API token.
# Default: $MEDIASTACK_DATA_DIR, else \${XDG_DATA_HOME:-~/.local/share}/mediastack
# data_dir: /var/lib/mediastack

# IANA time zone for schedules and reports. Default: $TZ, else the system zone, else UTC.
# timezone: Europe/Berlin

# debug, info, warn or error
log_level: info

temporal:
  # host:port of your Temporal server. Leave empty to start the embedded dev server.
  address: ""
  namespace: default
  task_queue: mediastack
  # Temporal Cloud only:
  # api_key_file: /run/secrets/temporal_api_key
  # tls:
  #   enabled: true
  #   server_name: my-namespace.a1b2c.tmprl.cloud
  #   ca_file: /etc/mediastack/ca.pem
  #   cert_file: /etc/mediastack/client.pem
  #   key_file: /etc/mediastack/client.key
  embedded:
    # 0 picks a free port.
    port: 7233
    ui_port: 8233
    ip: 127.0.0.1
    # Path of the temporal CLI; found automatically when left out.
    # binary: /usr/local/bin/temporal

# The runner's small HTTP API (used by \`mediastack status\`).
api:
  enabled: true
  # Keep 127.0.0.1 unless a reverse proxy in front adds TLS.
  host: 127.0.0.1
  port: 8420
  # Bearer token for every request. Left out: one is generated on first start and written
  # to <data_dir>/api-token (mode 0600).
  # token: \${MEDIASTACK_API_TOKEN}
  rate_limit_per_minute: 100

# The services mediastack talks to. The key is the service's name (\`--service NAME\`);
# \`type\` may be left out when the name is the type.
services: {}
\${SERVICE_EXAMPLES}

schedules:
  # Checks every configured service and records a service_health event.
  service_health:
    enabled: true
    cron: "*/15 * * * *"
  # The daily MyAnonamouse session check (only while mam.sessions is not empty): keepalive,
  # an alert when MAM refuses a session, a warning before a session expires.
  # mam_session_check:
  #   enabled: true
  #   cron: "0 8 * * *"

# MyAnonamouse sessions. The config holds each session's first cookie (mam_id); the runner
# keeps the newest one (MAM rotates it) encrypted in its state and pushes it to Prowlarr.
# Paste a new mam_id here (or use \`mediastack mam set-id\`) when you create a new session.
# mam:
#   sessions:
#     - label: DirectSession
#       mam_id: \${MAM_ID}
#       # or: mam_id_file: /run/secrets/mam_id
#       # When you created the session on MAM (read in \`timezone\`); enables expiry warnings.
#       created: "2025-10-02T19:45"
#       lifetime_days: 90
#       notify_before_days: 7
#       # dynamic_seedbox (needs a session allowed to set it) or user_stats
#       keepalive: dynamic_seedbox
#       # The Prowlarr (a services entry) whose MyAnonamouse indexer gets the newest cookie.
#       prowlarr: { service: prowlarr, enabled: true }
#       # Only when the torrent client sits behind a VPN or proxy: MAM registers the address a
#       # call comes from, so send every MAM call of this session through the same exit.
#       # http://, https://, socks5:// (MAM's name resolved here) or socks5h:// (by the proxy).
#       # proxy: { url: socks5h://gluetun:1080, username: vpnuser, password_file: /run/secrets/mam_proxy_password }

# Notifications: named channels, and which events go to which channels. Events:
# mam_session_expiry, mam_session_invalid, prowlarr_auto_update, prowlarr_manual_update;
# \`default\` applies to every event without a rule of its own.
# notify:
#   channels:
#     mail: { type: smtp, host: smtp.example.org, port: 587, starttls: required, username: me, password_file: /run/secrets/smtp_password, from: mediastack@example.org, to: [me@example.org] }
#     hook: { type: webhook, url: "https://n8n.example.org/webhook/mediastack", hmac_secret_file: /run/secrets/webhook_secret }
#     phone: { type: apprise, api_url: "http://apprise:8000", key: mediastack }
#   event_rules:
#     mam_session_expiry: [mail, phone]
#     mam_session_invalid: [mail, phone]
#     default: [hook]
`;

export function exampleConfigYaml(): string {
	const services = KNOWN_SERVICE_TYPES.map((type) => definitionOf(type).example.map((line) => `#  ${line}`).join('\n')).join('\n');
	return EXAMPLE_CONFIG_YAML.replace('${SERVICE_EXAMPLES}', services);
}
