import { sql, type Kysely } from 'kysely'

/**
 * PostGIS where the server has it (api/tiles encodes vector tiles with ST_AsMVT then); embedded
 * PGlite and servers without it (or without the right to create it) go on without: the tiles
 * fall back to the JS encoder. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`do $$
    begin
      if exists (select 1 from pg_available_extensions where name = 'postgis') then
        begin
          create extension if not exists postgis;
        exception when others then
          raise notice 'postgis not created (%): vector tiles use the JS encoder', sqlerrm;
        end;
      end if;
    end $$`.execute(db)
}

export async function down(): Promise<void> {
  // left in place: other databases objects may depend on the extension by now
}
