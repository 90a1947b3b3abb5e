import type { ProblemVisibility } from './problem.entity.ts';
import type { ProblemOperation } from './problem.rules.ts';

/** The problem ticket as problem screens show it. */
export interface ProblemTicketRef {
  reference: string;
  title: string;
  status: string;
  service: string | null;
}

/**
 * A problem and its analysis as staff read it. Requesters get `ProblemSummary` instead.
 */
export interface ProblemView {
  problem: ProblemTicketRef & { solution: string | null; resolvedAt: string | null };
  rootCause: string | null;
  rootCauseVisibility: ProblemVisibility;
  workaround: string | null;
  workaroundVisibility: ProblemVisibility;
  /** Reference of the known-error article, when the caller may read it. */
  knownErrorArticle: string | null;
  /** Linked incidents the caller may see. */
  incidentCount: number;
  /** 0 until the record is first written. */
  version: number;
  updatedAt: string | null;
  /** Problem operations open to the caller now. */
  operations: ProblemOperation[];
}

/** What a requester may read of their incident's problem: nothing internal, no counts. */
export interface ProblemSummary {
  problem: ProblemTicketRef;
  /** The workaround, when public. */
  workaround: string | null;
  /** The root cause, when public. */
  rootCause: string | null;
  knownErrorArticle: string | null;
}

/** Either view, told apart by `view`. */
export type ProblemOfTicket = ({ view: 'staff' } & ProblemView) | ({ view: 'public' } & ProblemSummary);

/** A linked incident in the problem's list. */
export interface LinkedIncident {
  reference: string;
  title: string;
  status: string;
  type: string | null;
  service: string | null;
  establishment: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

/** What happened to one incident in a resolve-incidents batch. */
export type BatchOutcome =
  | { reference: string; outcome: 'resolved'; status: string }
  | { reference: string; outcome: 'skipped'; status: string }
  | { reference: string; outcome: 'refused'; code: string; rule: string | null; message: string };

/** What a batch resolution did to an announcement linked to the problem. */
export type AnnouncementOutcome =
  | { id: string; outcome: 'resolved' }
  /** Not resolved yet, and no `announcementMessage` was given. */
  | { id: string; outcome: 'open' }
  | { id: string; outcome: 'refused'; code: string; rule: string | null; message: string };

export interface ResolveIncidentsReport {
  /** `resolved` when this batch resolved it, `unchanged` otherwise. */
  problem: { reference: string; status: string; outcome: 'resolved' | 'unchanged' };
  incidents: BatchOutcome[];
  /** Linked incidents the caller cannot see, left as they are. */
  notVisible: number;
  /** Announcements linked to the problem that were not resolved before the call, oldest first. */
  announcements: AnnouncementOutcome[];
}

/** Why an open incident looks like the problem. */
export interface SuggestionReason {
  kind: 'same_service' | 'time_window' | 'similar_title' | 'shared_terms';
  /** `same_service`: its service code; `time_window`: days apart; `similar_title`: trigram similarity. */
  value: string | number;
  /** `shared_terms`: the word stems both texts use. */
  terms?: string[];
}

export interface SuggestedIncident {
  reference: string;
  title: string;
  status: string;
  service: string | null;
  createdAt: string;
  /** Higher first. */
  score: number;
  reasons: SuggestionReason[];
}
