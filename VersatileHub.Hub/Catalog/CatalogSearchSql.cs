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

    /// <summary>
    /// Per tenant, how many variants have each attribute value word (kind 'v') and attribute name (kind 'n'), kept by
    /// statement triggers on product_variants: classifying a query word is then one primary-key lookup, where asking
    /// product_variants whether any variant has it scanned them all for a word none has.
    /// </summary>
    public const string AttributeTerms = """
        CREATE TABLE catalog_attribute_terms (
            tenant_id integer NOT NULL,
            kind "char" NOT NULL,
            term text NOT NULL,
            variants integer NOT NULL,
            CONSTRAINT pk_catalog_attribute_terms PRIMARY KEY (tenant_id, kind, term));

        CREATE FUNCTION vh_variant_terms(integer, text[], text[])
            RETURNS TABLE (tenant_id integer, kind "char", term text) LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT $1, 'v'::"char", t FROM unnest($2) AS t UNION ALL SELECT $1, 'n'::"char", t FROM unnest($3) AS t $$;

        CREATE FUNCTION vh_count_attribute_terms() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            -- Rows are changed in key order, so that concurrent catalog edits lock them in one order and never deadlock.
            IF TG_OP = 'INSERT' THEN
                INSERT INTO catalog_attribute_terms AS c (tenant_id, kind, term, variants)
                SELECT t.tenant_id, t.kind, t.term, count(*) FROM new_variants AS v, vh_variant_terms(v.tenant_id, v.attribute_terms, v.attribute_names) AS t
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                ON CONFLICT (tenant_id, kind, term) DO UPDATE SET variants = c.variants + EXCLUDED.variants;
            ELSIF TG_OP = 'UPDATE' THEN
                INSERT INTO catalog_attribute_terms AS c (tenant_id, kind, term, variants)
                SELECT d.tenant_id, d.kind, d.term, sum(d.delta) FROM (
                    SELECT t.*, 1 AS delta FROM new_variants AS v, vh_variant_terms(v.tenant_id, v.attribute_terms, v.attribute_names) AS t
                    UNION ALL
                    SELECT t.*, -1 FROM old_variants AS v, vh_variant_terms(v.tenant_id, v.attribute_terms, v.attribute_names) AS t) AS d
                GROUP BY 1, 2, 3 HAVING sum(d.delta) <> 0 ORDER BY 1, 2, 3
                ON CONFLICT (tenant_id, kind, term) DO UPDATE SET variants = c.variants + EXCLUDED.variants;
            ELSE
                UPDATE catalog_attribute_terms AS c SET variants = c.variants - gone.n
                FROM (SELECT t.tenant_id, t.kind, t.term, count(*) AS n
                      FROM old_variants AS v, vh_variant_terms(v.tenant_id, v.attribute_terms, v.attribute_names) AS t
                      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) AS gone
                WHERE c.tenant_id = gone.tenant_id AND c.kind = gone.kind AND c.term = gone.term;
            END IF;
            RETURN NULL;
        END $$;

        CREATE TRIGGER product_variants_terms_inserted AFTER INSERT ON product_variants
            REFERENCING NEW TABLE AS new_variants FOR EACH STATEMENT EXECUTE FUNCTION vh_count_attribute_terms();
        CREATE TRIGGER product_variants_terms_updated AFTER UPDATE ON product_variants
            REFERENCING OLD TABLE AS old_variants NEW TABLE AS new_variants FOR EACH STATEMENT EXECUTE FUNCTION vh_count_attribute_terms();
        CREATE TRIGGER product_variants_terms_deleted AFTER DELETE ON product_variants
            REFERENCING OLD TABLE AS old_variants FOR EACH STATEMENT EXECUTE FUNCTION vh_count_attribute_terms();

        INSERT INTO catalog_attribute_terms (tenant_id, kind, term, variants)
        SELECT t.tenant_id, t.kind, t.term, count(*) FROM product_variants AS v, vh_variant_terms(v.tenant_id, v.attribute_terms, v.attribute_names) AS t
        GROUP BY 1, 2, 3;
        """;

    public const string DropAttributeTerms = """
        DROP TRIGGER IF EXISTS product_variants_terms_deleted ON product_variants;
        DROP TRIGGER IF EXISTS product_variants_terms_updated ON product_variants;
        DROP TRIGGER IF EXISTS product_variants_terms_inserted ON product_variants;
        DROP FUNCTION IF EXISTS vh_count_attribute_terms();
        DROP FUNCTION IF EXISTS vh_variant_terms(integer, text[], text[]);
        DROP TABLE IF EXISTS catalog_attribute_terms;
        """;

    /// <summary>
    /// A search reads a few thousand rows at most: starting parallel workers costs more than it saves, and a parallel plan
    /// tempted the planner into scanning every product instead of using the search index.
    /// </summary>
    public const string SerialScans = """
        ALTER TABLE products SET (parallel_workers = 0);
        ALTER TABLE product_variants SET (parallel_workers = 0);
        """;

    public const string DropSerialScans = """
        ALTER TABLE products RESET (parallel_workers);
        ALTER TABLE product_variants RESET (parallel_workers);
        """;
}
