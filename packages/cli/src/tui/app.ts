/**
 * The technicians' terminal UI (Ink, without JSX so it runs on Node's type stripping, no build
 * step): queues with live counts, a ticket with its timeline, and the actions the API offers on it
 * with the right form. Every rule stays on the server: the UI shows `actions` and sends them.
 */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import SelectInput from 'ink-select-input';
import TextInput from 'ink-text-input';
import { createElement as h, useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure, QUEUES, type Queue, type Ticket, type TicketEvent, type TuiData } from './data.ts';
import { bodyOf, type Choice, FORMS } from './forms.ts';
import { hasLabel, label } from './labels.ts';

export interface AppProps {
  data: TuiData;
  /** Subscribes to live changes; returns the unsubscribe function. */
  watch?: (onChange: () => void) => () => void;
  colour?: boolean;
}

type Screen =
  | { kind: 'queues' }
  | { kind: 'ticket'; ref: string }
  | { kind: 'menu'; ref: string }
  | { kind: 'form'; ref: string; action: string }
  | { kind: 'help'; back: Screen };

const short = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
const cut = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
const actionLabel = (a: string) => (hasLabel(`action_${a}`) ? label(`action_${a}` as never) : a);

export function App({ data, watch, colour = false }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const size = stdout as unknown as { columns?: number; rows?: number } | undefined;
  const width = Math.max(60, size?.columns ?? 80);
  const height = Math.max(20, size?.rows ?? 24);

  const [screen, setScreen] = useState<Screen>({ kind: 'queues' });
  const [queue, setQueue] = useState<Queue>('mine');
  const [items, setItems] = useState<Ticket[] | null>(null);
  const [counts, setCounts] = useState<Partial<Record<Queue, string>>>({});
  const [cursor, setCursor] = useState(0);
  const [search, setSearch] = useState('');
  const [service, setService] = useState('');
  const [prompt, setPrompt] = useState<null | { kind: 'search' | 'filter'; value: string }>(null);
  const [message, setMessage] = useState('');
  const [detail, setDetail] = useState<{ ticket: Ticket; events: TicketEvent[] } | null>(null);
  const [scroll, setScroll] = useState(0);
  const [tick, setTick] = useState(0);

  const reloadList = useCallback(async () => {
    try {
      const extra = { q: search || undefined, service: service || undefined };
      setItems(await data.list(queue, extra));
      setCounts(await data.counts({ service: service || undefined }));
    } catch (error) {
      setItems([]);
      setMessage((error as Error).message);
    }
  }, [data, queue, search, service]);

  const ref =
    screen.kind === 'ticket' || screen.kind === 'menu' || screen.kind === 'form' ? screen.ref : null;
  const reloadTicket = useCallback(async () => {
    if (!ref) return;
    try {
      setDetail(await data.ticket(ref));
    } catch (error) {
      setMessage((error as Error).message);
    }
  }, [data, ref]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger (keys, live events)
  useEffect(() => {
    void reloadList();
  }, [reloadList, tick]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger (keys, live events)
  useEffect(() => {
    void reloadTicket();
  }, [reloadTicket, tick]);
  // Live: every change the caller may see refreshes counts, list and open ticket (coalesced).
  const pending = useRef<NodeJS.Timeout | null>(null);
  useEffect(() => {
    if (!watch) return;
    return watch(() => {
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        setTick((n) => n + 1);
      }, 300);
    });
  }, [watch]);

  useInput(
    (input, key) => {
      if (screen.kind === 'help') {
        setScreen(screen.back);
        return;
      }
      if (input === '?') {
        setScreen({ kind: 'help', back: screen });
        return;
      }
      if (screen.kind === 'queues') {
        const list = items ?? [];
        if (input === 'q' || key.escape) exit();
        else if (key.rightArrow || key.tab || key.leftArrow || /^[1-6]$/.test(input)) {
          const i = QUEUES.indexOf(queue);
          const next = /^[1-6]$/.test(input)
            ? Number(input) - 1
            : (i + (key.leftArrow || (key.tab && key.shift) ? QUEUES.length - 1 : 1)) % QUEUES.length;
          setQueue(QUEUES[next]!);
          setCursor(0);
          setItems(null);
        } else if (input === 'j' || key.downArrow)
          setCursor((c) => Math.min(c + 1, Math.max(0, list.length - 1)));
        else if (input === 'k' || key.upArrow) setCursor((c) => Math.max(c - 1, 0));
        else if (key.return && list[cursor]) {
          setDetail(null);
          setScroll(0);
          setMessage('');
          setScreen({ kind: 'ticket', ref: list[cursor]!.reference });
        } else if (input === '/') setPrompt({ kind: 'search', value: search });
        else if (input === 'f') setPrompt({ kind: 'filter', value: service });
        else if (input === 'r') setTick((n) => n + 1);
      } else if (screen.kind === 'ticket') {
        if (input === 'q' || key.escape) {
          setScreen({ kind: 'queues' });
          setTick((n) => n + 1);
        } else if (input === 'a') setScreen({ kind: 'menu', ref: screen.ref });
        else if (input === 'j' || key.downArrow) setScroll((s) => s + 1);
        else if (input === 'k' || key.upArrow) setScroll((s) => Math.max(0, s - 1));
        else if (input === 'r') setTick((n) => n + 1);
      } else if (screen.kind === 'menu') {
        if (key.escape || input === 'q') setScreen({ kind: 'ticket', ref: screen.ref });
      }
    },
    { isActive: prompt === null && screen.kind !== 'form' },
  );

  const tabs = h(
    Box,
    { flexWrap: 'wrap' },
    ...QUEUES.map((q, i) =>
      h(
        Text,
        { key: q, inverse: q === queue && screen.kind === 'queues', bold: q === queue },
        ` ${i + 1} ${label(q)} (${counts[q] ?? '…'}) `,
      ),
    ),
  );
  const status = h(Text, { dimColor: colour, wrap: 'truncate-end' }, message ? `! ${message}` : '');

  if (screen.kind === 'help') {
    return h(
      Box,
      { flexDirection: 'column', width },
      h(Text, { bold: true }, label('help_title')),
      h(Text, { wrap: 'wrap' }, label('help')),
    );
  }

  if (screen.kind === 'queues') {
    const list = items ?? [];
    const rows = Math.max(3, height - 6);
    const first = Math.max(0, Math.min(cursor - rows + 1, list.length - rows));
    const titleWidth = Math.max(10, width - 16 - 17 - 10 - 4);
    return h(
      Box,
      { flexDirection: 'column', width },
      tabs,
      h(
        Text,
        { bold: true },
        `  ${label('col_ref').padEnd(16)}${label('col_status').padEnd(17)}${label('col_priority').padEnd(10)}${label('col_title')}`,
      ),
      items === null
        ? h(Text, null, label('loading'))
        : list.length === 0
          ? h(Text, null, label('empty'))
          : h(
              Box,
              { flexDirection: 'column' },
              ...list.slice(first, first + rows).map((t, i) => {
                const selected = first + i === cursor;
                return h(
                  Text,
                  { key: t.reference, inverse: selected, wrap: 'truncate-end' },
                  `${selected ? '>' : ' '} ${t.reference.padEnd(16)}${t.status.padEnd(17)}${t.priority.padEnd(10)}${cut(t.title, titleWidth)}`,
                );
              }),
            ),
      prompt
        ? h(
            Box,
            null,
            h(Text, null, label(prompt.kind === 'search' ? 'search_prompt' : 'filter_prompt')),
            h(TextInput, {
              value: prompt.value,
              onChange: (value: string) => setPrompt({ ...prompt, value }),
              onSubmit: (value: string) => {
                if (prompt.kind === 'search') setSearch(value.trim());
                else setService(value.trim());
                setPrompt(null);
                setCursor(0);
                setItems(null);
              },
            }),
          )
        : h(
            Text,
            { dimColor: colour },
            [
              search ? `${label('search')}: "${search}"` : '',
              service ? `${label('field_service')}: ${service}` : '',
            ]
              .filter(Boolean)
              .join('  '),
          ),
      status,
      h(Text, { dimColor: colour, wrap: 'truncate-end' }, label('keys_queues')),
    );
  }

  // Ticket, its action menu and the action forms share the header.
  if (!detail || detail.ticket.reference !== screen.ref) {
    return h(Box, { flexDirection: 'column' }, h(Text, null, label('loading')), status);
  }
  const t = detail.ticket;
  const header = h(
    Box,
    { flexDirection: 'column', width },
    h(Text, { bold: true, wrap: 'truncate-end' }, `${t.reference}  ${t.title}`),
    h(
      Text,
      { wrap: 'truncate-end' },
      `${t.status}${t.pendingUntil ? ` → ${short(t.pendingUntil)}` : ''}  ·  ${t.priority}  ·  ${[t.service, t.subService].filter(Boolean).join(' › ') || '—'}`,
    ),
    h(
      Text,
      { wrap: 'truncate-end' },
      `${t.requester.displayName} <${t.requester.email}>  →  ${t.agent ? `${t.agent.displayName} (${t.team})` : '—'}`,
    ),
  );

  if (screen.kind === 'menu') {
    const actions = (t.actions ?? []).filter((a) => FORMS[a]);
    return h(
      Box,
      { flexDirection: 'column', width },
      header,
      h(Text, { bold: true }, label('actions_title')),
      actions.length === 0
        ? h(Text, null, label('no_actions'))
        : h(SelectInput, {
            items: actions.map((a) => ({ key: a, label: actionLabel(a), value: a })),
            onSelect: (item: { value: unknown }) => {
              setMessage('');
              setScreen({ kind: 'form', ref: screen.ref, action: String(item.value) });
            },
          }),
      status,
      h(Text, { dimColor: colour }, label('keys_form')),
    );
  }

  if (screen.kind === 'form') {
    return h(
      Box,
      { flexDirection: 'column', width },
      header,
      h(ActionForm, {
        key: `${screen.ref}:${screen.action}`,
        data,
        ticket: t,
        action: screen.action,
        onDone: (updated: Ticket) => {
          setMessage(label('done', { action: actionLabel(screen.action) }));
          setDetail({ ticket: updated, events: detail.events });
          setScreen({ kind: 'ticket', ref: screen.ref });
          setTick((n) => n + 1);
        },
        onCancel: () => setScreen({ kind: 'ticket', ref: screen.ref }),
        onStale: () => setTick((n) => n + 1),
      }),
      status,
    );
  }

  const lines = detail.events.map((e) => {
    const visibility = e.visibility === 'internal' ? `[${label('internal')}]` : '';
    const text = Object.entries(e.data)
      .filter(([, v]) => v !== null && v !== '' && v !== undefined)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' · ');
    return {
      internal: e.visibility === 'internal',
      text: `${short(e.createdAt)} ${e.actor?.email ?? label('system')} ${e.type} ${visibility} ${text}`,
    };
  });
  const room = Math.max(3, height - 9);
  const start = Math.min(scroll, Math.max(0, lines.length - room));
  return h(
    Box,
    { flexDirection: 'column', width },
    header,
    h(Text, { wrap: 'truncate-end' }, cut(t.description.replace(/\s+/g, ' '), width * 2)),
    h(Text, { bold: true }, `— ${label('events', { count: String(lines.length) })}`),
    ...lines.slice(start, start + room).map((l, i) =>
      h(
        Text,
        {
          key: String(start + i),
          wrap: 'truncate-end',
          ...(colour && l.internal ? { color: 'yellow' } : {}),
        },
        l.text,
      ),
    ),
    h(
      Text,
      { wrap: 'truncate-end' },
      `${label('actions_title')}: ${
        (t.actions ?? [])
          .filter((a) => FORMS[a])
          .map(actionLabel)
          .join(', ') || '—'
      }`,
    ),
    status,
    h(Text, { dimColor: colour, wrap: 'truncate-end' }, label('keys_ticket')),
  );
}

interface FormProps {
  data: TuiData;
  ticket: Ticket;
  action: string;
  onDone: (ticket: Ticket) => void;
  onCancel: () => void;
  /** The ticket changed meanwhile: reload it (the answers stay). */
  onStale: () => void;
}

/** One field at a time; answers are kept when the server refuses, so nothing typed is lost. */
function ActionForm({ data, ticket, action, onDone, onCancel, onStale }: FormProps) {
  const fields = FORMS[action] ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const [index, setIndex] = useState(0);
  const [text, setText] = useState('');
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const field = fields[index];

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the form moves to another field (the earlier answers decide its choices)
  useEffect(() => {
    setChoices(null);
    if (field?.kind === 'pick' && field.choices) {
      void field.choices(data, values).then(setChoices, (e: Error) => setError(e.message));
    }
    setText(field ? (values[field.key] ?? '') : '');
  }, [index]);

  useInput((_input, key) => {
    if (key.escape) onCancel();
  });

  const submit = async (answers: Record<string, string>) => {
    setBusy(true);
    try {
      onDone(await data.act(ticket, action, bodyOf(action, answers)));
    } catch (e) {
      if (e instanceof ApiFailure && e.stale) {
        setError(label('stale'));
        onStale();
      } else setError((e as Error).message);
      // Back to the last field with every answer kept.
      setIndex(fields.length - 1);
    } finally {
      setBusy(false);
    }
  };

  const answer = (value: string) => {
    if (!field) return;
    if (!field.optional && value.trim() === '') return;
    const next = { ...values, [field.key]: value };
    setValues(next);
    if (index + 1 < fields.length) setIndex(index + 1);
    else void submit(next);
  };

  return h(
    Box,
    { flexDirection: 'column' },
    h(Text, { bold: true }, `${actionLabel(action)} ${ticket.reference}`),
    ...fields
      .slice(0, index)
      .map((f) => h(Text, { key: f.key, dimColor: true }, `${label(f.label)} : ${values[f.key] || '—'}`)),
    field
      ? h(
          Box,
          { flexDirection: 'column' },
          h(Text, null, `${label(field.label)} :`),
          field.kind === 'text'
            ? h(TextInput, { value: text, onChange: setText, onSubmit: answer, focus: !busy })
            : choices === null
              ? h(Text, null, label('loading'))
              : h(SelectInput, {
                  items: choices.map((c) => ({ key: c.value || '-', label: c.label, value: c.value })),
                  initialIndex: Math.max(
                    0,
                    choices.findIndex((c) => c.value === (values[field.key] ?? field.preset?.(ticket))),
                  ),
                  limit: 10,
                  onSelect: (item: { value: unknown }) => answer(String(item.value)),
                }),
        )
      : null,
    error ? h(Text, { wrap: 'wrap' }, `! ${error}`) : null,
    h(Text, { dimColor: true }, label('keys_form')),
  );
}
