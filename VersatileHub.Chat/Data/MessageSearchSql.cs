namespace VersatileHub.Chat.Data;

/// <summary>The database side of message search: the accent-blind function the generated column uses, and its expression.</summary>
internal static class MessageSearchSql
{
    public const string SearchVector = "SearchVector";

    /// <summary>Run at the top of the migration that creates the messages table (needs the unaccent extension).</summary>
    public const string Functions = """
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE OR REPLACE FUNCTION vh_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT public.unaccent('public.unaccent', $1) $$;
        """;

    public const string DropFunctions = "DROP FUNCTION IF EXISTS vh_unaccent(text);";

    /// <summary>The content stemmed as Spanish and as English, accents removed.</summary>
    public const string SearchVectorExpression = """
        to_tsvector('spanish'::regconfig, public.vh_unaccent(coalesce(content, '')))
        || to_tsvector('english'::regconfig, public.vh_unaccent(coalesce(content, '')))
        """;

    /// <summary>The query side: the same normalisation, each word required, in either language.</summary>
    public const string QueryExpression = """
        (plainto_tsquery('spanish'::regconfig, public.vh_unaccent({0})) || plainto_tsquery('english'::regconfig, public.vh_unaccent({0})))
        """;
}
