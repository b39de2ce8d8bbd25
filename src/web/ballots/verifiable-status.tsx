import { trusteesOf, trusteeThreshold } from '../../db/ballots/trustees.ts';
import { verifiableSetup } from '../../db/ballots/verifiable-setup.ts';
import type { WebDeps } from '../shell/context.ts';

/** The returning officer's view of a verifiable ballot box: each trustee's part, and the record. */
export async function VerifiableStatus(props: { deps: WebDeps; electionId: number }) {
  const { deps, electionId } = props;
  const trustees = await trusteesOf(deps.db, electionId);
  const setup = await verifiableSetup(deps.db, electionId);
  const ranked = setup?.election.questions.some((q) => q.type === 'non-homomorphic') ?? false;
  const threshold = await trusteeThreshold(deps.db, electionId);
  const keyState = (t: (typeof trustees)[number]) =>
    threshold === null
      ? t.public_key
        ? 'Made'
        : 'Not yet'
      : t.checkedShares
        ? 'Shares checked (round 3 of 3)'
        : t.dealt
          ? 'Polynomial sent (round 2 of 3)'
          : t.certified
            ? 'Certificate sent (round 1 of 3)'
            : 'Not yet';
  return (
    <section aria-labelledby="verifiable-heading">
      <h2 id="verifiable-heading">Verifiable ballot box</h2>
      {setup && (
        <p>
          Election fingerprint <code>{setup.election.fingerprint}</code> (
          {setup.election.group.name}
          ). <a href={`/elections/${electionId}/ballot-box`}>The public ballot box</a>
          {setup.archive && (
            <>
              {' · '}
              <a href={`/elections/${electionId}/archive.bel`}>the election record</a>
              {' · '}
              <a href={`/elections/${electionId}/verify`}>verify it</a>
            </>
          )}
        </p>
      )}
      <table>
        <caption>
          {threshold === null
            ? 'Trustees'
            : `Trustees: any ${threshold} of the ${trustees.length} can decrypt`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Trustee</th>
            <th scope="col">Key</th>
            {ranked && <th scope="col">Shuffled</th>}
            <th scope="col">Decrypted</th>
          </tr>
        </thead>
        <tbody>
          {trustees.map((t) => (
            <tr>
              <td>
                {t.position}. {t.name}
              </td>
              <td>{keyState(t)}</td>
              {ranked && <td>{t.shuffled ? 'Yes' : 'Not yet'}</td>}
              <td>{t.decrypted ? 'Yes' : setup?.result_json ? 'Not needed' : 'Not yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
