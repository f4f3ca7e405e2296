using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;

namespace DqPlatform.Domain.Checks;

/// <summary>
/// A data-quality check on a table or column of a connection's database. Defined and changed only as a whole
/// <see cref="CheckSpec"/> that its <see cref="CheckType"/> validates, so a check that cannot run is never stored.
/// </summary>
public class CheckDefinition
{
    public Guid Id { get; set; }
    public Guid ConnectionId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    public required string CheckType { get; set; }
    public CheckTargetType TargetType { get; set; }
    public string? TargetSchema { get; set; }
    public required string TargetTable { get; set; }
    public string? TargetColumn { get; set; }

    /// <summary>Check-type specific parameters as a JSON object.</summary>
    public string Config { get; set; } = "{}";
    public CheckSeverity Severity { get; set; } = CheckSeverity.Error;
    public bool Enabled { get; set; } = true;

    public string[] Tags { get; set; } = [];
    public string? DataProductId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Addition to seed 002: a pointer to the newest result, maintained by the database when a result is stored,
    /// so "checks with their latest result" is a primary-key lookup instead of a scan of every partition.
    /// </summary>
    public long? LatestResultId { get; set; }
    public DateTimeOffset? LatestResultAt { get; set; }

    /// <summary>
    /// The <see cref="CheckResult.Outcome"/> of the result <see cref="LatestResultId"/> points to, kept with the pointer
    /// (<see cref="CheckOutcome.NeverRun"/> until the first result), so counting checks by outcome reads the checks
    /// alone; it stays when old results are dropped with their partitions.
    /// </summary>
    public CheckOutcome LatestOutcome { get; set; } = CheckOutcome.NeverRun;

    /// <summary>
    /// The result <see cref="LatestResultId"/> points to, when it was read together with the check (list pages do).
    /// Not a relationship in the database: results are retained by dropping partitions, which a foreign key would
    /// block.
    /// </summary>
    public CheckResult? LatestResult { get; set; }

    public Connection? Connection { get; set; }

    /// <summary>While in the future, its runs change incidents without announcing it (<see cref="Incidents.Mutes"/>).</summary>
    public DateTimeOffset? MutedUntil { get; private set; }
    public Guid? MutedById { get; private set; }
    public string? MuteReason { get; private set; }

    public void Mute(DateTimeOffset until, Guid byId, string? reason, DateTimeOffset now)
    {
        MutedUntil = Incidents.Mutes.Until(until, now);
        MutedById = byId;
        MuteReason = Incidents.Mutes.Reason(reason);
        UpdatedAt = now;
    }

    public void Unmute(DateTimeOffset now)
    {
        MutedUntil = null;
        MutedById = null;
        MuteReason = null;
        UpdatedAt = now;
    }

    /// <summary>The check type this definition names.</summary>
    public CheckType Type => CheckCatalog.Get(CheckType);

    /// <summary>What the check is now, to change part of it: <c>check.Update(check.Spec with { … }, now)</c>.</summary>
    public CheckSpec Spec => new(Name, CheckType, TargetSchema, TargetTable, TargetColumn, Config, Tags, Description, Severity, Enabled, DataProductId);

    /// <summary>A new check; its created and updated times are the database's (the insert's <c>now()</c>).</summary>
    public static CheckDefinition Define(Guid connectionId, CheckSpec spec)
    {
        var check = new CheckDefinition { ConnectionId = connectionId, Name = "", CheckType = "", TargetTable = "" };
        check.Apply(spec, nameChanged: true);
        return check;
    }

    /// <summary>Validates everything before changing anything, so a refused spec leaves the check as it was.</summary>
    public void Update(CheckSpec spec, DateTimeOffset now)
    {
        Apply(spec, nameChanged: !string.Equals(spec.Name, Name, StringComparison.Ordinal));
        UpdatedAt = now;
    }

    private void Apply(CheckSpec spec, bool nameChanged)
    {
        var name = nameChanged ? Names.Require(spec.Name) : Name;

        var type = CheckCatalog.Get(spec.CheckType);
        if (spec.TargetSchema is not null)
        {
            SqlIdentifier.Require(spec.TargetSchema, "targetSchema");
        }

        SqlIdentifier.Require(spec.TargetTable, "targetTable");
        if (type.Target == CheckTargetType.Column)
        {
            SqlIdentifier.Require(spec.TargetColumn, "targetColumn");
        }
        else if (spec.TargetColumn is not null)
        {
            throw new ValidationException($"'{type.Name}' checks a whole table; leave targetColumn empty.", "targetColumn");
        }

        type.Validate(spec.Config);
        if (spec.Tags.Any(t => t.Length is 0 or > 100))
        {
            throw new ValidationException("Tags must be 1 to 100 characters.", "tags");
        }

        Name = name;
        CheckType = type.Name;
        TargetType = type.Target;
        TargetSchema = spec.TargetSchema;
        TargetTable = spec.TargetTable!;
        TargetColumn = spec.TargetColumn;
        Config = spec.Config;
        Tags = spec.Tags;
        Description = spec.Description;
        Severity = spec.Severity;
        Enabled = spec.Enabled;
        DataProductId = spec.DataProductId;
    }

    public void Enable(DateTimeOffset now) => Update(Spec with { Enabled = true }, now);

    public void Disable(DateTimeOffset now) => Update(Spec with { Enabled = false }, now);

    /// <summary>Only an enabled check runs, on demand or on schedule.</summary>
    public void EnsureRunnable()
    {
        if (!Enabled)
        {
            throw new ValidationException("The check is disabled; enable it to run it.", "id");
        }
    }
}
