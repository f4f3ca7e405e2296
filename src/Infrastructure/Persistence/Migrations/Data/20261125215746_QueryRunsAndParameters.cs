using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Data
{
    /// <inheritdoc />
    public partial class QueryRunsAndParameters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "parameters",
                schema: "data",
                table: "saved_queries",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<Guid>(
                name: "query_result_id",
                schema: "data",
                table: "query_audit",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "query_audit_query_result_idx",
                schema: "data",
                table: "query_audit",
                column: "query_result_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "query_audit_query_result_idx",
                schema: "data",
                table: "query_audit");

            migrationBuilder.DropColumn(
                name: "parameters",
                schema: "data",
                table: "saved_queries");

            migrationBuilder.DropColumn(
                name: "query_result_id",
                schema: "data",
                table: "query_audit");
        }
    }
}
