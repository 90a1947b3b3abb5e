/** A real SMTP receiver for tests (smtp-server on 127.0.0.1, a random port) that keeps what it accepted. */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Receiver {
  url: string;
  received: ParsedMail[];
  /** What the receiver answers to RCPT TO: accept, or refuse with this code. */
  refuseWith: number | null;
  close(): Promise<void>;
}

/** A real SMTP server that keeps what it accepted; it requires the credentials of the URL. */
export async function startReceiver(options: { delayMs?: number } = {}): Promise<Receiver> {
  const state: Receiver = { url: '', received: [], refuseWith: null, close: async () => {} };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'guichet' && auth.password === 's3cret') callback(null, { user: 'guichet' });
      else callback(new Error('bad credentials'));
    },
    onRcptTo(_address, _session, callback) {
      if (state.refuseWith === null) return callback();
      const error = Object.assign(new Error('Mailbox busy, try again later'), {
        responseCode: state.refuseWith,
      });
      return callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          state.received.push(mail);
          // A slow server: the message is kept, then the 250 comes later (a crash may fall between).
          if (options.delayMs) setTimeout(() => callback(), options.delayMs);
          else callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://guichet:s3cret@127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
