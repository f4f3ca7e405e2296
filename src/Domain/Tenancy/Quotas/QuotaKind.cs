namespace DqPlatform.Domain.Tenancy.Quotas;

/// <summary>
/// What a workspace's quotas bound (issue 29). Every kind but <see cref="ShortestScheduleInterval"/> is a ceiling on
/// something the workspace holds; the interval is a floor on how often one of its schedules may fire.
/// </summary>
public enum QuotaKind
{
    /// <summary>Check definitions of the workspace (through its connections).</summary>
    CheckDefinitions,

    /// <summary>The shortest gap, in seconds, between two fires of one schedule's cron expression.</summary>
    ShortestScheduleInterval,

    /// <summary>Source connections.</summary>
    Connections,

    /// <summary>Saved queries, shared and private alike.</summary>
    SavedQueries,

    /// <summary>Batch query runs queued or running at once.</summary>
    ConcurrentBatchQueries,

    /// <summary>Bytes of finished exports still kept in the export store.</summary>
    RetainedExportBytes,

    /// <summary>API keys neither revoked nor expired.</summary>
    ApiKeys,

    /// <summary>
    /// Workspaces of the organization (the one quota counted per organization): each workspace brings its own quotas
    /// and live shares, so an organization admin could otherwise multiply them by creating workspaces.
    /// </summary>
    Workspaces,
}
