using DqPlatform.Api.Incidents;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Notifications;
using DqPlatform.GraphQL.Relay;
using GraphQL.Types;

namespace DqPlatform.Api.Notifications;

/// <summary>One attempt of the delivery log.</summary>
public sealed class NotificationDeliveryGraphType : NodeGraphType<NotificationDelivery>
{
    public NotificationDeliveryGraphType() : base(d => d.Id)
    {
        Description = "One attempt to send one event to one channel. Attempts of the same event and channel share a dispatchId.";
        Field<NotificationChannelGraphType>("channel").Description("Null once the channel is deleted.")
            .Resolve(c => c.Service<NotificationLoaders>().Channel(c.Source.ChannelId));
        Field<NonNullGraphType<IdGraphType>>("channelId").Resolve(c => GlobalId.Encode("NotificationChannel", c.Source.ChannelId));
        Field<NonNullGraphType<StringGraphType>>("dispatchId").Description("Shared by the attempts of one event to one channel (not a node id).").Resolve(c => c.Source.DispatchId.ToString());
        Field(d => d.Event).Description("incident.created, incident.updated, incident.acknowledged, incident.resolved, or test.");
        Field<IncidentGraphType>("incident").Resolve(c => c.Source.IncidentId is { } id ? c.Service<NotificationLoaders>().Incident(id) : null);
        Field<EnumerationGraphType<CheckSeverity>>("severity").Resolve(c => c.Source.Severity);
        Field(d => d.Attempt).Description("1 for the first attempt.");
        Field<NonNullGraphType<EnumerationGraphType<DeliveryStatus>>>("status").Resolve(c => c.Source.Status);
        Field(d => d.StatusCode, nullable: true).Description("The receiver's HTTP status, or the SMTP reply code.");
        Field(d => d.LatencyMs, nullable: true);
        Field(d => d.Error, nullable: true);
        Field(d => d.NextRetryAt, nullable: true).Description("When the next attempt is scheduled, if this one failed and will be retried.");
        Field(d => d.AttemptedAt, nullable: true);
        Field(d => d.DeliveredAt, nullable: true);
        Field(d => d.CreatedAt).Description("When the attempt was queued.");
    }
}
