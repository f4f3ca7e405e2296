using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Webhooks;

namespace DqPlatform.Domain.Tenancy;

/// <summary>The isolation boundary: every connection, check, webhook and key belongs to exactly one workspace.</summary>
public class Workspace
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How failures group into incidents here (<see cref="Incidents.IncidentGroups"/>).</summary>
    public Incidents.IncidentGrouping IncidentGrouping { get; set; }

    /// <summary>Failures of checks below this severity open no incident (<see cref="Incidents.IncidentGroups.Counts"/>).</summary>
    public Checks.CheckSeverity IncidentMinimumSeverity { get; set; }

    public Organization? Organization { get; set; }
    public ICollection<Connection> Connections { get; } = new List<Connection>();
    public ICollection<ApiKey> ApiKeys { get; } = new List<ApiKey>();
    public ICollection<Webhook> Webhooks { get; } = new List<Webhook>();
}
