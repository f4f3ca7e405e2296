using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Incidents;

namespace DqPlatform.Domain.Tests.Incidents;

public sealed class IncidentGroupingTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Ops = Guid.NewGuid();

    [Fact]
    public void RecordFailure_CountsAndKeepsTheWorstSeverityAndTheLatestTime()
    {
        var incident = Incident.Open(Guid.NewGuid(), CheckSeverity.Error, T0);

        incident.RecordFailure(CheckSeverity.Fatal, T0.AddMinutes(2));
        incident.RecordFailure(CheckSeverity.Warning, T0.AddMinutes(1));

        Assert.Equal(3, incident.FailureCount);
        Assert.Equal(CheckSeverity.Fatal, incident.Severity);
        Assert.Equal(T0.AddMinutes(2), incident.LastSeen);
        Assert.Equal(T0, incident.FirstSeen);
        Assert.Equal(IncidentStatus.Open, incident.Status);
    }

    [Fact]
    public void RecordFailure_OnAResolvedIncident_IsRefused()
    {
        var incident = Incident.Open(Guid.NewGuid(), CheckSeverity.Error, T0);
        incident.Resolve("ops", null, T0);

        Assert.Throws<ConflictException>(() => incident.RecordFailure(CheckSeverity.Error, T0));
        Assert.Equal(1, incident.FailureCount);
    }

    [Fact]
    public void Acknowledge_ThenResolve_IsAllowedAndResolvedIsFinal()
    {
        var incident = Incident.Open(Guid.NewGuid(), CheckSeverity.Error, T0);

        incident.Acknowledge(Ops, "ops", "looking", T0.AddMinutes(1));
        Assert.Equal((Ops, "ops"), (incident.AcknowledgedById!.Value, incident.AcknowledgedBy));
        Assert.Throws<ConflictException>(() => incident.Acknowledge(Ops, "ops", null, T0));
        incident.Resolve("ops", "fixed", T0.AddMinutes(2));

        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Equal(T0.AddMinutes(2), incident.ResolvedAt);
        Assert.Equal("Acknowledged by ops: looking\nResolved by ops: fixed", incident.ResolutionNotes);
        var again = Assert.Throws<ConflictException>(() => incident.Resolve("ops", null, T0));
        Assert.Equal("The incident is already resolved.", again.Message);
        Assert.Throws<ConflictException>(() => incident.Acknowledge(Ops, "ops", null, T0));
    }

    [Theory]
    [InlineData(IncidentStatus.Open, IncidentStatus.Acknowledged, true)]
    [InlineData(IncidentStatus.Open, IncidentStatus.Resolved, true)]
    [InlineData(IncidentStatus.Acknowledged, IncidentStatus.Resolved, true)]
    [InlineData(IncidentStatus.Acknowledged, IncidentStatus.Open, false)]
    [InlineData(IncidentStatus.Resolved, IncidentStatus.Open, false)]
    [InlineData(IncidentStatus.Resolved, IncidentStatus.Acknowledged, false)]
    public void Transitions_AreTheDocumentedOnes(IncidentStatus from, IncidentStatus to, bool allowed) =>
        Assert.Equal(allowed, IncidentRules.CanMove(from, to));

    [Theory]
    [InlineData(new[] { true, true, true }, 3, true)]
    [InlineData(new[] { true, true, true, false }, 3, true)]
    [InlineData(new[] { true, false, true }, 3, false)]
    [InlineData(new[] { true, true }, 3, false)]
    [InlineData(new[] { true }, 0, false)]
    public void PassesResolve_NeedsTheNewestNAllPassing(bool[] newestFirst, int passes, bool resolves) =>
        Assert.Equal(resolves, IncidentRules.PassesResolve(newestFirst, passes));

    [Fact]
    public void ResolveAutomatically_LeavesTheRulesNote()
    {
        var incident = Incident.Open(Guid.NewGuid(), CheckSeverity.Error, T0);

        incident.ResolveAutomatically(3, T0.AddMinutes(5));

        Assert.Equal(IncidentRules.AutoResolutionNote(3), incident.ResolutionNotes);
        Assert.False(incident.IsActive);
    }

    [Fact]
    public void Notes_WhenRecorded_AreTrimmedEmptyIsNoneAndTooLongIsRefused()
    {
        Assert.Equal("x", IncidentRules.Notes("  x "));
        Assert.Null(IncidentRules.Notes("   "));
        Assert.Equal("notes", Assert.Throws<ValidationException>(() => IncidentRules.Notes(new string('n', IncidentRules.MaxNotesLength + 1))).Field);
    }
}
