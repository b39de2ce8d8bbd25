import { electionMethods, methodLabel } from '../../count/method-catalogue.ts';

/**
 * The election forms' choice of counting method: the methods the catalogue
 * (src/count/method-catalogue.ts) offers for elections, in its order, under
 * the labels members read.
 */
export function MethodField(props: { value: string | undefined; error: string | undefined }) {
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for="method">How votes are counted</label>
      {props.error && <p class="error-message">{props.error}</p>}
      <select id="method" name="method">
        {electionMethods().map((m) => (
          <option value={m.name} selected={props.value === m.name}>
            {methodLabel(m.name)}
          </option>
        ))}
      </select>
    </div>
  );
}
