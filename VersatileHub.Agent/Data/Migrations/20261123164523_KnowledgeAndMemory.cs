using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace VersatileHub.Agent.Data.Migrations
{
    /// <inheritdoc />
    public partial class KnowledgeAndMemory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(VersatileHub.Agent.Knowledge.KnowledgeSearchSql.Functions);

            migrationBuilder.CreateTable(
                name: "contact_facts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    contact_id = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    conversation_id = table.Column<int>(type: "integer", nullable: false),
                    remembered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_facts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_documents",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_passages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    document_id = table.Column<int>(type: "integer", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    heading = table.Column<string>(type: "text", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "setweight(to_tsvector('spanish'::regconfig, public.vh_unaccent(coalesce(heading, ''))), 'A')\n|| setweight(to_tsvector('english'::regconfig, public.vh_unaccent(coalesce(heading, ''))), 'A')\n|| to_tsvector('spanish'::regconfig, public.vh_unaccent(coalesce(text, '')))\n|| to_tsvector('english'::regconfig, public.vh_unaccent(coalesce(text, '')))", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_passages", x => x.id);
                    table.ForeignKey(
                        name: "fk_knowledge_passages_knowledge_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "knowledge_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_contact_facts_tenant_id",
                table: "contact_facts",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_contact_facts_tenant_id_contact_id_key",
                table: "contact_facts",
                columns: new[] { "tenant_id", "contact_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_documents_tenant_id",
                table: "knowledge_documents",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_passages_document_id_ordinal",
                table: "knowledge_passages",
                columns: new[] { "document_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_passages_search_vector",
                table: "knowledge_passages",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_passages_tenant_id",
                table: "knowledge_passages",
                column: "tenant_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_facts");

            migrationBuilder.DropTable(
                name: "knowledge_passages");

            migrationBuilder.DropTable(
                name: "knowledge_documents");

            migrationBuilder.Sql(VersatileHub.Agent.Knowledge.KnowledgeSearchSql.DropFunctions);
        }
    }
}
