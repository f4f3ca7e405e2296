using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Data
{
    /// <inheritdoc />
    public partial class QuotaCountIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "idx_query_results_workspace_active_batch",
                schema: "data",
                table: "query_results",
                column: "workspace_id",
                filter: "mode = 'batch' AND status IN ('Queued', 'Running')");

            migrationBuilder.CreateIndex(
                name: "idx_query_results_workspace_kept_exports",
                schema: "data",
                table: "query_results",
                column: "workspace_id",
                filter: "output_location IS NOT NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "bytes" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_query_results_workspace_active_batch",
                schema: "data",
                table: "query_results");

            migrationBuilder.DropIndex(
                name: "idx_query_results_workspace_kept_exports",
                schema: "data",
                table: "query_results");
        }
    }
}
