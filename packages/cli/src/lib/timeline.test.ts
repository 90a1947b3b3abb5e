import { TICKET_EVENT_TYPES } from '@guichet/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anEvent, aTicket, PEOPLE } from '../testing/fixtures.ts';
import { describeEvent, namesFor, needsTeams, timelineLines } from './timeline.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

const ID = {
  teamVr: 'f18b0000-0000-4000-8000-0000000000a1',
  teamPortal: 'f18b0000-0000-4000-8000-0000000000a2',
  serviceVr: 'f18b0000-0000-4000-8000-0000000000b1',
  serviceMoodle: 'f18b0000-0000-4000-8000-0000000000b2',
  providerRef: 'f18b0000-0000-4000-8000-0000000000c1',
  provider: 'f18b0000-0000-4000-8000-0000000000d1',
  other: 'f18b0000-0000-4000-8000-0000000000e1',
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/i;
const change = (before: unknown, after: unknown) => ({ before, after });

/** A VR room ticket's life: one event of every type core records, with the ids core stores. */
function story() {
  const ticket = aTicket({
    service: 'vr-room',
    team: 'vr-room',
    providerReferences: [
      { id: ID.providerRef, provider: 'kelis', externalId: 'KEL-4521', status: 'resolved', notes: null },
    ],
  });
  const events = [
    anEvent('created', { channel: 'portal', status: 'pending_approval' }, { actor: PEOPLE.requester }),
    anEvent('approval_requested', { service: 'moodle' }, { actor: PEOPLE.requester }),
    anEvent('approval_granted', {
      from: 'pending_approval',
      to: 'new',
      changes: {},
      comment: 'OK semaine 50',
    }),
    anEvent('approval_refused', { reason: 'Hors périmètre', changes: {} }),
    anEvent(
      'assigned',
      {
        from: 'new',
        to: 'assigned',
        changes: {
          teamId: change(null, ID.teamPortal),
          agentId: change(null, PEOPLE.manager.id),
          type: change(null, 'request'),
        },
        rule: 'vr-default',
      },
      { actor: null },
    ),
    anEvent('reassigned', {
      changes: {
        teamId: change(ID.teamPortal, ID.teamVr),
        agentId: change(PEOPLE.manager.id, PEOPLE.tech.id),
      },
      reason: 'Spécialiste casques',
    }),
    anEvent('pended', {
      changes: { pendingUntil: change(null, '2030-01-15T07:00:00.000Z') },
      reason: 'Créneau de test réservé',
    }),
    anEvent('info_requested', { question: 'Quel casque exactement ?' }),
    anEvent('woken', { from: 'pending', to: 'assigned', changes: {} }, { actor: null }),
    anEvent('resumed', { from: 'pending', to: 'assigned', changes: {}, note: 'Testé' }),
    anEvent('requester_replied', { body: 'Le casque numéro 2' }, { actor: PEOPLE.requester }),
    anEvent('field_changed', {
      changes: {
        title: change('Casque', 'Casque VR en panne'),
        impact: change('medium', 'high'),
        serviceId: change(ID.serviceMoodle, ID.serviceVr),
      },
    }),
    anEvent('public_reply', { body: 'Nous regardons' }),
    anEvent('internal_note', { body: 'Batterie à vérifier' }, { visibility: 'internal' }),
    anEvent(
      'provider_escalated',
      { providerId: ID.provider, externalId: 'KEL-4521', status: 'open' },
      { visibility: 'internal' },
    ),
    anEvent(
      'provider_updated',
      { referenceId: ID.providerRef, status: 'resolved' },
      { visibility: 'internal' },
    ),
    // The service did not change on resolution: it is the one the ticket had then.
    anEvent('resolved', { changes: { solution: change(null, 'Casque 2 remplacé') } }),
    anEvent('reopened', { reason: 'Toujours en panne' }, { actor: PEOPLE.requester }),
    anEvent('closed', { comment: 'Merci', via: 'portail@groupe-insa.fr' }),
    anEvent(
      'article_created',
      { article: 'KB-000007', title: 'Casque VR qui ne s’allume plus' },
      { visibility: 'internal' },
    ),
    anEvent(
      'sla_warning',
      {
        clock: 'resolution',
        target: 'vr',
        targetMinutes: 480,
        dueAt: '2030-01-16T09:00:00.000Z',
        warningPercent: 80,
      },
      { visibility: 'internal' },
    ),
    anEvent(
      'sla_breached',
      {
        clock: 'firstResponse',
        target: 'vr',
        targetMinutes: 60,
        dueAt: '2030-01-16T08:00:00.000Z',
        escalateTo: [],
      },
      { visibility: 'internal' },
    ),
  ];
  const teams = [
    { code: 'portal', name: 'Portail', establishment: null, members: [PEOPLE.manager] },
    { code: 'vr-room', name: 'Cube VR', establishment: null, members: [PEOPLE.tech] },
  ];
  return { ticket, events, teams };
}

describe('the timeline in words', () => {
  it('renders every event type core records as a sentence, never ids or JSON, in French and English', () => {
    const { ticket, events, teams } = story();
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(TICKET_EVENT_TYPES));
    for (const language of ['fr', 'en']) {
      vi.stubEnv('GUICHET_LANG', language);
      const lines = timelineLines(events, namesFor(ticket, events, teams));
      for (const line of lines) {
        expect(line.text).not.toMatch(UUID);
        expect(line.text).not.toMatch(/[{}]|"after"|undefined|null/);
        expect(line.text.length).toBeGreaterThan(5);
      }
    }
  });

  it('names teams by code, people by name and email, dates in local time, providers by their number', () => {
    vi.stubEnv('GUICHET_LANG', 'fr');
    const { ticket, events, teams } = story();
    const text = timelineLines(events, namesFor(ticket, events, teams)).map((l) => `${l.who} ${l.text}`);
    expect(text).toContain(
      'Guichet (automatique) a assigné le ticket à l’équipe portal, technicien Responsable cube VR <vr.manager@insa-rennes.fr>, type demande d’assistance (règle vr-default)',
    );
    expect(text).toContain(
      'Technicienne cube VR a réassigné le ticket : équipe vr-room, technicien Technicienne cube VR <vr.tech@insa-rennes.fr> (avant : Responsable cube VR <vr.manager@insa-rennes.fr>) ; motif « Spécialiste casques »',
    );
    const hold = new Date('2030-01-15T07:00:00.000Z');
    const local = `${String(hold.getDate()).padStart(2, '0')}/01/2030 ${String(hold.getHours()).padStart(2, '0')}:00`;
    expect(text).toContain(
      `Technicienne cube VR a mis le ticket en attente jusqu’au ${local} : « Créneau de test réservé »`,
    );
    expect(text).toContain(
      'Technicienne cube VR a modifié : titre « Casque » → « Casque VR en panne », impact moyen → élevé, service moodle → vr-room',
    );
    expect(text).toContain(
      'Technicienne cube VR a transmis au prestataire kelis, son ticket KEL-4521 (ouvert)',
    );
    expect(text).toContain('Technicienne cube VR a mis à jour le ticket prestataire kelis KEL-4521 : résolu');
    expect(text).toContain(
      'Technicienne cube VR a résolu le ticket (service vr-room) : « Casque 2 remplacé »',
    );
    expect(text).toContain('Technicienne cube VR a clos le ticket : « Merci » (via portail@groupe-insa.fr)');
    expect(text).toContain('Claire Martin a répondu (demandeur) : « Le casque numéro 2 »');
    expect(text).toContain(
      'Technicienne cube VR a écrit l’article KB-000007 à partir de ce ticket : « Casque VR qui ne s’allume plus »',
    );
  });

  it('asks for the teams only when they name someone, and names what it cannot resolve generically', () => {
    vi.stubEnv('GUICHET_LANG', 'en');
    const ticket = aTicket({ team: 'vr-room', agent: PEOPLE.tech });
    const unknownAgent = anEvent('reassigned', {
      changes: { teamId: change(ID.other, ID.teamVr), agentId: change(ID.other, PEOPLE.tech.id) },
    });
    expect(needsTeams(ticket, [unknownAgent])).toBe(true);
    const line = describeEvent(unknownAgent, namesFor(ticket, [unknownAgent]));
    expect(line.text).toBe(
      'reassigned the ticket: team vr-room, technician Technicienne cube VR <vr.tech@insa-rennes.fr> (was another technician)',
    );
    const known = anEvent('assigned', {
      changes: { teamId: change(null, ID.teamVr), agentId: change(null, PEOPLE.tech.id) },
    });
    expect(needsTeams(ticket, [known])).toBe(false);
  });

  it('an event type this CLI does not know yet still reads as a sentence, not JSON', () => {
    vi.stubEnv('GUICHET_LANG', 'fr');
    const ticket = aTicket();
    const future = anEvent('problem_merged', {
      level: 2,
      changes: { impact: change('low', 'high') },
      nested: { target: 'moodle', teamId: ID.other },
    });
    expect(describeEvent(future, namesFor(ticket, [future]))).toMatchObject({
      what: 'problem_merged',
      text: 'évènement « problem merged » : level 2, impact faible → élevé, nested (target « moodle », équipe une autre équipe)',
    });
  });
});
