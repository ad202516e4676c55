using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace VersatileHub.Chat.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChatCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,");

            // Message search's accent-blind function must exist before the messages' generated search column.
            migrationBuilder.Sql(MessageSearchSql.Functions);

            migrationBuilder.CreateTable(
                name: "account_settings",
                columns: table => new
                {
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    human_override_hours = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_settings", x => x.account_id);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    email = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    phone_number = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    identifier = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    hub_customer_id = table.Column<int>(type: "integer", nullable: true),
                    additional_attributes = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    custom_attributes = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_activity_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                });

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

            migrationBuilder.CreateTable(
                name: "inboxes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    channel_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    phone_number = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    provider = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    website_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    webhook_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    protected_secrets = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inboxes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contact_inboxes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    contact_id = table.Column<int>(type: "integer", nullable: false),
                    inbox_id = table.Column<int>(type: "integer", nullable: false),
                    source_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_inboxes", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_inboxes_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_inboxes_inbox_inbox_id",
                        column: x => x.inbox_id,
                        principalTable: "inboxes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    display_id = table.Column<int>(type: "integer", nullable: false),
                    inbox_id = table.Column<int>(type: "integer", nullable: false),
                    contact_id = table.Column<int>(type: "integer", nullable: false),
                    contact_inbox_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    snoozed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    priority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    assignee_id = table.Column<int>(type: "integer", nullable: true),
                    labels = table.Column<List<string>>(type: "text[]", nullable: false),
                    bot_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    human_override_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    handoff_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    last_activity_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversations", x => x.id);
                    table.ForeignKey(
                        name: "fk_conversations_contact_inboxes_contact_inbox_id",
                        column: x => x.contact_inbox_id,
                        principalTable: "contact_inboxes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_conversations_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_conversations_inbox_inbox_id",
                        column: x => x.inbox_id,
                        principalTable: "inboxes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agent_last_seen",
                columns: table => new
                {
                    conversation_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<int>(type: "integer", nullable: false),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_last_seen", x => new { x.conversation_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_agent_last_seen_conversation_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    inbox_id = table.Column<int>(type: "integer", nullable: false),
                    conversation_id = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<string>(type: "text", nullable: true),
                    message_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    content_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    @private = table.Column<bool>(name: "private", type: "boolean", nullable: false),
                    sender_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sender_id = table.Column<int>(type: "integer", nullable: true),
                    sender_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    source_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    echo_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    external_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "to_tsvector('spanish'::regconfig, public.vh_unaccent(coalesce(content, '')))\n|| to_tsvector('english'::regconfig, public.vh_unaccent(coalesce(content, '')))", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_messages_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    message_id = table.Column<long>(type: "bigint", nullable: false),
                    file_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    mime_type = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    storage_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_attachments_message_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agent_last_seen_account_id",
                table: "agent_last_seen",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_account_id",
                table: "attachments",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_message_id",
                table: "attachments",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_contact_inboxes_account_id",
                table: "contact_inboxes",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_contact_inboxes_contact_id",
                table: "contact_inboxes",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_contact_inboxes_inbox_id_source_id",
                table: "contact_inboxes",
                columns: new[] { "inbox_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contacts_account_id",
                table: "contacts",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_account_id_email",
                table: "contacts",
                columns: new[] { "account_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contacts_account_id_identifier",
                table: "contacts",
                columns: new[] { "account_id", "identifier" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contacts_account_id_phone_number",
                table: "contacts",
                columns: new[] { "account_id", "phone_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_account_id",
                table: "conversations",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_account_id_display_id",
                table: "conversations",
                columns: new[] { "account_id", "display_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_account_id_status_last_activity_at",
                table: "conversations",
                columns: new[] { "account_id", "status", "last_activity_at" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_contact_id",
                table: "conversations",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_contact_inbox_id_status",
                table: "conversations",
                columns: new[] { "contact_inbox_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_inbox_id",
                table: "conversations",
                column: "inbox_id");

            migrationBuilder.CreateIndex(
                name: "ix_inboxes_account_id",
                table: "inboxes",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_account_id",
                table: "messages",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_conversation_id_id",
                table: "messages",
                columns: new[] { "conversation_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_messages_inbox_id_source_id",
                table: "messages",
                columns: new[] { "inbox_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_messages_search_vector",
                table: "messages",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_settings");

            migrationBuilder.DropTable(
                name: "agent_last_seen");

            migrationBuilder.DropTable(
                name: "attachments");

            migrationBuilder.DropTable(
                name: "conversation_counters");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "conversations");

            migrationBuilder.DropTable(
                name: "contact_inboxes");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "inboxes");

            migrationBuilder.Sql(MessageSearchSql.DropFunctions);

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");
        }
    }
}
