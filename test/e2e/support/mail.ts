/**
 * Just enough MIME to read what n8n's Send Email node (nodemailer) puts on the wire for a
 * plain-text mail: headers, RFC 2047 encoded words, and a single text part in 7bit, 8bit,
 * quoted-printable or base64. Decoding matters for the secret checks: quoted-printable breaks
 * long lines with soft line breaks, so a full cookie could hide from a search of the raw text.
 */

export interface ReadMail {
	/** Header names lower-cased; values unfolded and decoded. */
	headers: Record<string, string>;
	subject: string;
	/** The decoded text body, with CRLF turned into LF and without the line break the sender ends every mail with. */
	text: string;
}

export function readMail(raw: string): ReadMail {
	const normalised = raw.replace(/\r\n/g, '\n');
	const split = normalised.indexOf('\n\n');
	if (split < 0) throw new Error('the mail has no blank line between headers and body');
	const headers = parseHeaders(normalised.slice(0, split));
	const contentType = headers['content-type'] ?? 'text/plain';
	if (!/^text\/plain\b/i.test(contentType)) throw new Error(`expected a single text/plain part, got ${contentType}`);
	const charset = /charset="?([^";]+)"?/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
	const body = decodeBody(normalised.slice(split + 2), headers['content-transfer-encoding'] ?? '7bit');
	return { headers, subject: headers.subject ?? '', text: new TextDecoder(charset).decode(body).replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

function parseHeaders(block: string): Record<string, string> {
	const headers: Record<string, string> = {};
	// A line starting with white space continues the header above it.
	for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		headers[line.slice(0, colon).trim().toLowerCase()] = decodeEncodedWords(line.slice(colon + 1).trim());
	}
	return headers;
}

/** `=?utf-8?Q?...?=` and `=?utf-8?B?...?=`; white space between two encoded words is dropped. */
function decodeEncodedWords(value: string): string {
	return value
		.replace(/(\?=)\s+(=\?)/g, '$1$2')
		.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_whole, charset: string, encoding: string, text: string) => {
			const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintableBytes(text.replace(/_/g, ' '));
			return new TextDecoder(charset.toLowerCase()).decode(bytes);
		});
}

function decodeBody(body: string, transferEncoding: string): Buffer {
	switch (transferEncoding.trim().toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64');
		case 'quoted-printable':
			// A `=` at the end of a line is a soft line break: the line goes on.
			return quotedPrintableBytes(body.replace(/=\n/g, ''));
		case '7bit':
		case '8bit':
		case 'binary':
			return Buffer.from(body, 'utf8');
		default:
			throw new Error(`unknown Content-Transfer-Encoding "${transferEncoding}"`);
	}
}

function quotedPrintableBytes(text: string): Buffer {
	const bytes: number[] = [];
	for (let index = 0; index < text.length; index++) {
		const hex = text.slice(index + 1, index + 3);
		if (text[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			index += 2;
		} else {
			bytes.push(...Buffer.from(text[index], 'utf8'));
		}
	}
	return Buffer.from(bytes);
}
