using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class MaintenanceWindows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "maintenance_windows",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    connection_id = table.Column<Guid>(type: "uuid", nullable: true),
                    tag = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cron_expression = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    timezone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    duration = table.Column<TimeSpan>(type: "interval", nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_maintenance_windows", x => x.id);
                    table.CheckConstraint("ck_maintenance_windows_shape", "(cron_expression IS NOT NULL AND timezone IS NOT NULL AND duration IS NOT NULL AND starts_at IS NULL AND ends_at IS NULL) OR (cron_expression IS NULL AND duration IS NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at)");
                    table.ForeignKey(
                        name: "fk_maintenance_windows_connections_connection_id",
                        column: x => x.connection_id,
                        principalSchema: "dq",
                        principalTable: "connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_maintenance_windows_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalSchema: "dq",
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_maintenance_windows_workspace",
                schema: "dq",
                table: "maintenance_windows",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_maintenance_windows_connection_id",
                schema: "dq",
                table: "maintenance_windows",
                column: "connection_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "maintenance_windows",
                schema: "dq");
        }
    }
}
