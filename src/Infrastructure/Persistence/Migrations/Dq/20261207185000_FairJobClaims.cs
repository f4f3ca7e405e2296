using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DqPlatform.Infrastructure.Persistence.Migrations.Dq
{
    /// <summary>
    /// Fair job claims (issue 29): each job carries its workspace (filled by a trigger, so every insert path keeps it
    /// right), each workspace that ever queued a job has a lane (the row a claim locks, and when it was last served),
    /// and one counter of turns owed (see <c>JobLanes</c>). No EF model change: the columns are read by SQL only.
    /// </summary>
    public partial class FairJobClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE dq.jobs ADD COLUMN workspace_id uuid;
                UPDATE dq.jobs j SET workspace_id = n.workspace_id
                  FROM dq.check_definitions c JOIN dq.connections n ON n.id = c.connection_id
                 WHERE c.id = j.check_id;
                ALTER TABLE dq.jobs ALTER COLUMN workspace_id SET NOT NULL;

                CREATE TABLE dq.job_lanes (
                    workspace_id uuid PRIMARY KEY REFERENCES dq.workspaces (id) ON DELETE CASCADE,
                    served_at timestamptz);
                INSERT INTO dq.job_lanes (workspace_id) SELECT DISTINCT workspace_id FROM dq.jobs;

                CREATE TABLE dq.job_turns (
                    id boolean PRIMARY KEY DEFAULT true CHECK (id),
                    owed bigint NOT NULL DEFAULT 0 CHECK (owed >= 0));
                INSERT INTO dq.job_turns DEFAULT VALUES;

                -- The claim's two probes per lane: its oldest queued job, and how many it has running.
                CREATE INDEX idx_jobs_workspace_queued ON dq.jobs (workspace_id, created_at) WHERE status = 'queued';
                CREATE INDEX idx_jobs_workspace_running ON dq.jobs (workspace_id) WHERE status = 'running';

                CREATE FUNCTION dq.job_workspace() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF NEW.workspace_id IS NULL THEN
                        SELECT n.workspace_id INTO NEW.workspace_id
                          FROM dq.check_definitions c JOIN dq.connections n ON n.id = c.connection_id
                         WHERE c.id = NEW.check_id;
                    END IF;
                    IF NOT EXISTS (SELECT 1 FROM dq.job_lanes WHERE workspace_id = NEW.workspace_id) THEN
                        INSERT INTO dq.job_lanes (workspace_id) VALUES (NEW.workspace_id) ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NEW;
                END
                $fn$;
                CREATE TRIGGER jobs_workspace BEFORE INSERT ON dq.jobs FOR EACH ROW EXECUTE FUNCTION dq.job_workspace();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER jobs_workspace ON dq.jobs;
                DROP FUNCTION dq.job_workspace();
                DROP TABLE dq.job_turns;
                DROP TABLE dq.job_lanes;
                DROP INDEX dq.idx_jobs_workspace_running;
                DROP INDEX dq.idx_jobs_workspace_queued;
                ALTER TABLE dq.jobs DROP COLUMN workspace_id;
                """);
        }
    }
}
