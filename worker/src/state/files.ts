import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Private files: only the runner's user may read them (keys, tokens, state). */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the data directory (0700) if it does not exist yet; an existing one is left as the user set it. */
export async function ensurePrivateDir(dir: string): Promise<void> {
	await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix:
 * write a temp file in the same folder, fsync it, rename over the target, fsync the folder.
 */
export async function writeFileAtomic(file: string, contents: string | Buffer, mode = PRIVATE_FILE_MODE): Promise<void> {
	const dir = dirname(file);
	const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
	const handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
	try {
		try {
			await handle.writeFile(contents);
			// The umask may have narrowed the mode at creation; make it exact.
			await handle.chmod(mode);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await fs.rename(temp, file);
	} catch (error) {
		await fs.rm(temp, { force: true });
		throw error;
	}
	await syncDir(dir);
}

/** Makes a rename durable. Some filesystems refuse to fsync a directory; nothing more can be done there. */
export async function syncDir(dir: string): Promise<void> {
	let handle: fs.FileHandle | undefined;
	try {
		handle = await fs.open(dir, constants.O_RDONLY);
		await handle.sync();
	} catch {
		// EISDIR/EINVAL/EPERM on some platforms: the data itself is already synced.
	} finally {
		await handle?.close();
	}
}

/** Reads a file, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
	try {
		return await fs.readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}
