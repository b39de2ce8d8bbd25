import type { Kysely } from 'kysely';
import { createSignInLink } from '../../db/access/sign-in.ts';
import type { Schema } from '../../db/core/schema.ts';

/**
 * A minimal browser for route tests: keeps cookies, follows nothing by itself,
 * and sends forms with the CSRF field the page gave it.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  /** The raw Set-Cookie headers of the last response. */
  lastSetCookie: string[] = [];

  constructor(readonly baseUrl: string) {}

  async get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { method: 'GET', headers });
  }

  /** Posts a form; `_csrf` is added from the cookie unless the test sets it. */
  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: this.cookies.get('gr_csrf') ?? '', ...form });
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** Posts a multipart form with one file, as a browser's file upload does. */
  async upload(
    path: string,
    fields: Record<string, string>,
    file: { name: string; field: string; text: string },
  ) {
    const form = new FormData();
    form.set('_csrf', this.cookies.get('gr_csrf') ?? '');
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set(file.field, new File([file.text], file.name, { type: 'text/csv' }));
    return this.request(path, { method: 'POST', headers: {}, body: form });
  }

  async request(
    path: string,
    init: { method: string; headers: Record<string, string>; body?: URLSearchParams | FormData },
  ) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
    });
    this.lastSetCookie = response.headers.getSetCookie();
    for (const header of this.lastSetCookie) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      const v = value.join('=');
      if (/max-age=0/i.test(header) || v === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), v);
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      text: await response.text(),
      headers: response.headers,
    };
  }
}

/** A client signed in as the member with this email address. */
export async function signedIn(db: Kysely<Schema>, baseUrl: string, email: string) {
  const { id } = await db
    .selectFrom('members')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const token = await createSignInLink(db, id);
  const client = new TestClient(baseUrl);
  await client.get(`/sign-in/${token}`);
  await client.post(`/sign-in/${token}`, {});
  return client;
}
