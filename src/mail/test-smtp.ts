import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on loopback for tests: it accepts every message and keeps
 * it, so a test can read what a member would have received. Recipients in
 * `rejectRecipients` are refused at RCPT TO with 550, as for a mailbox that
 * does not exist.
 */
export async function startTestSmtp(
  options: { delayMs?: number; rejectRecipients?: string[] } = {},
) {
  const received: ReceivedMail[] = [];
  const waiting: ((mail: ReceivedMail) => void)[] = [];
  let read = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address.toLowerCase())) {
        const error = Object.assign(new Error('5.1.1 No such mailbox here'), {
          responseCode: 550,
        });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        // A slow server, for tests of what happens while a message is in flight.
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        received.push(mail);
        const waiter = waiting.shift();
        if (waiter) {
          read++;
          waiter(mail);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next message to arrive (or the first unread one already here). */
    next(timeoutMs = 10_000): Promise<ReceivedMail> {
      const unread = received[read];
      if (unread) {
        read++;
        return Promise.resolve(unread);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no mail arrived')), timeoutMs);
        waiting.push((mail) => {
          clearTimeout(timer);
          resolve(mail);
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The sign-in link in a message (quoted-printable soft breaks undone). */
export function signInLinkIn(raw: string): string {
  const body = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = body.match(/https?:\/\/[^\s]+\/sign-in\/[A-Za-z0-9_-]{43}/);
  if (!match) throw new Error(`no sign-in link in the message:\n${raw}`);
  return match[0];
}
