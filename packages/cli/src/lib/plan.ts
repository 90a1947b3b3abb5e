/** A catalogue plan for humans: `+ create`, `~ update` (field: from → to), `- retire/revoke`. */
export function renderPlan(
  changes: {
    kind: string;
    key: string;
    op: string;
    fields: { field: string; from?: unknown; to?: unknown }[];
  }[],
): string {
  const sign: Record<string, string> = { create: '+', update: '~', retire: '-', revoke: '-' };
  const show = (v: unknown) =>
    v === null || v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v);
  return changes
    .flatMap((c) => [
      `${sign[c.op] ?? '?'} ${c.op} ${c.kind} ${c.key}`,
      ...c.fields.map((f) =>
        c.op === 'create'
          ? `    ${f.field}: ${show(f.to)}`
          : `    ${f.field}: ${show(f.from)} → ${show(f.to)}`,
      ),
    ])
    .join('\n');
}
