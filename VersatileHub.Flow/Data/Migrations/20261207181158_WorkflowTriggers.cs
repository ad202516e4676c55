using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VersatileHub.Flow.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkflowTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "event_subscriptions",
                columns: table => new
                {
                    workflow_id = table.Column<Guid>(type: "uuid", nullable: false),
                    node_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    event_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    filter = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_subscriptions", x => new { x.workflow_id, x.node_name });
                    table.ForeignKey(
                        name: "fk_event_subscriptions_workflow_workflow_id",
                        column: x => x.workflow_id,
                        principalTable: "workflows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "schedules",
                columns: table => new
                {
                    workflow_id = table.Column<Guid>(type: "uuid", nullable: false),
                    node_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    cron = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    every_weeks = table.Column<int>(type: "integer", nullable: false),
                    next_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedules", x => new { x.workflow_id, x.node_name });
                    table.ForeignKey(
                        name: "fk_schedules_workflow_workflow_id",
                        column: x => x.workflow_id,
                        principalTable: "workflows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_routes",
                columns: table => new
                {
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    path = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    workflow_id = table.Column<Guid>(type: "uuid", nullable: false),
                    node_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_routes", x => new { x.tenant_id, x.method, x.path });
                    table.ForeignKey(
                        name: "fk_webhook_routes_workflow_workflow_id",
                        column: x => x.workflow_id,
                        principalTable: "workflows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_subscriptions_tenant_id",
                table: "event_subscriptions",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_subscriptions_tenant_id_event_type",
                table: "event_subscriptions",
                columns: new[] { "tenant_id", "event_type" });

            migrationBuilder.CreateIndex(
                name: "ix_schedules_next_due_at",
                table: "schedules",
                column: "next_due_at");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_tenant_id",
                table: "schedules",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_routes_tenant_id",
                table: "webhook_routes",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_routes_workflow_id",
                table: "webhook_routes",
                column: "workflow_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_subscriptions");

            migrationBuilder.DropTable(
                name: "schedules");

            migrationBuilder.DropTable(
                name: "webhook_routes");
        }
    }
}
