using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VersatileHub.Hub.Data.Migrations
{
    /// <inheritdoc />
    public partial class TicketIdempotencyKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "tickets",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_tenant_id_idempotency_key",
                table: "tickets",
                columns: new[] { "tenant_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_tenant_id_idempotency_key",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "tickets");
        }
    }
}
