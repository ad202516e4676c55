using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VersatileHub.Flow.Data.Migrations
{
    /// <inheritdoc />
    public partial class EngineQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_runs_workflow_id",
                table: "runs");

            migrationBuilder.AddColumn<int>(
                name: "concurrency_limit",
                table: "runs",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_runs_finished",
                table: "runs",
                column: "finished_at",
                filter: "finished_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_runs_leases",
                table: "runs",
                column: "lease_until",
                filter: "status = 'Running'");

            migrationBuilder.CreateIndex(
                name: "ix_runs_running",
                table: "runs",
                columns: new[] { "workflow_id", "status" },
                filter: "status = 'Running'");

            migrationBuilder.CreateIndex(
                name: "ix_runs_workflow_queued",
                table: "runs",
                columns: new[] { "workflow_id", "queued_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_runs_finished",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "ix_runs_leases",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "ix_runs_running",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "ix_runs_workflow_queued",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "concurrency_limit",
                table: "runs");

            migrationBuilder.CreateIndex(
                name: "ix_runs_workflow_id",
                table: "runs",
                column: "workflow_id");
        }
    }
}
