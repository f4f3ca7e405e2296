using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Data
{
    /// <inheritdoc />
    public partial class InitialQueryDataSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "data");

            migrationBuilder.CreateTable(
                name: "query_audit",
                schema: "data",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    query_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    columns_accessed = table.Column<string>(type: "jsonb", nullable: true),
                    result_row_count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_query_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "saved_queries",
                schema: "data",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    query = table.Column<string>(type: "text", nullable: false),
                    visibility = table.Column<string>(type: "text", nullable: false, defaultValue: "private"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_queries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "query_results",
                schema: "data",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    connection_id = table.Column<Guid>(type: "uuid", nullable: true),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    mode = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    sql_hash = table.Column<string>(type: "text", nullable: false),
                    saved_query_id = table.Column<Guid>(type: "uuid", nullable: true),
                    task_id = table.Column<Guid>(type: "uuid", nullable: true),
                    output_format = table.Column<string>(type: "text", nullable: true),
                    output_location = table.Column<string>(type: "text", nullable: true),
                    row_count = table.Column<long>(type: "bigint", nullable: true),
                    bytes = table.Column<long>(type: "bigint", nullable: true),
                    duration_ms = table.Column<int>(type: "integer", nullable: true),
                    error_code = table.Column<string>(type: "text", nullable: true),
                    error_message = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_query_results", x => x.id);
                    table.ForeignKey(
                        name: "fk_query_results_saved_queries_saved_query_id",
                        column: x => x.saved_query_id,
                        principalSchema: "data",
                        principalTable: "saved_queries",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "query_audit_org_time_idx",
                schema: "data",
                table: "query_audit",
                columns: new[] { "org_id", "query_time" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "query_audit_task_time_idx",
                schema: "data",
                table: "query_audit",
                columns: new[] { "task_id", "query_time" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "idx_query_results_org_time",
                schema: "data",
                table: "query_results",
                columns: new[] { "org_id", "created_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "idx_query_results_task",
                schema: "data",
                table: "query_results",
                column: "task_id");

            migrationBuilder.CreateIndex(
                name: "idx_query_results_user_time",
                schema: "data",
                table: "query_results",
                columns: new[] { "user_id", "created_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "idx_query_results_workspace_time",
                schema: "data",
                table: "query_results",
                columns: new[] { "workspace_id", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_query_results_saved_query_id",
                schema: "data",
                table: "query_results",
                column: "saved_query_id");

            migrationBuilder.CreateIndex(
                name: "idx_saved_queries_org",
                schema: "data",
                table: "saved_queries",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "idx_saved_queries_workspace",
                schema: "data",
                table: "saved_queries",
                column: "workspace_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "query_audit",
                schema: "data");

            migrationBuilder.DropTable(
                name: "query_results",
                schema: "data");

            migrationBuilder.DropTable(
                name: "saved_queries",
                schema: "data");
        }
    }
}
