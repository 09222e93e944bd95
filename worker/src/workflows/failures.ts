import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { FailureSummary } from './types';

/** The error class and message behind an activity failure, as the activity reported them. */
export function summarizeFailure(error: unknown): FailureSummary {
	const root = (error instanceof ActivityFailure || (error instanceof Error && error.name === 'ChildWorkflowFailure')) && (error as Error).cause ? (error as Error).cause : error;
	if (root instanceof ApplicationFailure) {
		// The activity put the typed error's summary (with its fix) in the details.
		const fix = (root.details?.[0] as { fix?: unknown } | undefined)?.fix;
		return typeof fix === 'string' ? { type: root.type ?? 'Error', message: root.message, fix } : { type: root.type ?? 'Error', message: root.message };
	}
	if (root instanceof Error) return { type: root.name, message: root.message };
	return { type: 'Error', message: String(root) };
}
