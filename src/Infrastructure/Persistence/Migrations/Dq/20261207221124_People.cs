using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class People : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "settings",
                schema: "dq",
                table: "organizations",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");

            migrationBuilder.AddColumn<string>(
                name: "slug",
                schema: "dq",
                table: "organizations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "acknowledged_by_id",
                schema: "dq",
                table: "incidents",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "user_id",
                schema: "dq",
                table: "audit_log",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "created_by_id",
                schema: "dq",
                table: "api_keys",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "user_id",
                schema: "dq",
                table: "api_keys",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "datasets",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    connection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    schema_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    table_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    read_roles = table.Column<string[]>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_datasets", x => x.id);
                    table.ForeignKey(
                        name: "fk_datasets_connections_connection_id",
                        column: x => x.connection_id,
                        principalSchema: "dq",
                        principalTable: "connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_datasets_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalSchema: "dq",
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "org_roles",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    scopes = table.Column<string[]>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_org_roles", x => x.id);
                    table.ForeignKey(
                        name: "fk_org_roles_organizations_organization_id",
                        column: x => x.organization_id,
                        principalSchema: "dq",
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                schema: "dq",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    issuer = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    external_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    last_sign_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "organization_members",
                schema: "dq",
                columns: table => new
                {
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organization_members", x => new { x.organization_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_organization_members_organizations_organization_id",
                        column: x => x.organization_id,
                        principalSchema: "dq",
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_organization_members_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "dq",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_members",
                schema: "dq",
                columns: table => new
                {
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspace_members", x => new { x.workspace_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_workspace_members_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "dq",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_workspace_members_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalSchema: "dq",
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Existing organizations get a slug from their name; a clash (or an empty result) takes the id's first block.
            migrationBuilder.Sql("""
                UPDATE dq.organizations o SET slug = s.slug
                FROM (
                    SELECT id, CASE WHEN count(*) OVER (PARTITION BY base) > 1 OR base = '' THEN base || '-' || left(id::text, 8) ELSE base END AS slug
                    FROM (SELECT id, trim(both '-' from regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g')) AS base FROM dq.organizations) b
                ) s
                WHERE s.id = o.id AND o.slug IS NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "organizations_slug_key",
                schema: "dq",
                table: "organizations",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_api_keys_user",
                schema: "dq",
                table: "api_keys",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "datasets_connection_table_key",
                schema: "dq",
                table: "datasets",
                columns: new[] { "connection_id", "schema_name", "table_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_datasets_workspace",
                schema: "dq",
                table: "datasets",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "org_roles_organization_id_slug_key",
                schema: "dq",
                table: "org_roles",
                columns: new[] { "organization_id", "slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_organization_members_user",
                schema: "dq",
                table: "organization_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "users_issuer_external_id_key",
                schema: "dq",
                table: "users",
                columns: new[] { "issuer", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_workspace_members_user",
                schema: "dq",
                table: "workspace_members",
                column: "user_id");

            migrationBuilder.AddForeignKey(
                name: "fk_api_keys_users_user_id",
                schema: "dq",
                table: "api_keys",
                column: "user_id",
                principalSchema: "dq",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_api_keys_users_user_id",
                schema: "dq",
                table: "api_keys");

            migrationBuilder.DropTable(
                name: "datasets",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "org_roles",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "organization_members",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "workspace_members",
                schema: "dq");

            migrationBuilder.DropTable(
                name: "users",
                schema: "dq");

            migrationBuilder.DropIndex(
                name: "organizations_slug_key",
                schema: "dq",
                table: "organizations");

            migrationBuilder.DropIndex(
                name: "idx_api_keys_user",
                schema: "dq",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "settings",
                schema: "dq",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "slug",
                schema: "dq",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "acknowledged_by_id",
                schema: "dq",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "user_id",
                schema: "dq",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "created_by_id",
                schema: "dq",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "user_id",
                schema: "dq",
                table: "api_keys");
        }
    }
}
