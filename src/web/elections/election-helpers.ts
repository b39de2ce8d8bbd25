export const methodNames: Record<string, string> = {
  'block-vote': 'Block vote: vote for up to as many candidates as there are seats',
  fptp: 'First past the post: vote for one candidate',
  approval: 'Approval: vote for every candidate you approve of',
  irv: 'Preferential (instant runoff): number the candidates in order of preference',
  'fractional-droop': 'Single transferable vote: number the candidates in order of preference',
  'scottish-stv':
    'Single transferable vote (Scottish rules): number the candidates in order of preference',
  wigm: 'Single transferable vote: number the candidates in order of preference',
  meek: 'Single transferable vote (Meek): number the candidates in order of preference',
  schulze: 'Ranked (Schulze): number the candidates in order of preference',
  'ranked-pairs': 'Ranked (ranked pairs): number the candidates in order of preference',
};
