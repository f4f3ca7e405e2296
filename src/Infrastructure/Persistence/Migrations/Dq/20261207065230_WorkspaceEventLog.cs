using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <inheritdoc />
    public partial class WorkspaceEventLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Each workspace's ordered event log (EventLogRules): the head row is the position counter, locked by the
            // transaction that appends until it commits, so positions commit in order.
            migrationBuilder.Sql("""
                CREATE TABLE dq.workspace_event_heads (
                    workspace_id uuid PRIMARY KEY REFERENCES dq.workspaces (id) ON DELETE CASCADE,
                    position bigint NOT NULL,
                    purged_through bigint NOT NULL DEFAULT 0);
                CREATE TABLE dq.workspace_events (
                    workspace_id uuid NOT NULL REFERENCES dq.workspaces (id) ON DELETE CASCADE,
                    position bigint NOT NULL,
                    occurred_at timestamptz NOT NULL,
                    payload jsonb NOT NULL,
                    PRIMARY KEY (workspace_id, position));
                CREATE INDEX idx_workspace_events_occurred_at ON dq.workspace_events (occurred_at);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE dq.workspace_events; DROP TABLE dq.workspace_event_heads;");
        }
    }
}
