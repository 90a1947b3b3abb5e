/**
 * The timeline's horizon: the lowest transaction id that may still write an event in this
 * database. Every event whose `tx` is below it has committed or aborted, so a reader that moves
 * past it never misses one (see `EventLog` and `consumeTimeline`).
 *
 * `pg_snapshot_xmin` alone is the oldest writing transaction of the whole server: on a server
 * shared with other databases (the test suite's, another application's), a long transaction there
 * would hold back every notification and stream here. So the snapshot's transactions in progress
 * are read one by one, and those a backend of another database is running are left out (a backend
 * never changes database, and no two running transactions share the low 32 bits of their ids).
 * Anything not known to belong elsewhere counts: a transaction that has just ended, a prepared
 * one, or one whose backend the role may not inspect (grant `pg_read_all_stats` for a precise
 * horizon). Erring that way only delays a reader, never makes it skip.
 */
export const HORIZON_SQL = `select coalesce(
         (select min(x) from pg_snapshot_xip(s.snap) as x
           where not exists (
             select 1 from pg_stat_activity a
              where a.backend_xid = x::xid
                and a.datid <> (select oid from pg_database where datname = current_database()))),
         pg_snapshot_xmax(s.snap))::text as xmin
    from (select pg_current_snapshot() as snap) as s`;
