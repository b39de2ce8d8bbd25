import { Hono } from 'hono';
import { branchNames } from '../../db/roll/branches.ts';
import { exportMembers, importMembers } from '../../db/roll/members.ts';
import { memberColumns, readMembersCsv, writeMembersCsv } from '../../org/roll/member-import.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/** Largest members file accepted through the browser. */
const maxBytes = 20 * 1024 * 1024;

/** The administrator's import (always checked first, imported only when clean) and export of members. */
export function memberRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const page = (
    c: PageContext,
    outcome?: {
      problems?: { line: number; field: string; reason: string }[];
      checked?: number;
      done?: string;
      fileError?: string;
    },
  ) =>
    render(
      c,
      deps,
      `${outcome?.problems?.length || outcome?.fileError ? 'Error: ' : ''}Import members`,
      <>
        <ErrorSummary
          errors={
            outcome?.fileError
              ? [{ field: 'file', message: outcome.fileError }]
              : outcome?.problems?.length
                ? [
                    {
                      field: 'problems',
                      message: `The file has ${outcome.problems.length} problem(s); nothing was imported`,
                    },
                  ]
                : []
          }
        />
        {outcome?.done && (
          <div class="notice" role="status">
            {outcome.done}
          </div>
        )}
        <h1>Import members</h1>
        <p>
          A CSV file with a header row naming the columns <code>{memberColumns.join(',')}</code>.
          Dates as YYYY-MM-DD. Members are matched by membership number: known numbers are updated,
          new ones added. The file is checked first; nothing is imported until every row is right.
        </p>
        {outcome?.problems && outcome.problems.length > 0 && (
          <table id="problems">
            <caption>Problems in the file</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">What is wrong</th>
              </tr>
            </thead>
            <tbody>
              {outcome.problems.slice(0, 500).map((p) => (
                <tr>
                  <td>{p.line}</td>
                  <td>{p.field}</td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action="/admin/members/import" enctype="multipart/form-data">
          <CsrfField c={c} />
          <div class={outcome?.fileError ? 'field field-error' : 'field'}>
            <label for="file">Members file (CSV)</label>
            {outcome?.fileError && <p class="error-message">{outcome.fileError}</p>}
            <input type="file" id="file" name="file" accept=".csv,text/csv" />
          </div>
          <div class="choice">
            <input type="checkbox" id="import" name="import" value="yes" />
            <label for="import">Import if the file is clean (otherwise only check it)</label>
          </div>
          <button class="button" type="submit">
            Check the file
          </button>
        </form>
        <p>
          <a href="/admin/members/export">Export every member as CSV</a>
        </p>
      </>,
      outcome?.problems?.length || outcome?.fileError ? 400 : 200,
    );

  app.get('/admin/members/import', (c) => {
    requirePermission(c, 'roll.manage');
    return page(c);
  });

  app.post('/admin/members/import', async (c) => {
    const actor = requirePermission(c, 'roll.manage');
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return page(c, { fileError: 'Choose a CSV file to check' });
    if (file.size > maxBytes)
      return page(c, {
        fileError: `The file is larger than ${maxBytes / 1024 / 1024} MB; split it`,
      });
    const branches = new Set((await branchNames(deps.db)).values());
    const { members, problems } = readMembersCsv(await file.text(), branches);
    if (problems.length > 0) return page(c, { problems });
    if (body.import !== 'yes')
      return page(c, {
        done: `The file is clean: ${members.length} members. Tick “Import” and send it again to import them.`,
      });
    const { added, updated } = await importMembers(deps.db, members, actor.memberId);
    c.get('log').info({ added, updated }, 'members imported');
    return page(c, { done: `Imported: ${added} members added, ${updated} updated.` });
  });

  app.get('/admin/members/export', async (c) => {
    requirePermission(c, 'roll.manage');
    c.header('content-disposition', 'attachment; filename="members.csv"');
    return c.body(writeMembersCsv(await exportMembers(deps.db)), 200, {
      'content-type': 'text/csv; charset=utf-8',
    });
  });

  return app;
}
