/** The field where an officer types the membership number of the member they nominate. */
export function MembershipNumberField(props: { value: string; error: string | undefined }) {
  const { value, error } = props;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for="membershipNumber">Membership number of the member nominated</label>
      <p class="hint" id="membershipNumber-hint">
        For example, L0100001
      </p>
      {error && (
        <p class="error-message" id="membershipNumber-error">
          <span class="visually-hidden">Error:</span> {error}
        </p>
      )}
      <input
        type="text"
        id="membershipNumber"
        name="membershipNumber"
        value={value}
        aria-describedby={
          error ? 'membershipNumber-hint membershipNumber-error' : 'membershipNumber-hint'
        }
      />
    </div>
  );
}
