import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connection } from './api.ts';
import { readStdin } from './base.ts';
import type { FileError } from './catalogue-file.ts';
import { fileFailure } from './catalogue-file.ts';
import { CliError, EXIT } from './errors.ts';
import { kbApi } from './kb.ts';
import {
  type Article,
  type ArticleFields,
  type ArticleFile,
  articleToFile,
  type FilePlan,
  parseArticleFile,
  planFile,
  withReference,
} from './kb-file.ts';
import { t } from './messages.ts';

async function source(name: string): Promise<string> {
  if (name === '-') return readStdin();
  try {
    return await readFile(name, 'utf8');
  } catch (error) {
    throw new CliError(`${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Reads one article file and refuses it, with every error at its place, when it cannot be sent. */
export async function readArticleFile(name: string, options: { requireNew?: boolean } = {}) {
  const file = parseArticleFile(name === '-' ? '<stdin>' : name, await source(name));
  if (options.requireNew && file.reference)
    file.errors.push({
      ...file.locate('reference'),
      message: t('kb_create_has_reference', { reference: file.reference }),
    });
  if (file.errors.length) throw fileFailure(file.name, file.errors);
  return file;
}

/** The field errors of a problem response at their places in the file, or null when it names none. */
function placed(file: ArticleFile, error: unknown): FileError[] | null {
  const problem =
    error instanceof CliError ? (error.detail as { errors?: { field: string; message: string }[] }) : null;
  if (!problem?.errors?.length) return null;
  return problem.errors.map((e) => ({ ...file.locate(e.field), message: `« ${e.field} » : ${e.message}` }));
}

/** Sends what a file asks; the server's field errors come back at their places in the file. */
export async function sendWithPlaces<R>(file: ArticleFile, send: () => Promise<R>): Promise<R> {
  try {
    return await send();
  } catch (error) {
    const errors = placed(file, error);
    if (errors) throw fileFailure(file.name, errors, (error as CliError).detail);
    throw error;
  }
}

/** Several files' errors in one failure: a summary line, then `file:line:column : message` lines. */
function filesFailure(
  errors: { file: string; errors: FileError[] }[],
  key: 'kb_files_errors' | 'kb_apply_errors',
) {
  const count = errors.reduce((n, f) => n + f.errors.length, 0);
  const lines = errors.flatMap((f) =>
    [...f.errors]
      .sort((a, b) => a.line - b.line || a.column - b.column)
      .map((e) => t('file_error', { file: f.file, line: e.line, column: e.column, message: e.message })),
  );
  return new CliError([t(key, { count, files: errors.length }), ...lines].join('\n'), EXIT.error);
}

/** The files of a directory with their sources, in name order. */
async function readDir(dir: string): Promise<{ file: ArticleFile; source: string; path: string }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  } catch (error) {
    throw new CliError(`${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (names.length === 0) throw CliError.of('kb_no_files', { dir });
  return Promise.all(
    names.map(async (n) => {
      const path = join(dir, n);
      const text = await readFile(path, 'utf8');
      return { file: parseArticleFile(path, text), source: text, path };
    }),
  );
}

/**
 * The plan of a directory: every file read and checked first (all their errors at once, nothing
 * sent), then each compared with the article it names (create / update / unchanged).
 */
export async function planDirectory(connection: Connection, dir: string) {
  const files = await readDir(dir);
  const bad = files
    .filter((f) => f.file.errors.length)
    .map((f) => ({ file: f.file.name, errors: f.file.errors }));
  if (bad.length) throw filesFailure(bad, 'kb_files_errors');
  const unknown: { file: string; errors: FileError[] }[] = [];
  const plans: (FilePlan & { source: string; path: string; parsed: ArticleFile })[] = [];
  for (const f of files) {
    let current: Article | null = null;
    if (f.file.reference) {
      try {
        current = await kbApi.get(connection, f.file.reference);
      } catch (error) {
        if (!(error instanceof CliError) || (error.detail as { status?: number })?.status !== 404)
          throw error;
        unknown.push({
          file: f.file.name,
          errors: [
            {
              ...f.file.locate('reference'),
              message: t('kb_unknown_reference', { reference: f.file.reference }),
            },
          ],
        });
        continue;
      }
    }
    plans.push({ ...planFile(f.file, current), source: f.source, path: f.path, parsed: f.file });
  }
  if (unknown.length) throw filesFailure(unknown, 'kb_files_errors');
  return plans;
}

/**
 * Applies a plan file by file (creates, then updates against the version planned: If-Match); a new
 * article's reference is written into its file so that applying again updates it. The server's
 * refusals are collected, each at its place, and reported together at the end.
 */
export async function applyPlans(connection: Connection, plans: Awaited<ReturnType<typeof planDirectory>>) {
  const failures: { file: string; errors: FileError[] }[] = [];
  for (const plan of plans) {
    if (plan.op === 'unchanged') continue;
    try {
      if (plan.op === 'create') {
        const article = await kbApi.create(connection, plan.parsed.fields as ArticleFields);
        plan.reference = article.reference;
        await writeFile(plan.path, withReference(plan.source, article.reference));
      } else {
        await kbApi.edit(connection, {
          reference: plan.reference!,
          changes: Object.fromEntries(plan.fields.map((f) => [f.field, f.to])),
          ...(plan.version !== undefined ? { ifMatch: plan.version } : {}),
        });
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failures.push({
        file: plan.file,
        errors: placed(plan.parsed, error) ?? [{ line: 1, column: 1, message: error.line }],
      });
    }
  }
  if (failures.length) throw filesFailure(failures, 'kb_apply_errors');
}

/** Writes every article the caller may read (with the filters) as `DIR/REFERENCE.md`. */
export async function exportArticles(
  connection: Connection,
  dir: string,
  filters: Parameters<typeof kbApi.all>[1] = {},
): Promise<Article[]> {
  const hits = await kbApi.all(connection, filters);
  const articles: Article[] = [];
  for (const hit of hits) {
    const article = await kbApi.get(connection, hit.reference);
    await writeFile(join(dir, `${article.reference}.md`), articleToFile(article));
    articles.push(article);
  }
  return articles;
}
