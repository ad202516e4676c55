using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VersatileHub.Chat.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConversationListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_conversations_account_id_last_activity_at",
                table: "conversations",
                columns: new[] { "account_id", "last_activity_at" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_account_id_status_assignee_id",
                table: "conversations",
                columns: new[] { "account_id", "status", "assignee_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_conversations_account_id_last_activity_at",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "ix_conversations_account_id_status_assignee_id",
                table: "conversations");
        }
    }
}
