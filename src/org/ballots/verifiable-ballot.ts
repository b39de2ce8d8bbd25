/**
 * How an election's counting method becomes a Belenios question, and how a
 * member's choices become the plaintext their browser encrypts (issue 6).
 *
 * - Marking methods (block vote, first past the post, approval) are homomorphic
 *   questions (spec 2.0 §4.9.1): each candidate is a 0/1 answer, the range proof
 *   says "between 1 and N marked", and only the totals are ever decrypted.
 * - Ranking methods (STV, IRV, Condorcet) are non-homomorphic questions
 *   (§4.9.2): a ballot gives each candidate its rank (1 for the first
 *   preference, 0 when unranked); the trustees shuffle them (§3.4) and each
 *   shuffled ballot is decrypted and counted by our engine.
 *
 * Pure: the booth in the browser and the server both use it.
 */
import { isMarking, markLimit } from '../../count/method-catalogue.ts';
import type { Question } from '../../crypto/election.ts';

// Which methods are marked and how many marks they take: the catalogue says.
export { isMarking, markLimit };

/** The one question of an election's verifiable ballot; answers in ballot-paper order. */
export function verifiableQuestion(
  method: string,
  seats: number,
  candidates: readonly string[],
): Question {
  if (isMarking(method)) {
    const max = markLimit(method, seats, candidates.length);
    return {
      type: 'homomorphic',
      question: max === 1 ? 'Vote for one candidate' : `Vote for up to ${max} candidates`,
      answers: [...candidates],
      blank: false,
      min: 1,
      max,
    };
  }
  return {
    type: 'non-homomorphic',
    question: 'Number the candidates in order of preference',
    answers: [...candidates],
  };
}

/**
 * The plaintext for a member's choices: `chosen` are candidate positions on the
 * ballot paper, in order of preference for ranked questions.
 */
export function plaintextFor(question: Question, chosen: readonly number[]): number[][] {
  const n = question.answers.length;
  if (new Set(chosen).size !== chosen.length) throw new Error('a candidate is chosen twice');
  if (chosen.some((i) => !Number.isInteger(i) || i < 0 || i >= n))
    throw new Error('a choice is not a candidate on this ballot');
  if (chosen.length === 0) throw new Error('choose at least one candidate');
  if (question.type === 'homomorphic') {
    if (chosen.length > question.max)
      throw new Error(`vote for up to ${question.max}; you chose ${chosen.length}`);
    return [question.answers.map((_, i) => (chosen.includes(i) ? 1 : 0))];
  }
  const ranks: number[] = new Array(n).fill(0);
  chosen.forEach((candidate, i) => {
    ranks[candidate] = i + 1;
  });
  return [ranks];
}

/**
 * A decrypted ranked ballot as the counting engine's ranking: candidates by
 * rank, equal ranks as equal preferences. Ranks the booth would never produce
 * (a voter's own software could) are read as far as they make sense: 0 and
 * anything beyond the number of candidates mean unranked.
 */
export function rankingFromRanks(ranks: readonly number[]): number[][] {
  const byRank = new Map<number, number[]>();
  ranks.forEach((rank, candidate) => {
    if (rank < 1 || rank > ranks.length) return;
    byRank.set(rank, [...(byRank.get(rank) ?? []), candidate]);
  });
  return [...byRank.entries()].sort(([a], [b]) => a - b).map(([, candidates]) => candidates);
}
