/**
 * Where a client puts its key: the same placements the API Key credential (the consumer side)
 * knows, from the same list, so a client built with this package's API Key credential calls a
 * guarded webhook with matching settings.
 */
import { DEFAULT_PLACEMENT_NAMES } from '../../../shared/key/config';
import { PLACEMENTS, type Placement } from '../../../shared/types';

export { DEFAULT_PLACEMENT_NAMES };
export const GUARD_PLACEMENTS = PLACEMENTS;
export type GuardPlacement = Placement;

export interface PlacementConfig {
	placement: GuardPlacement;
	/** Header, query parameter, body field or cookie name (for those placements). */
	name: string;
	/** The Authorization scheme for authScheme (e.g. Token). */
	scheme: string;
}

export function isGuardPlacement(value: unknown): value is GuardPlacement {
	return typeof value === 'string' && (GUARD_PLACEMENTS as readonly string[]).includes(value);
}
