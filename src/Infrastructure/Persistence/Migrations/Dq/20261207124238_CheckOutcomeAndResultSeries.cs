using DqPlatform.Domain.Checks;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class CheckOutcomeAndResultSeries : Migration
    {
        // CheckResult.Outcome in SQL: error when the run stored why it could not measure, else whether the rule passed.
        private const string OutcomeOfNew =
            "CASE WHEN NEW.error_message IS NOT NULL THEN 'error' WHEN NEW.rule_passed THEN 'passed' ELSE 'failed' END::dq.check_outcome";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // In CheckOutcome's order (EF would sort the labels; PostgreSQL orders an enum by declaration).
            migrationBuilder.Sql("CREATE TYPE dq.check_outcome AS ENUM ('passed', 'failed', 'error', 'neverrun');");

            migrationBuilder.AddColumn<CheckOutcome>(
                name: "latest_outcome",
                schema: "dq",
                table: "check_definitions",
                type: "dq.check_outcome",
                nullable: false,
                defaultValue: CheckOutcome.NeverRun);

            // The latest-result trigger keeps the outcome with the pointer, in the same UPDATE: counting checks by their
            // last outcome then reads the checks alone instead of looking up every check's latest result.
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION dq.track_latest_check_result() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    UPDATE dq.check_definitions
                       SET latest_result_id = NEW.id, latest_result_at = NEW.executed_at, latest_outcome = {OutcomeOfNew}
                     WHERE id = NEW.check_id
                       AND (latest_result_at IS NULL OR (latest_result_at, latest_result_id) < (NEW.executed_at, NEW.id));
                    RETURN NULL;
                END
                $fn$;

                UPDATE dq.check_definitions d
                   SET latest_outcome = {OutcomeOfNew.Replace("NEW.", "r.", System.StringComparison.Ordinal)}
                  FROM dq.check_results r
                 WHERE r.executed_at = d.latest_result_at AND r.id = d.latest_result_id AND r.check_id = d.id;
                """);

            // Covers what a result series reads (ResultSeriesReads), so a series is an index-only scan.
            migrationBuilder.DropIndex(
                name: "idx_results_check",
                schema: "dq",
                table: "check_results");

            migrationBuilder.CreateIndex(
                name: "idx_results_check",
                schema: "dq",
                table: "check_results",
                columns: new[] { "check_id", "executed_at" },
                descending: new[] { false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "rule_passed", "sensor_value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_results_check",
                schema: "dq",
                table: "check_results");

            migrationBuilder.CreateIndex(
                name: "idx_results_check",
                schema: "dq",
                table: "check_results",
                columns: new[] { "check_id", "executed_at" },
                descending: new[] { false, true });

            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION dq.track_latest_check_result() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    UPDATE dq.check_definitions
                       SET latest_result_id = NEW.id, latest_result_at = NEW.executed_at
                     WHERE id = NEW.check_id
                       AND (latest_result_at IS NULL OR (latest_result_at, latest_result_id) < (NEW.executed_at, NEW.id));
                    RETURN NULL;
                END
                $fn$;
                """);

            migrationBuilder.DropColumn(
                name: "latest_outcome",
                schema: "dq",
                table: "check_definitions");

            migrationBuilder.Sql("DROP TYPE dq.check_outcome;");
        }
    }
}
