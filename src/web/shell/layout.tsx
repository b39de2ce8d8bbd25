import type { Child } from 'hono/jsx';
import type { Actor } from '../../org/access/index.ts';
import { can } from '../../org/access/index.ts';

export interface LayoutProps {
  title: string;
  organisation: string;
  actor: Actor | undefined;
  csrfToken: string;
  /** Show the outbox link (embedded setup, administrators). */
  outboxPage?: boolean;
  children: Child;
}

/**
 * Every page: a skip link, the organisation's name, navigation and the main
 * content. Server-rendered; nothing here needs JavaScript.
 */
export function Layout(props: LayoutProps) {
  const { actor } = props;
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${props.organisation}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          <div class="container header-inner">
            <a class="brand" href="/">
              {props.organisation}
            </a>
            {actor && (
              <nav aria-label="Main">
                <ul class="nav">
                  <li>
                    <a href="/">Home</a>
                  </li>
                  {can(actor, 'roll.manage') && (
                    <li>
                      <a href="/admin">Administration</a>
                    </li>
                  )}
                  {props.outboxPage && can(actor, 'outbox.read') && (
                    <li>
                      <a href="/dev/outbox">Outbox</a>
                    </li>
                  )}
                  <li>
                    <form method="post" action="/sign-out" class="inline-form">
                      <input type="hidden" name="_csrf" value={props.csrfToken} />
                      <button type="submit" class="link-button">
                        Sign out
                      </button>
                    </form>
                  </li>
                </ul>
              </nav>
            )}
          </div>
        </header>
        <main id="main" class="container" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">
            Run on grassroots, free software for member-run organisations.
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The GOV.UK-style error summary: at the top, focusable, linking to each field. */
export function ErrorSummary(props: { errors: { field: string; message: string }[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
