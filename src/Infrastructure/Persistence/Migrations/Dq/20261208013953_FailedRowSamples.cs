using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class FailedRowSamples : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "check_result_samples",
                schema: "dq",
                columns: table => new
                {
                    result_id = table.Column<long>(type: "bigint", nullable: false),
                    executed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    check_id = table.Column<Guid>(type: "uuid", nullable: false),
                    payload = table.Column<byte[]>(type: "bytea", nullable: false),
                    row_count = table.Column<int>(type: "integer", nullable: false),
                    truncated = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_result_samples", x => x.result_id);
                    table.ForeignKey(
                        name: "fk_check_result_samples_check_definitions_check_id",
                        column: x => x.check_id,
                        principalSchema: "dq",
                        principalTable: "check_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_result_samples_check",
                schema: "dq",
                table: "check_result_samples",
                column: "check_id");

            migrationBuilder.CreateIndex(
                name: "idx_result_samples_executed",
                schema: "dq",
                table: "check_result_samples",
                column: "executed_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "check_result_samples",
                schema: "dq");
        }
    }
}
