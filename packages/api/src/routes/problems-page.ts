import { LANGUAGES, type Language, translate } from '@guichet/core';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/app-env.ts';
import { codeToStatus, type ProblemCode, problemType } from '../lib/problem.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const HEADINGS: Readonly<Record<Language, { title: string; lead: string; status: string }>> = {
  fr: {
    title: 'Guichet — types de problèmes',
    lead: 'Chaque erreur de l’API est un document RFC 9457 application/problem+json dont « type » renvoie ici. « title » et « detail » suivent Accept-Language (français par défaut) ; « code » et « rule » sont des identifiants stables pour les programmes.',
    status: 'statut HTTP',
  },
  en: {
    title: 'Guichet — problem types',
    lead: 'Every API error is an RFC 9457 application/problem+json document whose "type" points here. "title" and "detail" follow Accept-Language (French by default); "code" and "rule" are stable identifiers for programs.',
    status: 'HTTP status',
  },
};

function section(code: ProblemCode): string {
  const id = problemType(code).split('#')[1] ?? '';
  const texts = LANGUAGES.map(
    (lang) =>
      `<div lang="${lang}"><h3>${escapeHtml(translate(lang, `title.${code}`))}</h3><p>${escapeHtml(translate(lang, `explain.${code}`))}</p></div>`,
  ).join('\n    ');
  return `<section id="${id}">
    <h2><code>${code}</code> · ${codeToStatus[code]}</h2>
    ${texts}
  </section>`;
}

/** The page `type` links point to: every problem code, from the one code→status table. */
export function problemsPage(): string {
  const codes = Object.keys(codeToStatus) as ProblemCode[];
  return `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(HEADINGS.fr.title)}</title>
  <style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}section{border-top:1px solid #ccc;padding:.5rem 0}h3{font-size:1rem;margin:.5rem 0 0}p{margin:.25rem 0}</style>
</head>
<body>
  <main>
  <h1>${escapeHtml(HEADINGS.fr.title)}</h1>
  <p>${escapeHtml(HEADINGS.fr.lead)}</p>
  <p lang="en">${escapeHtml(HEADINGS.en.lead)}</p>
  ${codes.map(section).join('\n  ')}
  </main>
</body>
</html>`;
}

/** `GET /docs/problems`: where every problem's `type` resolves, with an anchor per code. */
export function registerProblemsPage(app: OpenAPIHono<AppEnv>) {
  const page = problemsPage();
  app.get('/docs/problems', (c) =>
    c.html(page, 200, { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" }),
  );
}
