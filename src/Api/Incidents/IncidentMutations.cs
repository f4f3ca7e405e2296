using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Tenancy;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Incidents;

/// <summary>The on-call's two moves: acknowledge (someone is on it) and resolve (with notes).</summary>
public static class IncidentMutations
{
    public const int MaxNotesLength = 10_000;

    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<IncidentGraphType>>("acknowledgeIncident")
            .Description("Marks an open incident as being handled; new failures keep counting on it.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<StringGraphType>("notes")
            .ResolveAsync(c => ChangeAsync(c, (incident, by, notes) => incident.Acknowledge(by, notes, DateTimeOffset.UtcNow)));

        mutation.Field<NonNullGraphType<IncidentGraphType>>("resolveIncident")
            .Description("Closes an open or acknowledged incident; the next failure of its check opens a new one.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<StringGraphType>("notes")
            .ResolveAsync(c => ChangeAsync(c, (incident, by, notes) => incident.Resolve(by, notes, DateTimeOffset.UtcNow)));
    }

    private static async Task<object?> ChangeAsync(IResolveFieldContext c, Action<Incident, string, string?> change)
    {
        var data = MutationSupport.WritableData(c);
        var notes = c.GetArgument<string?>("notes")?.Trim();
        if (notes?.Length > MaxNotesLength)
        {
            throw new ValidationException($"'notes' may be at most {MaxNotesLength} characters.", "notes");
        }

        var id = MutationSupport.IdOf(c.GetArgument<string>("id"), "Incident");
        var incident = await data.Incidents.SingleOrDefaultAsync(i => i.Id == id, c.CancellationToken)
            ?? throw new NotFoundException("Incident", c.GetArgument<string>("id"));
        var caller = c.Service<Auth.RequestCaller>().Require(ApiKeyScopes.Write);
        var key = await data.ApiKeys.AsNoTracking().Where(k => k.Id == caller.ApiKeyId).Select(k => new { k.Name, k.KeyPrefix }).SingleAsync(c.CancellationToken);
        var by = $"{key.Name} ({key.KeyPrefix})";
        change(incident, by.Length > 255 ? by[..255] : by, string.IsNullOrEmpty(notes) ? null : notes);
        await MutationSupport.SaveAsync(data.Db, c.CancellationToken); // conditional on the status read: a lost race is CONFLICT
        var workspaceId = await data.Checks.Where(x => x.Id == incident.CheckId).Select(x => x.Connection!.WorkspaceId).SingleAsync(c.CancellationToken);
        await c.Service<Infrastructure.Messaging.IEventBus>().PublishAsync(new IncidentChanged(
            workspaceId, incident.UpdatedAt, incident.Id, incident.CheckId,
            incident.Status == IncidentStatus.Resolved ? IncidentChangeKind.Resolved : IncidentChangeKind.Acknowledged,
            incident.Status, incident.Severity, incident.FailureCount), c.CancellationToken);
        return incident;
    }
}
