using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VersatileHub.Hub.Data.Migrations
{
    /// <inheritdoc />
    public partial class ErpnextLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "erpnext_links",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    doc_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    remote_name = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    local_id = table.Column<int>(type: "integer", nullable: false),
                    remote_modified = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erpnext_links", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_erpnext_links_tenant_id",
                table: "erpnext_links",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_erpnext_links_tenant_id_doc_type_local_id",
                table: "erpnext_links",
                columns: new[] { "tenant_id", "doc_type", "local_id" });

            migrationBuilder.CreateIndex(
                name: "ix_erpnext_links_tenant_id_doc_type_remote_name",
                table: "erpnext_links",
                columns: new[] { "tenant_id", "doc_type", "remote_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "erpnext_links");
        }
    }
}
