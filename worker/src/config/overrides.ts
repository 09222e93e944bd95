/**
 * Ports that may be set without editing the config file, for a quick start on a busy host:
 * a command-line flag wins over an environment variable, which wins over the file, which wins
 * over the default. Every message about such a setting names where its value came from, so
 * the fix points at the flag, the variable or the key the user actually set.
 */
export interface OverridableSetting {
	/** Dotted config key. */
	key: string;
	path: readonly [string, ...string[]];
	env: string;
	flag: string;
}

export const OVERRIDABLE_SETTINGS = [
	{ key: 'api.port', path: ['api', 'port'], env: 'MEDIASTACK_API_PORT', flag: '--api-port' },
	{ key: 'temporal.embedded.port', path: ['temporal', 'embedded', 'port'], env: 'MEDIASTACK_TEMPORAL_PORT', flag: '--temporal-port' },
	{ key: 'temporal.embedded.ui_port', path: ['temporal', 'embedded', 'ui_port'], env: 'MEDIASTACK_TEMPORAL_UI_PORT', flag: '--temporal-ui-port' },
] as const satisfies readonly OverridableSetting[];

export type OverridableKey = (typeof OVERRIDABLE_SETTINGS)[number]['key'];

/** Flag values by config key, as given on the command line (strings; validated like the file's values). */
export type FlagOverrides = Partial<Record<OverridableKey, string>>;

export interface AppliedOverride {
	key: OverridableKey;
	/** The flag (`--api-port`) or the variable (`MEDIASTACK_API_PORT`) the value came from. */
	source: string;
	kind: 'flag' | 'env';
	value: string;
}

/** The overrides in effect: a flag wins over its variable; empty variables count as unset, as `${VAR:-default}` treats them. */
export function collectOverrides(env: NodeJS.ProcessEnv, flags: FlagOverrides = {}): AppliedOverride[] {
	const applied: AppliedOverride[] = [];
	for (const setting of OVERRIDABLE_SETTINGS) {
		const flagValue = flags[setting.key];
		const envValue = env[setting.env];
		if (flagValue !== undefined) applied.push({ key: setting.key, source: setting.flag, kind: 'flag', value: flagValue.trim() });
		else if (envValue !== undefined && envValue.trim() !== '') applied.push({ key: setting.key, source: setting.env, kind: 'env', value: envValue.trim() });
	}
	return applied;
}

/** A copy of the config input with the overrides put in (strings; the schema reads "8421" as a number). */
export function applyOverrides(input: unknown, applied: readonly AppliedOverride[]): unknown {
	if (applied.length === 0) return input;
	const copy = structuredClone(input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
	for (const override of applied) {
		const path = overridable(override.key).path;
		let node = copy;
		for (const part of path.slice(0, -1)) {
			const child = node[part];
			node[part] = child && typeof child === 'object' && !Array.isArray(child) ? child : {};
			node = node[part] as Record<string, unknown>;
		}
		node[path[path.length - 1]] = override.value;
	}
	return copy;
}

/** The label a validation issue about `key` gets when an override set it, e.g. "--api-port (overrides api.port)". */
export function overrideLabel(applied: readonly AppliedOverride[], key: string): string | undefined {
	const override = applied.find((item) => item.key === key);
	return override ? `${override.source} (overrides ${key})` : undefined;
}

function overridable(key: OverridableKey): OverridableSetting {
	return OVERRIDABLE_SETTINGS.find((setting) => setting.key === key)!;
}

/** How to name a setting in a message, and how to tell the user to change it. */
export interface SettingRef {
	/** e.g. "`api.port`", "--api-port", "MEDIASTACK_API_PORT". */
	label: string;
	/** The instruction to give it another value, e.g. "set `api.port: PORT` in the config, or pass --api-port PORT". */
	change(value: string): string;
}

/** A key that only the config file sets. */
export function configSetting(key: string): SettingRef {
	return { label: `\`${key}\``, change: (value) => `set \`${key}: ${value}\` in the config` };
}

/** An overridable key, named by where its value came from. */
export function settingRef(applied: readonly AppliedOverride[], key: OverridableKey): SettingRef {
	const override = applied.find((item) => item.key === key);
	const setting = overridable(key);
	if (override?.kind === 'flag') return { label: override.source, change: (value) => `pass ${override.source} ${value}` };
	if (override?.kind === 'env') return { label: override.source, change: (value) => `set ${override.source}=${value}` };
	return { label: `\`${key}\``, change: (value) => `set \`${key}: ${value}\` in the config, or pass ${setting.flag} ${value}` };
}
