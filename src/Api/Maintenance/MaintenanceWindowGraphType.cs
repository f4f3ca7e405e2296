using DqPlatform.Domain.Common;
using DqPlatform.Domain.Notifications.Quiet;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Maintenance;

/// <summary>A maintenance window: recurring (cron, zone, duration) or one-off (start and end).</summary>
public sealed class MaintenanceWindowGraphType : NodeGraphType<MaintenanceWindow>
{
    public MaintenanceWindowGraphType() : base(w => w.Id)
    {
        Description = "A time during which no notification is delivered for the workspace, one connection, or checks with one tag.";
        Field(w => w.Name);
        Field<IdGraphType>("connectionId").Description("The connection it covers (null: every connection).")
            .Resolve(c => c.Source.ConnectionId is { } id ? GlobalId.Encode("Connection", id) : null);
        Field(w => w.Tag, nullable: true).Description("Covers only checks carrying this tag.");
        Field(w => w.CronExpression, nullable: true).Description("Recurring: each fire opens the window.");
        Field(w => w.Timezone, nullable: true);
        Field<IntGraphType>("durationMinutes").Resolve(c => c.Source.Duration is { } d ? (int)d.TotalMinutes : null);
        Field(w => w.StartsAt, nullable: true).Description("One-off: from (inclusive).");
        Field(w => w.EndsAt, nullable: true).Description("One-off: to (exclusive).");
        Field<DateTimeScalar>("openUntil")
            .Description("When the window closes, if it is open now; null when it is closed.")
            .Resolve(c => c.Source.OpenUntil(c.RequestServices!.GetRequiredService<IClock>().UtcNow));
        Field(w => w.CreatedAt);
    }
}
