using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VersatileHub.Chat.Data.Migrations
{
    /// <summary>
    /// Display ids come from one sequence per account (<c>conversation_display_ids_&lt;account&gt;</c>) instead of a counter
    /// row locked until the creating transaction commits; every account continues from its highest number.
    /// </summary>
    public partial class DisplayIdSequences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Creates the account's sequence when missing, starting after its highest display id; two sessions creating it
            // at once both succeed (the loser finds it made).
            migrationBuilder.Sql("""
                CREATE FUNCTION vh_create_display_id_sequence(account integer) RETURNS void LANGUAGE plpgsql AS $fn$
                DECLARE
                    sequence_name text := format('conversation_display_ids_%s', account);
                    last integer;
                BEGIN
                    IF to_regclass(sequence_name) IS NOT NULL THEN
                        RETURN;
                    END IF;
                    SELECT coalesce(max(display_id), 0) INTO last FROM conversations WHERE account_id = account;
                    BEGIN
                        EXECUTE format('CREATE SEQUENCE %I AS integer START WITH %s', sequence_name, last + 1);
                    EXCEPTION WHEN duplicate_table OR unique_violation THEN
                        NULL;
                    END;
                END
                $fn$;
                """);
            migrationBuilder.Sql("""
                DO $do$
                DECLARE
                    account integer;
                BEGIN
                    FOR account IN SELECT account_id FROM conversation_counters UNION SELECT account_id FROM conversations LOOP
                        PERFORM vh_create_display_id_sequence(account);
                        PERFORM setval(format('conversation_display_ids_%s', account), greatest(
                            (SELECT max(display_id) FROM conversations c WHERE c.account_id = account),
                            (SELECT last_display_id FROM conversation_counters cc WHERE cc.account_id = account)));
                    END LOOP;
                END
                $do$;
                """);

            migrationBuilder.DropTable(
                name: "conversation_counters");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "conversation_counters",
                columns: table => new
                {
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    last_display_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_counters", x => x.account_id);
                });

            migrationBuilder.Sql("""
                DO $do$
                DECLARE
                    seq record;
                BEGIN
                    FOR seq IN SELECT sequencename, last_value FROM pg_sequences
                                    WHERE schemaname = current_schema() AND sequencename ~ '^conversation_display_ids_[0-9]+$' LOOP
                        INSERT INTO conversation_counters (account_id, last_display_id)
                        VALUES (substring(seq.sequencename FROM '[0-9]+$')::integer, coalesce(seq.last_value, 0));
                        EXECUTE format('DROP SEQUENCE %I', seq.sequencename);
                    END LOOP;
                END
                $do$;
                """);
            migrationBuilder.Sql("DROP FUNCTION vh_create_display_id_sequence(integer);");
        }
    }
}
