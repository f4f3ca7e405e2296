using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class AnomalyExpectedBounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // On the partitioned parent: PostgreSQL adds the columns to every partition (DEFAULT included); nullable
            // without a default, so it is a catalog change and no partition is rewritten.
            migrationBuilder.AddColumn<decimal>(
                name: "expected_lower",
                schema: "dq",
                table: "check_results",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "expected_upper",
                schema: "dq",
                table: "check_results",
                type: "numeric",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "expected_lower",
                schema: "dq",
                table: "check_results");

            migrationBuilder.DropColumn(
                name: "expected_upper",
                schema: "dq",
                table: "check_results");
        }
    }
}
