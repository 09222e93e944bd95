/**
 * Lists the sockets a peer listens on, straight from /proc (no `ss` needed), so tests can prove
 * that nothing but 127.0.0.1 is exposed.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface ListeningSocket {
	protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6';
	address: string;
	port: number;
	pid: number;
}

const TCP_LISTEN = '0A';
/** UDP sockets bound but not connected: the ones that receive from anyone. */
const UDP_UNCONNECTED = '07';

/** Every pid whose process group is one of `groupIds`. */
async function processesInGroups(groupIds: readonly number[]): Promise<number[]> {
	const wanted = new Set(groupIds);
	const pids: number[] = [];
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
		// Fields after the parenthesised command name: state ppid pgrp ...
		const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (wanted.has(Number(afterName[2]))) pids.push(Number(entry));
	}
	return pids;
}

async function socketInodes(pid: number): Promise<Set<string>> {
	const inodes = new Set<string>();
	const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
	for (const fd of fds) {
		const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
		const match = /^socket:\[(\d+)\]$/.exec(target);
		if (match) inodes.add(match[1]);
	}
	return inodes;
}

/** /proc/net hex addresses are 32-bit words in host (little-endian) order. */
function decodeAddress(hex: string): string {
	const words = hex.match(/.{8}/g) ?? [];
	const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((byte) => parseInt(byte, 16)));
	if (bytes.length === 4) return bytes.join('.');
	const isV4Mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
	if (isV4Mapped) return `::ffff:${bytes.slice(12).join('.')}`;
	const groups: string[] = [];
	for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
	return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** TCP listeners and unconnected UDP sockets held by any process in the given process groups. */
export async function listeningSockets(groupIds: readonly number[]): Promise<ListeningSocket[]> {
	const owners = new Map<string, number>();
	for (const pid of await processesInGroups(groupIds)) {
		for (const inode of await socketInodes(pid)) owners.set(inode, pid);
	}
	const sockets: ListeningSocket[] = [];
	for (const protocol of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
		const table = await readFile(`/proc/net/${protocol}`, 'utf8').catch(() => '');
		for (const line of table.split('\n').slice(1)) {
			const columns = line.trim().split(/\s+/);
			if (columns.length < 10) continue;
			const [localHex, portHex] = columns[1].split(':');
			const state = columns[3];
			const pid = owners.get(columns[9]);
			if (pid === undefined) continue;
			const listening = protocol.startsWith('tcp') ? state === TCP_LISTEN : state === UDP_UNCONNECTED;
			if (listening) sockets.push({ protocol, address: decodeAddress(localHex), port: parseInt(portHex, 16), pid });
		}
	}
	return sockets;
}

/** True for 127.0.0.1 itself, also when reached through an IPv4-mapped IPv6 socket. */
export function isIpv4Loopback(address: string): boolean {
	return address === '127.0.0.1' || address === '::ffff:127.0.0.1';
}
