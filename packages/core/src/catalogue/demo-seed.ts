import type {
  CatalogueService,
  EstablishmentInput,
  GrantInput,
  PersonInput,
  ProviderInput,
  RoutingRuleInput,
  ServiceInput,
  TeamInput,
} from './catalogue.service.ts';

/** A whole catalogue as data: what `catalog apply` reads and the demo start loads. */
export interface CatalogueDocument {
  establishments: EstablishmentInput[];
  providers: ProviderInput[];
  teams: TeamInput[];
  people: PersonInput[];
  services: ServiceInput[];
  profiles: GrantInput[];
  routingRules: RoutingRuleInput[];
}

/** The INSA group's shared services as the mission describes them, with demo staff. */
export const DEMO_CATALOGUE: CatalogueDocument = {
  establishments: [
    { code: 'groupe-insa', name: 'Groupe INSA', mailDomains: ['groupe-insa.fr'] },
    { code: 'insa-lyon', name: 'INSA Lyon', mailDomains: ['insa-lyon.fr'] },
    { code: 'insa-rennes', name: 'INSA Rennes', mailDomains: ['insa-rennes.fr'] },
    { code: 'insa-rouen', name: 'INSA Rouen Normandie', mailDomains: ['insa-rouen.fr'] },
    { code: 'insa-strasbourg', name: 'INSA Strasbourg', mailDomains: ['insa-strasbourg.fr'] },
    { code: 'insa-toulouse', name: 'INSA Toulouse', mailDomains: ['insa-toulouse.fr'] },
    { code: 'insa-cvl', name: 'INSA Centre Val de Loire', mailDomains: ['insa-cvl.fr'] },
    { code: 'insa-hdf', name: 'INSA Hauts-de-France', mailDomains: ['insa-hdf.fr', 'uphf.fr'] },
  ],
  providers: [
    { code: 'kelis', name: 'Kelis', contact: 'support@kelis.fr', supportUrl: 'https://support.kelis.fr' },
  ],
  teams: [
    { code: 'moodle-support', name: 'Support Moodle' },
    { code: 'network-db', name: 'Réseau et bases de données' },
    { code: 'pedagogy-support', name: 'Cellule d’appui pédagogique', establishment: 'insa-rouen' },
    { code: 'vr-room', name: 'Équipe cube VR', establishment: 'insa-rennes' },
    { code: 'portal', name: 'Équipe portail et services web' },
  ],
  people: [
    { email: 'admin@groupe-insa.fr', displayName: 'Administration Guichet', affiliation: 'staff' },
    { email: 'moderation@groupe-insa.fr', displayName: 'Modération groupe', affiliation: 'staff' },
    { email: 'moodle.moderation@insa-lyon.fr', displayName: 'Modération Moodle', affiliation: 'staff' },
    { email: 'moodle.tech@insa-lyon.fr', displayName: 'Technicien Moodle', affiliation: 'staff' },
    { email: 'netdb.tech@insa-toulouse.fr', displayName: 'Technicienne réseau et BD', affiliation: 'staff' },
    {
      email: 'scenari.moderation@insa-rouen.fr',
      displayName: 'Cellule d’appui pédagogique',
      affiliation: 'staff',
    },
    { email: 'scenari.tech@insa-rouen.fr', displayName: 'Technicien Scenari', affiliation: 'staff' },
    { email: 'vr.manager@insa-rennes.fr', displayName: 'Responsable cube VR', affiliation: 'faculty' },
    { email: 'vr.tech@insa-rennes.fr', displayName: 'Technicienne cube VR', affiliation: 'staff' },
    { email: 'web.tech@groupe-insa.fr', displayName: 'Technicien portail', affiliation: 'staff' },
  ],
  services: [
    {
      code: 'moodle',
      name: 'Moodle groupe (OpenINSA)',
      owner: 'moodle.moderation@insa-lyon.fr',
    },
    { code: 'moodle.access', name: 'Accès et authentification', parent: 'moodle' },
    { code: 'moodle.courses', name: 'Cours et inscriptions', parent: 'moodle' },
    {
      code: 'scenari',
      name: 'Scenari',
      description: 'Chaîne éditoriale Scenari, hébergée et maintenue par Kelis',
      provider: 'kelis',
      defaultTeam: 'pedagogy-support',
    },
    { code: 'scenari.opale', name: 'Modèle Opale', parent: 'scenari', provider: 'kelis' },
    { code: 'portal', name: 'Portail numérique du groupe', defaultTeam: 'portal' },
    { code: 'video', name: 'Plateforme vidéo', defaultTeam: 'portal' },
    { code: 'surveys', name: 'Enquêtes en ligne', defaultTeam: 'portal' },
    { code: 'bot', name: 'Bot du groupe', defaultTeam: 'portal' },
    { code: 'chat', name: 'Messagerie instantanée du groupe', defaultTeam: 'portal' },
    { code: 'appointments', name: 'Prise de rendez-vous', defaultTeam: 'portal' },
    {
      code: 'vr-room',
      name: 'Cube VR',
      owner: 'vr.manager@insa-rennes.fr',
      approvalPolicy: 'required',
      defaultTeam: 'vr-room',
    },
    { code: 'vr-room.usage', name: 'Utilisation du cube VR', parent: 'vr-room', approvalPolicy: 'required' },
  ],
  profiles: [
    { person: 'admin@groupe-insa.fr', profile: 'functional_admin' },
    { person: 'admin@groupe-insa.fr', profile: 'technical_admin' },
    ...['portal', 'video', 'surveys', 'bot', 'chat', 'appointments'].map((service) => ({
      person: 'moderation@groupe-insa.fr',
      profile: 'moderator' as const,
      service,
    })),
    { person: 'moodle.moderation@insa-lyon.fr', profile: 'moderator', service: 'moodle' },
    { person: 'moodle.tech@insa-lyon.fr', profile: 'technician', team: 'moodle-support' },
    { person: 'netdb.tech@insa-toulouse.fr', profile: 'technician', team: 'network-db' },
    { person: 'scenari.moderation@insa-rouen.fr', profile: 'moderator', service: 'scenari' },
    { person: 'scenari.tech@insa-rouen.fr', profile: 'technician', team: 'pedagogy-support' },
    { person: 'vr.manager@insa-rennes.fr', profile: 'approver', service: 'vr-room' },
    { person: 'vr.manager@insa-rennes.fr', profile: 'moderator', service: 'vr-room' },
    { person: 'vr.tech@insa-rennes.fr', profile: 'technician', team: 'vr-room' },
    { person: 'web.tech@groupe-insa.fr', profile: 'technician', team: 'portal' },
  ],
  routingRules: [
    { code: 'vr-room', position: 10, match: { service: 'vr-room' }, team: 'vr-room', defaultType: 'request' },
    {
      code: 'scenari',
      position: 20,
      match: { service: 'scenari' },
      team: 'pedagogy-support',
      defaultType: 'incident',
    },
  ],
};

/**
 * Applies a catalogue document, in dependency order. Every step is an idempotent upsert, so applying
 * the same document twice changes nothing.
 */
export async function applyCatalogue(catalogue: CatalogueService, doc: CatalogueDocument): Promise<void> {
  for (const e of doc.establishments) await catalogue.upsertEstablishment(e);
  for (const p of doc.providers) await catalogue.upsertProvider(p);
  for (const t of doc.teams) await catalogue.upsertTeam(t);
  for (const p of doc.people) await catalogue.upsertPerson(p);
  for (const s of doc.services) await catalogue.upsertService(s);
  for (const g of doc.profiles) await catalogue.grantProfile(g);
  for (const r of doc.routingRules) await catalogue.upsertRoutingRule(r);
}

/** Loads the demo catalogue (used on the first start of `npm start`). */
export async function seedDemoCatalogue(catalogue: CatalogueService): Promise<void> {
  await applyCatalogue(catalogue, DEMO_CATALOGUE);
}

/**
 * The demo's people still active in this database (their addresses are public, in this
 * repository): the server says so at every start, so that nobody goes live with them.
 */
export async function activeDemoPeople(catalogue: CatalogueService): Promise<string[]> {
  const found: string[] = [];
  for (const p of DEMO_CATALOGUE.people) {
    if (await catalogue.findActivePerson(p.email)) found.push(p.email);
  }
  return found;
}
