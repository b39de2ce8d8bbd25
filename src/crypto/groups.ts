import { ed25519Group } from './ed25519-group.ts';
import { CryptoError, excerpt } from './errors.ts';
import { belenios2048, rfc3526_2048 } from './ff-group.ts';
import type { AnyGroup } from './group.ts';

/** The groups grassroots supports, by the name `election.json` gives them. */
export const GROUP_NAMES = ['BELENIOS-2048', 'RFC-3526-2048', 'Ed25519'] as const;

/** The group named in an election, or a CryptoError naming the unknown group. */
export function groupByName(name: string): AnyGroup {
  switch (name) {
    case 'BELENIOS-2048':
      return belenios2048 as AnyGroup;
    case 'RFC-3526-2048':
      return rfc3526_2048 as AnyGroup;
    case 'Ed25519':
      return ed25519Group as AnyGroup;
    default:
      throw new CryptoError(
        'group',
        `unknown group ${excerpt(name)}; expected one of ${GROUP_NAMES.join(', ')}`,
      );
  }
}
