using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VersatileHub.Chat.Data.Migrations
{
    /// <inheritdoc />
    public partial class InboxWebhookKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "webhook_token",
                table: "inboxes",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            // WhatsApp inboxes opened before webhook keys existed get theirs now.
            migrationBuilder.Sql("UPDATE inboxes SET webhook_token = md5(random()::text || id::text) WHERE channel_type = 'Whatsapp';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "webhook_token",
                table: "inboxes");
        }
    }
}
