/**
 * Checking a member's marks against the question, before they go in the box.
 * Pure: the server checks what the booth sent, and the same rules could run in
 * a browser. Marks are option ids (candidate ids for a candidates question);
 * the box keeps them as ranks, one id per rank.
 */
import { Refusal } from '../../core/refusal.ts';
import type { QuestionKind } from './question.ts';
import { isMarking, markLimit } from './verifiable-ballot.ts';

export interface MarkedQuestion {
  question: QuestionKind;
  method: string;
  seats: number;
  /** How many options a member may mark, where the ballot sets it. */
  maxMarks: number | null;
}

/** Checks marks and returns them as ranks of option ids, or refuses with a reason for the member. */
export function checkMarks(
  marks: readonly number[],
  question: MarkedQuestion,
  optionIds: ReadonlySet<number>,
): number[][] {
  const candidates = question.question === 'candidates';
  const noun = candidates ? 'candidate' : 'option';
  if (marks.length === 0) throw new Refusal(`Choose at least one ${noun}.`, 'marks');
  if (new Set(marks).size !== marks.length)
    throw new Refusal(`You chose the same ${noun} more than once.`, 'marks');
  for (const id of marks)
    if (!optionIds.has(id)) throw new Refusal(`That ${noun} is not on this ballot.`, 'marks');
  const limit = markLimitOf(question, optionIds.size);
  if (limit !== undefined && marks.length > limit) {
    throw new Refusal(
      question.question === 'yes_no'
        ? `Choose one answer; you chose ${marks.length}.`
        : `Vote for up to ${limit} ${limit === 1 ? noun : `${noun}s`}; you chose ${marks.length}.`,
      'marks',
    );
  }
  return marks.map((id) => [id]);
}

/** How many options a member may mark; undefined where every option may be ranked. */
export function markLimitOf(question: MarkedQuestion, options: number): number | undefined {
  switch (question.question) {
    case 'yes_no':
      return 1;
    case 'choose':
      return Math.min(question.maxMarks ?? question.seats, options);
    case 'rank':
      return question.maxMarks ?? undefined;
    case 'candidates':
      return isMarking(question.method)
        ? markLimit(question.method, question.seats, options)
        : undefined;
  }
}
