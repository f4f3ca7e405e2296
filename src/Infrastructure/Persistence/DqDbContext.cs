using DqPlatform.Domain.Auditing;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>
/// The <c>dq</c> schema of seed 002. Migrations are the canonical DDL; add one with
/// <c>dotnet ef migrations add &lt;Name&gt; --context DqDbContext --output-dir Persistence/Migrations/Dq --project src/Infrastructure --startup-project src/Api</c>.
/// </summary>
public sealed class DqDbContext(DbContextOptions<DqDbContext> options) : DbContext(options)
{
    public const string Schema = "dq";

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Connection> Connections => Set<Connection>();
    public DbSet<CheckDefinition> CheckDefinitions => Set<CheckDefinition>();
    public DbSet<CheckResult> CheckResults => Set<CheckResult>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentCheck> IncidentChecks => Set<IncidentCheck>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();
    public DbSet<SchemaSnapshot> SchemaSnapshots => Set<SchemaSnapshot>();
    public DbSet<SchemaSnapshotHistory> SchemaSnapshotHistory => Set<SchemaSnapshotHistory>();
    public DbSet<Domain.People.User> Users => Set<Domain.People.User>();
    public DbSet<Domain.People.OrganizationMember> OrganizationMembers => Set<Domain.People.OrganizationMember>();
    public DbSet<Domain.People.WorkspaceMember> WorkspaceMembers => Set<Domain.People.WorkspaceMember>();
    public DbSet<Domain.People.CustomRole> CustomRoles => Set<Domain.People.CustomRole>();
    public DbSet<Domain.People.Dataset> Datasets => Set<Domain.People.Dataset>();
    public DbSet<Domain.Notifications.Quiet.MaintenanceWindow> MaintenanceWindows => Set<Domain.Notifications.Quiet.MaintenanceWindow>();
    public DbSet<Domain.Notifications.NotificationChannel> NotificationChannels => Set<Domain.Notifications.NotificationChannel>();
    public DbSet<Domain.Notifications.NotificationRule> NotificationRules => Set<Domain.Notifications.NotificationRule>();
    public DbSet<Domain.Notifications.NotificationDelivery> NotificationDeliveries => Set<Domain.Notifications.NotificationDelivery>();
    public DbSet<Domain.Checks.Samples.CheckResultSample> CheckResultSamples => Set<Domain.Checks.Samples.CheckResultSample>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DqDbContext).Assembly, t => t.Namespace == typeof(Configurations.OrganizationConfiguration).Namespace);
        SqlLiteral.Register(modelBuilder);
    }
}
