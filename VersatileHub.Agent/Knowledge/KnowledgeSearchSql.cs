namespace VersatileHub.Agent.Knowledge;

/// <summary>The database side of knowledge search: the accent-blind function the passages' generated column uses, and that column.</summary>
internal static class KnowledgeSearchSql
{
    public const string SearchVector = "SearchVector";

    /// <summary>Run at the top of the migration that creates the passages table (needs the unaccent extension, as Chat's and the Hub's do).</summary>
    public const string Functions = """
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE OR REPLACE FUNCTION vh_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT public.unaccent('public.unaccent', $1) $$;
        """;

    public const string DropFunctions = "DROP FUNCTION IF EXISTS vh_unaccent(text);";

    /// <summary>Headings (weighted above the text) and text, each stemmed as Spanish and as English, accents removed.</summary>
    public const string SearchVectorExpression = """
        setweight(to_tsvector('spanish'::regconfig, public.vh_unaccent(coalesce(heading, ''))), 'A')
        || setweight(to_tsvector('english'::regconfig, public.vh_unaccent(coalesce(heading, ''))), 'A')
        || to_tsvector('spanish'::regconfig, public.vh_unaccent(coalesce(text, '')))
        || to_tsvector('english'::regconfig, public.vh_unaccent(coalesce(text, '')))
        """;
}
