namespace VersatileHub.Hub.Catalog;

/// <summary>The database side of catalog search: functions the generated columns use, and the columns' expressions.</summary>
internal static class CatalogSearchSql
{
    public const string SearchVector = "SearchVector";

    /// <summary>Run at the top of the migration that creates the catalog tables (needs the unaccent extension).</summary>
    public const string Functions = """
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE OR REPLACE FUNCTION vh_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT public.unaccent('public.unaccent', $1) $$;
        CREATE OR REPLACE FUNCTION vh_attribute_terms(jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT coalesce(array_agg(DISTINCT term ORDER BY term), '{}') FROM jsonb_each_text(coalesce($1, '{}')) AS a(key, value),
                  regexp_split_to_table(lower(public.vh_unaccent(a.value)), '[^[:alnum:]]+') AS term WHERE term <> '' $$;
        CREATE OR REPLACE FUNCTION vh_attribute_names(jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT coalesce(array_agg(DISTINCT lower(public.vh_unaccent(key))), '{}') FROM jsonb_object_keys(coalesce($1, '{}')) AS key $$;
        """;

    public const string DropFunctions = """
        DROP FUNCTION IF EXISTS vh_attribute_names(jsonb);
        DROP FUNCTION IF EXISTS vh_attribute_terms(jsonb);
        DROP FUNCTION IF EXISTS vh_unaccent(text);
        """;

    /// <summary>Name (weight A), description (B) and the other search terms (C), each stemmed as Spanish and as English, accents removed.</summary>
    public const string SearchVectorExpression = """
        setweight(to_tsvector('spanish'::regconfig, public.vh_unaccent(coalesce(name, ''))), 'A')
        || setweight(to_tsvector('english'::regconfig, public.vh_unaccent(coalesce(name, ''))), 'A')
        || setweight(to_tsvector('spanish'::regconfig, public.vh_unaccent(coalesce(description, ''))), 'B')
        || setweight(to_tsvector('english'::regconfig, public.vh_unaccent(coalesce(description, ''))), 'B')
        || setweight(to_tsvector('spanish'::regconfig, public.vh_unaccent(coalesce(search_terms, ''))), 'C')
        || setweight(to_tsvector('english'::regconfig, public.vh_unaccent(coalesce(search_terms, ''))), 'C')
        """;
}
