/**
 * The technicians' terminal UI (Ink, without JSX so it runs on Node's type stripping, no build
 * step): queues with live counts, a ticket with its timeline, and the actions the API offers on it
 * with the right form; for staff, a dashboard of the backlog and the tickets late or at risk. Every rule stays on the server: the UI shows `actions` and sends them.
 *
 * One input handler for the whole app turns each key (each character of a chunk typed quickly)
 * into an action of the reducer in state.ts; the effects below load and send when its counters
 * move, and feed the answers back as actions.
 */
import { useApp, useInput, useWindowSize } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import { ApiFailure, type TuiData } from './data.ts';
import { splitKeys } from './keys.ts';
import { initialState, reducer, refOf } from './state.ts';
import {
  announcementsScreen,
  articleScreen,
  dashboardScreen,
  type Frame,
  formScreen,
  helpScreen,
  kbScreen,
  loadingScreen,
  menuScreen,
  queuesScreen,
  suggestionsScreen,
  ticketScreen,
} from './views.ts';

export interface AppProps {
  data: TuiData;
  /** Subscribes to live changes; returns the unsubscribe function. */
  watch?: (onChange: () => void) => () => void;
  colour?: boolean;
}

/** How long a success notice stays (it also goes at the next key). */
const NOTICE_MS = 4000;

export function App({ data, watch, colour = false }: AppProps) {
  const { exit } = useApp();
  const size = useWindowSize();
  const [state, dispatch] = useReducer(reducer, undefined, initialState);
  const latest = useRef(state);
  latest.current = state;

  useInput((input, key) => {
    for (const press of splitKeys(input, key)) dispatch({ type: 'key', press });
  });

  const listLoad = state.listLoad;
  useEffect(() => {
    const { queue, search, service } = latest.current;
    const extra = { q: search || undefined, service: service || undefined };
    data.list(queue, extra).then(
      (items) => dispatch({ type: 'items', load: listLoad, items }),
      (error: Error) => dispatch({ type: 'listFailed', load: listLoad, message: error.message }),
    );
    data.counts({ service: extra.service }).then(
      (counts) => dispatch({ type: 'counts', counts }),
      () => {},
    );
  }, [data, listLoad]);

  useEffect(() => {
    const ref = refOf(latest.current.screen);
    if (!ref || state.ticketLoad === 0) return;
    data.ticket(ref).then(
      (detail) => dispatch({ type: 'detail', ref, detail }),
      (error: Error) => dispatch({ type: 'detailFailed', ref, message: error.message }),
    );
  }, [data, state.ticketLoad]);

  // The current pick's choices, and the one to start on.
  const form = state.form;
  const choicesWanted = form && form.choices === null && state.detail ? `${form.id}:${form.index}` : null;
  useEffect(() => {
    if (!choicesWanted) return;
    const { form: f, detail } = latest.current;
    if (!f || !detail) return;
    const field = f.fields[f.index]!;
    Promise.all([
      field.choices ? field.choices(data, f.values, detail.ticket) : Promise.resolve([]),
      Promise.resolve(field.preset?.(data, f.values, detail.ticket)),
    ]).then(
      ([choices, preset]) => dispatch({ type: 'choices', form: f.id, index: f.index, choices, preset }),
      (error: Error) =>
        dispatch({ type: 'choicesFailed', form: f.id, index: f.index, message: error.message }),
    );
  }, [data, choicesWanted]);

  const submission = form?.busy ? `${form.id}:${form.submission}` : null;
  useEffect(() => {
    if (!submission) return;
    const { form: f, detail } = latest.current;
    if (!f || !detail) return;
    const refusedBy = (error: Error) =>
      dispatch({
        type: 'refused',
        form: f.id,
        message: error.message,
        stale: false,
        fields: error instanceof ApiFailure ? error.fields : [],
      });
    if (f.action === 'announce' || f.action === 'announce_update') {
      const { announcement, ...body } = f.body;
      const sent =
        f.action === 'announce'
          ? data.publishAnnouncement(body as never)
          : data.postAnnouncementUpdate(String(announcement), body as never);
      sent.then(
        (published) => dispatch({ type: 'announced', form: f.id, announcement: published }),
        refusedBy,
      );
      return;
    }
    if (f.action === 'write_article') {
      data.articleFromTicket(detail.ticket.reference, f.body).then(
        (article) => dispatch({ type: 'drafted', form: f.id, article }),
        (error: Error) =>
          dispatch({
            type: 'refused',
            form: f.id,
            message: error.message,
            stale: false,
            fields: error instanceof ApiFailure ? error.fields : [],
          }),
      );
      return;
    }
    data.act(detail.ticket, f.action, f.body).then(
      (ticket) => dispatch({ type: 'submitted', form: f.id, ticket }),
      (error: Error) =>
        dispatch({
          type: 'refused',
          form: f.id,
          message: error.message,
          stale: error instanceof ApiFailure && error.stale,
          fields: error instanceof ApiFailure ? error.fields : [],
        }),
    );
  }, [data, submission]);

  const suggestionsLoad = state.suggestionsLoad;
  useEffect(() => {
    const screen = latest.current.screen;
    if (suggestionsLoad === 0 || screen.kind !== 'suggestions') return;
    const { ref } = screen;
    data.suggestions(ref).then(
      (found) => dispatch({ type: 'suggestions', ref, ...found }),
      (error: Error) => dispatch({ type: 'suggestionsFailed', ref, message: error.message }),
    );
  }, [data, suggestionsLoad]);

  const announcementsLoad = state.announcementsLoad;
  useEffect(() => {
    data.announcements().then(
      (announcements) => dispatch({ type: 'announcements', load: announcementsLoad, announcements }),
      (error: Error) =>
        dispatch({ type: 'announcementsFailed', load: announcementsLoad, message: error.message }),
    );
  }, [data, announcementsLoad]);

  const dashboardLoad = state.dashboardLoad;
  useEffect(() => {
    if (dashboardLoad === 0) return;
    data.dashboard().then(
      (dashboard) => dispatch({ type: 'dashboard', load: dashboardLoad, dashboard }),
      (error: Error) =>
        dispatch({
          type: 'dashboardFailed',
          load: dashboardLoad,
          message: error.message,
          staffOnly: error instanceof ApiFailure && error.rule === 'reports_staff_only',
        }),
    );
  }, [data, dashboardLoad]);

  // Whether to show the dashboard's key (asked once; without an answer, it stays hidden).
  useEffect(() => {
    data.staff().then(
      (staff) => dispatch({ type: 'staff', staff }),
      () => {},
    );
  }, [data]);

  const kbLoad = state.kbLoad;
  useEffect(() => {
    if (kbLoad === 0) return;
    data.searchArticles(latest.current.kb.query ?? '').then(
      (found) => dispatch({ type: 'kbResults', load: kbLoad, ...found }),
      (error: Error) => dispatch({ type: 'kbFailed', load: kbLoad, message: error.message }),
    );
  }, [data, kbLoad]);

  const articleLoad = state.articleLoad;
  useEffect(() => {
    const screen = latest.current.screen;
    if (articleLoad === 0 || screen.kind !== 'article') return;
    const { ref } = screen;
    data.article(ref).then(
      (article) => dispatch({ type: 'article', article }),
      (error: Error) => dispatch({ type: 'articleFailed', ref, message: error.message }),
    );
  }, [data, articleLoad]);

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  const notice = state.notice;
  useEffect(() => {
    if (notice?.tone !== 'success') return;
    const timer = setTimeout(() => dispatch({ type: 'noticeExpired', id: notice.id }), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  // Live: every change the caller may see refreshes counts, list and open ticket (coalesced).
  useEffect(() => {
    if (!watch) return;
    let pending: NodeJS.Timeout | null = null;
    const stop = watch(() => {
      pending ??= setTimeout(() => {
        pending = null;
        dispatch({ type: 'changed' });
      }, 300);
    });
    return () => {
      if (pending) clearTimeout(pending);
      stop();
    };
  }, [watch]);

  const frame: Frame = { width: Math.max(60, size.columns), height: Math.max(20, size.rows), colour };
  useEffect(() => {
    dispatch({ type: 'resized', width: frame.width, height: frame.height });
  }, [frame.width, frame.height]);
  const screen = state.screen;
  if (screen.kind === 'help') return helpScreen(frame);
  if (screen.kind === 'queues') return queuesScreen(frame, state);
  if (screen.kind === 'kb') return kbScreen(frame, state);
  if (screen.kind === 'announcements') return announcementsScreen(frame, state);
  if (screen.kind === 'dashboard') return dashboardScreen(frame, state);
  if (screen.kind === 'article')
    return state.article?.reference === screen.ref
      ? articleScreen(frame, state, state.article)
      : loadingScreen(frame, state);
  const detail = state.detail;
  if (!detail || detail.ticket.reference !== screen.ref) return loadingScreen(frame, state);
  if (screen.kind === 'suggestions') return suggestionsScreen(frame, state, detail);
  if (screen.kind === 'menu') return menuScreen(frame, state, detail);
  if (screen.kind === 'form' && state.form) return formScreen(frame, state, detail, state.form);
  return ticketScreen(frame, state, detail);
}
