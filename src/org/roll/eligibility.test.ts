import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mayStand, mayVote } from './eligibility.ts';

const dates = { joinedBy: '2017-08-24', paidUpBy: '2017-10-19' };

describe('who may vote', () => {
  test('a paid-up member who joined before the freeze date', () => {
    assert.deepEqual(
      mayVote({ joinedOn: '2016-01-05', duesStatus: 'paid_up', paidUpTo: '2018-01-05' }, dates),
      {
        eligible: true,
      },
    );
  });

  test('joined on the freeze date itself counts as on or before', () => {
    assert.equal(
      mayVote({ joinedOn: '2017-08-24', duesStatus: 'paid_up', paidUpTo: '2018-01-01' }, dates)
        .eligible,
      true,
    );
  });

  test('a member who joined after the freeze date is told so, with both dates', () => {
    const verdict = mayVote(
      { joinedOn: '2017-08-25', duesStatus: 'paid_up', paidUpTo: '2018-08-25' },
      dates,
    );
    assert.deepEqual(verdict, {
      eligible: false,
      reasons: ['you joined on 25 August 2017, after the freeze date of 24 August 2017'],
    });
  });

  test('in arrears at the paid-up date, and lapsed, each give their reason', () => {
    const arrears = mayVote(
      { joinedOn: '2010-01-01', duesStatus: 'in_arrears', paidUpTo: '2017-09-30' },
      dates,
    );
    assert.deepEqual(arrears, {
      eligible: false,
      reasons: [
        'your subscriptions were paid up to 30 September 2017, and had to be paid up to 19 October 2017',
      ],
    });
    const lapsed = mayVote(
      { joinedOn: '2010-01-01', duesStatus: 'lapsed', paidUpTo: '2015-01-01' },
      dates,
    );
    assert.equal(lapsed.eligible, false);
    assert.equal((lapsed as { reasons: string[] }).reasons.length, 2);
  });

  test('an election without eligibility dates lets every member who has not lapsed vote', () => {
    const none = { joinedBy: null, paidUpBy: null };
    assert.equal(
      mayVote({ joinedOn: '2026-11-01', duesStatus: 'in_arrears', paidUpTo: '2026-11-02' }, none)
        .eligible,
      true,
    );
  });
});

describe('who may stand', () => {
  test('twelve months of membership at the close of nominations', () => {
    const member = {
      joinedOn: '2016-11-19',
      duesStatus: 'paid_up' as const,
      paidUpTo: '2018-01-01',
    };
    assert.equal(mayStand(member, 365, '2017-11-19').eligible, true);
    assert.deepEqual(mayStand({ ...member, joinedOn: '2016-11-20' }, 365, '2017-11-19'), {
      eligible: false,
      reasons: [
        'they will not have been a member for 365 days when nominations close on 19 November 2017',
      ],
    });
  });
});
