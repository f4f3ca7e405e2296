using System;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class IncidentManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_incidents_open",
                schema: "dq",
                table: "incidents");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:dq.check_outcome", "error,failed,neverrun,passed")
                .Annotation("Npgsql:Enum:dq.check_severity", "error,fatal,warning")
                .Annotation("Npgsql:Enum:dq.check_target_type", "column,table")
                .Annotation("Npgsql:Enum:dq.connection_status", "error,healthy,unhealthy,unknown")
                .Annotation("Npgsql:Enum:dq.connection_type", "bigquery,databricks,mysql,postgresql,redshift,snowflake,sqlserver")
                .Annotation("Npgsql:Enum:dq.incident_grouping", "check,connectionandcategory,table")
                .Annotation("Npgsql:Enum:dq.incident_status", "acknowledged,open,resolved")
                .Annotation("Npgsql:Enum:dq.job_status", "cancelled,completed,failed,queued,running")
                .OldAnnotation("Npgsql:Enum:dq.check_outcome", "error,failed,neverrun,passed")
                .OldAnnotation("Npgsql:Enum:dq.check_severity", "error,fatal,warning")
                .OldAnnotation("Npgsql:Enum:dq.check_target_type", "column,table")
                .OldAnnotation("Npgsql:Enum:dq.connection_status", "error,healthy,unhealthy,unknown")
                .OldAnnotation("Npgsql:Enum:dq.connection_type", "bigquery,databricks,mysql,postgresql,redshift,snowflake,sqlserver")
                .OldAnnotation("Npgsql:Enum:dq.incident_status", "acknowledged,open,resolved")
                .OldAnnotation("Npgsql:Enum:dq.job_status", "cancelled,completed,failed,queued,running");

            migrationBuilder.AddColumn<IncidentGrouping>(
                name: "incident_grouping",
                schema: "dq",
                table: "workspaces",
                type: "dq.incident_grouping",
                nullable: false,
                defaultValue: IncidentGrouping.Check);

            migrationBuilder.AddColumn<CheckSeverity>(
                name: "incident_minimum_severity",
                schema: "dq",
                table: "workspaces",
                type: "dq.check_severity",
                nullable: false,
                defaultValue: CheckSeverity.Warning);

            migrationBuilder.AddColumn<Guid>(
                name: "assignee_id",
                schema: "dq",
                table: "incidents",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "group_key",
                schema: "dq",
                table: "incidents",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<IncidentGrouping>(
                name: "grouping",
                schema: "dq",
                table: "incidents",
                type: "dq.incident_grouping",
                nullable: false,
                defaultValue: IncidentGrouping.Check);

            migrationBuilder.AddColumn<string>(
                name: "mute_reason",
                schema: "dq",
                table: "incidents",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "muted_by_id",
                schema: "dq",
                table: "incidents",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "muted_until",
                schema: "dq",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mute_reason",
                schema: "dq",
                table: "check_definitions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "muted_by_id",
                schema: "dq",
                table: "check_definitions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "muted_until",
                schema: "dq",
                table: "check_definitions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "incident_checks",
                schema: "dq",
                columns: table => new
                {
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    check_id = table.Column<Guid>(type: "uuid", nullable: false),
                    failure_count = table.Column<int>(type: "integer", nullable: false),
                    last_seen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incident_checks", x => new { x.incident_id, x.check_id });
                    table.ForeignKey(
                        name: "fk_incident_checks_check_definitions_check_id",
                        column: x => x.check_id,
                        principalSchema: "dq",
                        principalTable: "check_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_incident_checks_incidents_incident_id",
                        column: x => x.incident_id,
                        principalSchema: "dq",
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_incidents_open",
                schema: "dq",
                table: "incidents",
                column: "check_id",
                unique: true,
                filter: "group_key IS NULL AND status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])");

            migrationBuilder.CreateIndex(
                name: "idx_incidents_open_group",
                schema: "dq",
                table: "incidents",
                column: "group_key",
                unique: true,
                filter: "status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_assignee_id",
                schema: "dq",
                table: "incidents",
                column: "assignee_id");

            migrationBuilder.CreateIndex(
                name: "idx_incident_checks_check",
                schema: "dq",
                table: "incident_checks",
                column: "check_id");

            migrationBuilder.AddForeignKey(
                name: "fk_incidents_users_assignee_id",
                schema: "dq",
                table: "incidents",
                column: "assignee_id",
                principalSchema: "dq",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_incidents_users_assignee_id",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropTable(
                name: "incident_checks",
                schema: "dq");

            migrationBuilder.DropIndex(
                name: "idx_incidents_open",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "idx_incidents_open_group",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "ix_incidents_assignee_id",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "incident_grouping",
                schema: "dq",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "incident_minimum_severity",
                schema: "dq",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "assignee_id",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "group_key",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "grouping",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "mute_reason",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "muted_by_id",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "muted_until",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "mute_reason",
                schema: "dq",
                table: "check_definitions");

            migrationBuilder.DropColumn(
                name: "muted_by_id",
                schema: "dq",
                table: "check_definitions");

            migrationBuilder.DropColumn(
                name: "muted_until",
                schema: "dq",
                table: "check_definitions");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:dq.check_outcome", "error,failed,neverrun,passed")
                .Annotation("Npgsql:Enum:dq.check_severity", "error,fatal,warning")
                .Annotation("Npgsql:Enum:dq.check_target_type", "column,table")
                .Annotation("Npgsql:Enum:dq.connection_status", "error,healthy,unhealthy,unknown")
                .Annotation("Npgsql:Enum:dq.connection_type", "bigquery,databricks,mysql,postgresql,redshift,snowflake,sqlserver")
                .Annotation("Npgsql:Enum:dq.incident_status", "acknowledged,open,resolved")
                .Annotation("Npgsql:Enum:dq.job_status", "cancelled,completed,failed,queued,running")
                .OldAnnotation("Npgsql:Enum:dq.check_outcome", "error,failed,neverrun,passed")
                .OldAnnotation("Npgsql:Enum:dq.check_severity", "error,fatal,warning")
                .OldAnnotation("Npgsql:Enum:dq.check_target_type", "column,table")
                .OldAnnotation("Npgsql:Enum:dq.connection_status", "error,healthy,unhealthy,unknown")
                .OldAnnotation("Npgsql:Enum:dq.connection_type", "bigquery,databricks,mysql,postgresql,redshift,snowflake,sqlserver")
                .OldAnnotation("Npgsql:Enum:dq.incident_grouping", "check,connectionandcategory,table")
                .OldAnnotation("Npgsql:Enum:dq.incident_status", "acknowledged,open,resolved")
                .OldAnnotation("Npgsql:Enum:dq.job_status", "cancelled,completed,failed,queued,running");

            migrationBuilder.CreateIndex(
                name: "idx_incidents_open",
                schema: "dq",
                table: "incidents",
                column: "check_id",
                unique: true,
                filter: "status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])");
        }
    }
}
