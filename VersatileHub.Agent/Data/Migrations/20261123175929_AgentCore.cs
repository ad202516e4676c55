using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VersatileHub.Agent.Data.Migrations
{
    /// <inheritdoc />
    public partial class AgentCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_profiles",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    endpoint = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    protected_api_key = table.Column<string>(type: "text", nullable: true),
                    temperature = table.Column<double>(type: "double precision", nullable: false),
                    max_tokens = table.Column<int>(type: "integer", nullable: false),
                    persona = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    system_prompt = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    enabled_tools = table.Column<List<string>>(type: "text[]", nullable: false),
                    business_hours = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    handoff_rules = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_profiles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "model_failures",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    conversation_id = table.Column<int>(type: "integer", nullable: true),
                    model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    detail = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_failures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "token_usage",
                columns: table => new
                {
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    input_tokens = table.Column<long>(type: "bigint", nullable: false),
                    output_tokens = table.Column<long>(type: "bigint", nullable: false),
                    requests = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_token_usage", x => new { x.tenant_id, x.day, x.model });
                });

            migrationBuilder.CreateTable(
                name: "tool_calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    conversation_id = table.Column<int>(type: "integer", nullable: true),
                    tool = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    arguments = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    result_size = table.Column<int>(type: "integer", nullable: false),
                    duration_ms = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tool_calls", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agent_profiles_tenant_id",
                table: "agent_profiles",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_agent_profiles_tenant_id_role",
                table: "agent_profiles",
                columns: new[] { "tenant_id", "role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_model_failures_tenant_id",
                table: "model_failures",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_model_failures_tenant_id_at",
                table: "model_failures",
                columns: new[] { "tenant_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_token_usage_tenant_id",
                table: "token_usage",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_tool_calls_tenant_id",
                table: "tool_calls",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_tool_calls_tenant_id_at",
                table: "tool_calls",
                columns: new[] { "tenant_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_profiles");

            migrationBuilder.DropTable(
                name: "model_failures");

            migrationBuilder.DropTable(
                name: "token_usage");

            migrationBuilder.DropTable(
                name: "tool_calls");
        }
    }
}
