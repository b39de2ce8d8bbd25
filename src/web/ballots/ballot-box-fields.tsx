import { GROUP_NAMES } from '../../crypto/groups.ts';
import type { Db } from '../../db/core/schema.ts';
import { memberIdByNumber } from '../../db/roll/index.ts';

type Form = Record<string, string>;
type Problem = { field: string; message: string };

/** The election form's choice of ballot box (issue 6): plain, or verifiable with its trustees. */
export function BallotBoxFields(props: {
  form: Form;
  problem: (field: string) => string | undefined;
}) {
  const { form, problem } = props;
  const verifiable = form.ballotBox === 'verifiable';
  return (
    <>
      <fieldset class={problem('ballotBox') ? 'field field-error' : 'field'} id="ballotBox">
        <legend>Ballot box</legend>
        {problem('ballotBox') && (
          <p class="error-message">
            <span class="visually-hidden">Error:</span> {problem('ballotBox')}
          </p>
        )}
        <div class="choice">
          <input
            type="radio"
            id="ballotBox-plain"
            name="ballotBox"
            value="plain"
            checked={!verifiable}
          />
          <label for="ballotBox-plain">
            Plain: ballots are kept apart from who voted; members trust the returning officer’s
            count
          </label>
        </div>
        <div class="choice">
          <input
            type="radio"
            id="ballotBox-verifiable"
            name="ballotBox"
            value="verifiable"
            checked={verifiable}
          />
          <label for="ballotBox-verifiable">
            Verifiable (Belenios): ballots are encrypted on members’ devices and anyone can check
            the count; online only, and the trustees below decrypt the result
          </label>
        </div>
      </fieldset>
      <div class="field">
        <label for="cryptoGroup">Encryption group (verifiable ballot box)</label>
        <p class="hint" id="cryptoGroup-hint">
          Ed25519 is fastest. RFC-3526-2048 can also be checked with the Debian belenios-tool.
        </p>
        <select id="cryptoGroup" name="cryptoGroup" aria-describedby="cryptoGroup-hint">
          {GROUP_NAMES.map((name) => (
            <option value={name} selected={(form.cryptoGroup || 'Ed25519') === name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div class={problem('trustees') ? 'field field-error' : 'field'}>
        <label for="trustees">Membership numbers of the trustees (verifiable ballot box)</label>
        <p class="hint" id="trustees-hint">
          One per line, 1 to 9. Unless you choose fewer below, every trustee must take part to
          decrypt the result, so no one of them alone can read a vote.
        </p>
        {problem('trustees') && (
          <p class="error-message" id="trustees-error">
            <span class="visually-hidden">Error:</span> {problem('trustees')}
          </p>
        )}
        <textarea id="trustees" name="trustees" rows={3} aria-describedby="trustees-hint">
          {form.trustees ?? ''}
        </textarea>
      </div>
      <div class={problem('trusteeThreshold') ? 'field field-error' : 'field'}>
        <label for="trusteeThreshold">
          How many trustees are needed to decrypt (verifiable ballot box)
        </label>
        <p class="hint" id="trusteeThreshold-hint">
          Leave empty for every trustee. With a smaller number, say 2 of 3, any 2 of the trustees
          can decrypt the result together, so it can be counted even if one loses their key; fewer
          than 2 cannot read a vote. The trustees then make the election key together, in three
          rounds on their trustee pages.
        </p>
        {problem('trusteeThreshold') && (
          <p class="error-message" id="trusteeThreshold-error">
            <span class="visually-hidden">Error:</span> {problem('trusteeThreshold')}
          </p>
        )}
        <input
          type="text"
          inputmode="numeric"
          id="trusteeThreshold"
          name="trusteeThreshold"
          value={form.trusteeThreshold ?? ''}
          aria-describedby="trusteeThreshold-hint"
        />
      </div>
    </>
  );
}

/** Checks the ballot-box fields; returns the settings and trustees, adding any problems. */
export async function readBallotBox(db: Db, form: Form, problems: Problem[]) {
  if (form.ballotBox !== 'verifiable')
    return {
      ballotBox: 'plain' as const,
      cryptoGroup: null,
      trusteeThreshold: null,
      trusteeIds: [] as number[],
    };
  if (form.postal === 'yes' || form.online !== 'yes')
    problems.push({
      field: 'ballotBox',
      message: 'A verifiable ballot box takes online ballots only: tick Online and untick By post',
    });
  const cryptoGroup = (GROUP_NAMES as readonly string[]).includes(form.cryptoGroup ?? '')
    ? form.cryptoGroup!
    : 'Ed25519';
  const numbers = (form.trustees ?? '')
    .split(/[\s,]+/)
    .map((n) => n.trim().toUpperCase())
    .filter(Boolean);
  const trusteeIds: number[] = [];
  if (numbers.length === 0 || numbers.length > 9)
    problems.push({
      field: 'trustees',
      message: 'Enter between 1 and 9 trustees’ membership numbers',
    });
  else if (new Set(numbers).size !== numbers.length)
    problems.push({ field: 'trustees', message: 'A trustee is listed twice' });
  else
    for (const number of numbers) {
      const memberId = await memberIdByNumber(db, number);
      if (memberId === undefined) {
        problems.push({
          field: 'trustees',
          message: `There is no member with the number ${number}`,
        });
        break;
      }
      trusteeIds.push(memberId);
    }
  // k of n threshold trustees; n of n (or empty) is every trustee, each with their own key.
  const thresholdText = (form.trusteeThreshold ?? '').trim();
  let trusteeThreshold: number | null = null;
  if (thresholdText !== '') {
    const k = /^\d+$/.test(thresholdText) ? Number(thresholdText) : Number.NaN;
    if (!(k >= 1) || (numbers.length > 0 && k > numbers.length))
      problems.push({
        field: 'trusteeThreshold',
        message: `The number of trustees needed to decrypt must be a whole number from 1 to ${Math.max(numbers.length, 1)}, the number of trustees; leave it empty for every trustee`,
      });
    else if (k < numbers.length) trusteeThreshold = k;
  }
  return { ballotBox: 'verifiable' as const, cryptoGroup, trusteeThreshold, trusteeIds };
}
