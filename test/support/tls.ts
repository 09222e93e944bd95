import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway self-signed certificate for 127.0.0.1, made with the openssl CLI (Node cannot
 * issue certificates itself), for fakes that must speak HTTPS as the real service does.
 * Clients trust it by taking `cert` as their CA. It also names localhost: socks-proxy-agent
 * checks a TLS target given by IP address against "localhost".
 */
export function selfSignedCertificate(): { key: string; cert: string } {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'mediastack-tls-'));
	try {
		const key = path.join(dir, 'key.pem');
		const cert = path.join(dir, 'cert.pem');
		execFileSync(
			'openssl',
			['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
			{ stdio: 'pipe' },
		);
		return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
