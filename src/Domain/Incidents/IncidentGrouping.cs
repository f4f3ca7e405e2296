namespace DqPlatform.Domain.Incidents;

/// <summary>How a workspace groups failures into incidents (DQOps' levels); see <see cref="IncidentGroups.KeyOf"/>.</summary>
public enum IncidentGrouping
{
    /// <summary>One active incident per check (the default, and how every incident before groupings was kept).</summary>
    Check,

    /// <summary>One per table of a connection: failures of every check on the table count on it.</summary>
    Table,

    /// <summary>One per connection and <see cref="Checks.CheckCategory"/>, such as all completeness checks of a warehouse.</summary>
    ConnectionAndCategory,
}
