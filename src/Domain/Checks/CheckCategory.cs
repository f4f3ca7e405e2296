namespace DqPlatform.Domain.Checks;

/// <summary>
/// What aspect of data quality a check looks at (DQOps' categories), which incident grouping per connection and
/// category groups by (see <see cref="Incidents.IncidentGrouping.ConnectionAndCategory"/>).
/// </summary>
public enum CheckCategory
{
    Volume,
    Completeness,
    Uniqueness,
    Validity,
    Timeliness,
    Schema,
}
