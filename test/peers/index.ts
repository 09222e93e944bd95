/**
 * Real Debian daemons for integration tests, each on a free 127.0.0.1 port with a temp data
 * dir and random credentials. Start only what a test needs; always `await peer.stop()`.
 * Install them first: `bash scripts/peers/install.sh` (root; idempotent).
 */
export { appriseCli, type AppriseCli, type AppriseRunResult } from './apprise';
export { DelugeWebSession, startDeluge, type DelugePeer } from './deluge';
export { startMicrosocks, startTinyproxy, type ProxyPeer, type ProxyStartOptions } from './proxies';
export { nzbgetRpc, startNzbget, type NzbgetPeer, type NzbgetStartOptions } from './nzbget';
export { qbittorrentLogin, qbittorrentPasswordHash, startQbittorrent, type QbittorrentPeer } from './qbittorrent';
export { rtorrentXmlRpc, startRtorrent, xmlRpcCall, type RtorrentPeer } from './rtorrent';
export { sabnzbdApiUrl, startSabnzbd, type SabnzbdPeer, type SabnzbdStartOptions } from './sabnzbd';
export { smtpDialogue, startSmtpSink, type ReceivedMail, type SmtpSinkPeer, type SmtpSinkStartOptions } from './smtp-sink';
export { basicAuth, freePort, freePorts, type RunningPeer, type StartOptions } from './support';
export { startTransmission, transmissionRpc, type TransmissionPeer } from './transmission';
