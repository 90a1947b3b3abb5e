/** `@socialgouv/jours-feries` 2.0.0 ships no types: its one function, as its README documents it. */
declare module '@socialgouv/jours-feries' {
  /** The year's public holidays by French name, each as local midnight of the process's zone. */
  export default function joursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
