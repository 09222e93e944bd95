export { ConfigFileError, ConfigIssue, ConfigValidationError, formatKeyPath } from './errors';
export { exampleConfigYaml } from './example';
export {
	ConfigLocation,
	ConfigSource,
	LoadConfigOptions,
	LoadedConfig,
	configSearchPaths,
	configSecrets,
	findConfigFile,
	loadConfig,
	parseConfigFile,
	parseConfigText,
	validateConfig,
} from './load';
export {
	ApiConfig,
	DEFAULTS,
	EmbeddedTemporalConfig,
	KNOWN_SERVICE_TYPES,
	LOG_LEVELS,
	LogLevelName,
	MediastackConfig,
	ProwlarrServiceConfig,
	SchedulesConfig,
	ServiceConfig,
	ServiceType,
	TemporalConfig,
	TemporalTlsConfig,
	defaultTimeZone,
	isSecretConfigKey,
	isValidTimeZone,
} from './schema';
