using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class JobBackgroundJobId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "background_job_id",
                schema: "dq",
                table: "jobs",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "background_job_id",
                schema: "dq",
                table: "jobs");
        }
    }
}
