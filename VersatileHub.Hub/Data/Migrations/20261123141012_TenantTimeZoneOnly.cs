using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VersatileHub.Hub.Data.Migrations
{
    /// <inheritdoc />
    public partial class TenantTimeZoneOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The tenant's time zone is the agenda's: a zone the agenda settings held moves onto its tenant before they go.
            migrationBuilder.Sql(
                "UPDATE tenants AS t SET time_zone = s.time_zone FROM agenda_settings AS s WHERE s.tenant_id = t.id;");

            migrationBuilder.DropTable(
                name: "agenda_settings");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agenda_settings",
                columns: table => new
                {
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agenda_settings", x => x.tenant_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agenda_settings_tenant_id",
                table: "agenda_settings",
                column: "tenant_id");

            migrationBuilder.Sql(
                "INSERT INTO agenda_settings (tenant_id, time_zone) SELECT id, time_zone FROM tenants;");
        }
    }
}
