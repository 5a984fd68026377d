/**
 * The Guard reads the key from exactly the placements the consumer-side API Key credential can
 * send it in. The consumer's module is being moved around; find its PLACEMENTS where it is now.
 */
import { GUARD_PLACEMENTS } from '../../../nodes/ApiKeyGuard/helpers/placement';

const CANDIDATES = ['../../../shared/types', '../../../shared/key/placement', '../../../shared/keyPlacement'];

function consumerPlacements(): readonly string[] | undefined {
	for (const path of CANDIDATES) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const loaded = require(path) as { PLACEMENTS?: readonly string[] };
			if (loaded.PLACEMENTS) return loaded.PLACEMENTS;
		} catch {
			// not at this path
		}
	}
	return undefined;
}

it('matches the PLACEMENTS of the API Key credential', () => {
	const placements = consumerPlacements();
	if (!placements) throw new Error(`PLACEMENTS not found at ${CANDIDATES.join(' or ')}: update this test's paths`);
	expect([...GUARD_PLACEMENTS].sort()).toEqual([...placements].sort());
});
