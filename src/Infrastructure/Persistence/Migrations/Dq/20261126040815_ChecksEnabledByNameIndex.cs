using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class ChecksEnabledByNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "idx_checks_enabled_by_name",
                schema: "dq",
                table: "check_definitions",
                columns: new[] { "name", "id" },
                filter: "enabled = true");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_checks_enabled_by_name",
                schema: "dq",
                table: "check_definitions");
        }
    }
}
