using System;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class InitialDqSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "dq");

            migrationBuilder.Sql(InitialDqSchemaSql.EnumTypes);


            migrationBuilder.Sql(InitialDqSchemaSql.AuditLogTable);

            migrationBuilder.CreateTable(
                name: "organizations",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organizations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workspaces",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspaces", x => x.id);
                    table.ForeignKey(
                        name: "fk_workspaces_organizations_organization_id",
                        column: x => x.organization_id,
                        principalSchema: "dq",
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    key_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    key_hash = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    scopes = table.Column<string[]>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_keys_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalSchema: "dq",
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "connections",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    type = table.Column<ConnectionType>(type: "dq.connection_type", nullable: false),
                    config_encrypted = table.Column<byte[]>(type: "bytea", nullable: false),
                    status = table.Column<ConnectionStatus>(type: "dq.connection_status", nullable: false, defaultValue: ConnectionStatus.Unknown),
                    last_tested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connections", x => x.id);
                    table.ForeignKey(
                        name: "fk_connections_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalSchema: "dq",
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    secret = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    events = table.Column<string[]>(type: "text[]", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    last_triggered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_response_code = table.Column<int>(type: "integer", nullable: true),
                    failure_count = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhooks", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhooks_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalSchema: "dq",
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "check_definitions",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    connection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    check_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    target_type = table.Column<CheckTargetType>(type: "dq.check_target_type", nullable: false),
                    target_schema = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    target_table = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    target_column = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    config = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb"),
                    severity = table.Column<CheckSeverity>(type: "dq.check_severity", nullable: false, defaultValue: CheckSeverity.Error),
                    enabled = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    tags = table.Column<string[]>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    data_product_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    latest_result_id = table.Column<long>(type: "bigint", nullable: true),
                    latest_result_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_definitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_check_definitions_connections_connection_id",
                        column: x => x.connection_id,
                        principalSchema: "dq",
                        principalTable: "connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(InitialDqSchemaSql.CheckResultsTable);

            migrationBuilder.CreateTable(
                name: "incidents",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    check_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<IncidentStatus>(type: "dq.incident_status", nullable: false, defaultValue: IncidentStatus.Open),
                    severity = table.Column<CheckSeverity>(type: "dq.check_severity", nullable: false),
                    failure_count = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    first_seen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    resolution_notes = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incidents", x => x.id);
                    table.ForeignKey(
                        name: "fk_incidents_check_definitions_check_id",
                        column: x => x.check_id,
                        principalSchema: "dq",
                        principalTable: "check_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "schedules",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    check_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cron_expression = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    timezone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, defaultValue: "UTC"),
                    enabled = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    last_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_run_job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedules", x => x.id);
                    table.ForeignKey(
                        name: "fk_schedules_check_definitions_check_id",
                        column: x => x.check_id,
                        principalSchema: "dq",
                        principalTable: "check_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    check_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<JobStatus>(type: "dq.job_status", nullable: false, defaultValue: JobStatus.Queued),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    result_id = table.Column<long>(type: "bigint", nullable: true),
                    error_message = table.Column<string>(type: "text", nullable: true),
                    triggered_by = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, defaultValue: "api"),
                    schedule_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs", x => x.id);
                    table.ForeignKey(
                        name: "fk_jobs_check_definitions_check_id",
                        column: x => x.check_id,
                        principalSchema: "dq",
                        principalTable: "check_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_jobs_schedules_schedule_id",
                        column: x => x.schedule_id,
                        principalSchema: "dq",
                        principalTable: "schedules",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "idx_api_keys_prefix",
                schema: "dq",
                table: "api_keys",
                column: "key_prefix");

            migrationBuilder.CreateIndex(
                name: "idx_api_keys_workspace",
                schema: "dq",
                table: "api_keys",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "idx_audit_entity",
                schema: "dq",
                table: "audit_log",
                columns: new[] { "entity_type", "entity_id", "created_at" },
                descending: new[] { false, false, true });

            migrationBuilder.CreateIndex(
                name: "idx_audit_workspace",
                schema: "dq",
                table: "audit_log",
                columns: new[] { "workspace_id", "created_at" },
                descending: new[] { false, true });

            migrationBuilder.AddUniqueConstraint(
                name: "check_definitions_connection_id_name_key",
                schema: "dq",
                table: "check_definitions",
                columns: new[] { "connection_id", "name" });

            migrationBuilder.CreateIndex(
                name: "idx_checks_connection",
                schema: "dq",
                table: "check_definitions",
                column: "connection_id");

            migrationBuilder.CreateIndex(
                name: "idx_checks_data_product",
                schema: "dq",
                table: "check_definitions",
                column: "data_product_id",
                filter: "data_product_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "idx_checks_enabled",
                schema: "dq",
                table: "check_definitions",
                column: "enabled",
                filter: "enabled = true");

            migrationBuilder.CreateIndex(
                name: "idx_checks_target",
                schema: "dq",
                table: "check_definitions",
                columns: new[] { "target_schema", "target_table" });

            migrationBuilder.CreateIndex(
                name: "idx_checks_type",
                schema: "dq",
                table: "check_definitions",
                column: "check_type");

            migrationBuilder.CreateIndex(
                name: "idx_results_check",
                schema: "dq",
                table: "check_results",
                columns: new[] { "check_id", "executed_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "idx_results_failed",
                schema: "dq",
                table: "check_results",
                columns: new[] { "check_id", "executed_at" },
                descending: new[] { false, true },
                filter: "rule_passed = false");

            migrationBuilder.AddUniqueConstraint(
                name: "connections_workspace_id_name_key",
                schema: "dq",
                table: "connections",
                columns: new[] { "workspace_id", "name" });

            migrationBuilder.CreateIndex(
                name: "idx_connections_type",
                schema: "dq",
                table: "connections",
                column: "type");

            migrationBuilder.CreateIndex(
                name: "idx_connections_workspace",
                schema: "dq",
                table: "connections",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "idx_incidents_active_by_severity",
                schema: "dq",
                table: "incidents",
                columns: new[] { "severity", "first_seen" },
                descending: new bool[0],
                filter: "status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])");

            migrationBuilder.CreateIndex(
                name: "idx_incidents_check",
                schema: "dq",
                table: "incidents",
                column: "check_id");

            migrationBuilder.CreateIndex(
                name: "idx_incidents_open",
                schema: "dq",
                table: "incidents",
                column: "check_id",
                unique: true,
                filter: "status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])");

            migrationBuilder.CreateIndex(
                name: "idx_incidents_status",
                schema: "dq",
                table: "incidents",
                column: "status",
                filter: "status <> 'resolved'::dq.incident_status");

            migrationBuilder.CreateIndex(
                name: "idx_jobs_check",
                schema: "dq",
                table: "jobs",
                columns: new[] { "check_id", "created_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "idx_jobs_status",
                schema: "dq",
                table: "jobs",
                column: "status",
                filter: "status = ANY (ARRAY['queued'::dq.job_status, 'running'::dq.job_status])");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_schedule_id",
                schema: "dq",
                table: "jobs",
                column: "schedule_id");

            migrationBuilder.CreateIndex(
                name: "idx_organizations_name",
                schema: "dq",
                table: "organizations",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_schedules_next_run",
                schema: "dq",
                table: "schedules",
                column: "next_run_at",
                filter: "enabled = true");

            migrationBuilder.AddUniqueConstraint(
                name: "schedules_check_id_key",
                schema: "dq",
                table: "schedules",
                columns: new[] { "check_id" });

            migrationBuilder.CreateIndex(
                name: "idx_webhooks_enabled",
                schema: "dq",
                table: "webhooks",
                columns: new[] { "workspace_id", "enabled" },
                filter: "enabled = true");

            migrationBuilder.CreateIndex(
                name: "idx_webhooks_workspace",
                schema: "dq",
                table: "webhooks",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "idx_workspaces_org",
                schema: "dq",
                table: "workspaces",
                column: "organization_id");

            migrationBuilder.AddUniqueConstraint(
                name: "workspaces_organization_id_name_key",
                schema: "dq",
                table: "workspaces",
                columns: new[] { "organization_id", "name" });

            migrationBuilder.Sql(InitialDqSchemaSql.PartitionRoutine);
            migrationBuilder.Sql(InitialDqSchemaSql.LatestResultPointer);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(InitialDqSchemaSql.DropRoutines);

            migrationBuilder.DropTable(
                name: "api_keys",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "check_results",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "incidents",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "jobs",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "webhooks",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "schedules",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "check_definitions",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "connections",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "workspaces",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "organizations",
                schema: "dq");

            migrationBuilder.Sql(InitialDqSchemaSql.DropEnumTypes);
        }
    }
}
