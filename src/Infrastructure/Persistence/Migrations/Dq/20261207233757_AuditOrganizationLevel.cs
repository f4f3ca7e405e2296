using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class AuditOrganizationLevel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "workspace_id",
                schema: "dq",
                table: "audit_log",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "organization_id",
                schema: "dq",
                table: "audit_log",
                type: "uuid",
                nullable: true);

            // Rows written so far are all workspace rows: they belong to their workspace's organization.
            migrationBuilder.Sql("""
                UPDATE dq.audit_log a SET organization_id = w.organization_id
                FROM dq.workspaces w WHERE w.id = a.workspace_id AND a.organization_id IS NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "idx_audit_organization",
                schema: "dq",
                table: "audit_log",
                columns: new[] { "organization_id", "created_at" },
                descending: new[] { false, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_audit_organization",
                schema: "dq",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "organization_id",
                schema: "dq",
                table: "audit_log");

            migrationBuilder.AlterColumn<Guid>(
                name: "workspace_id",
                schema: "dq",
                table: "audit_log",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
