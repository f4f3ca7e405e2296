using DqPlatform.Domain.Notifications;
using DqPlatform.GraphQL.Relay;
using GraphQL.Types;

namespace DqPlatform.Api.Notifications;

/// <summary>A notification channel; its settings are write-only, <c>target</c> shows where it goes with the secret part masked.</summary>
public sealed class NotificationChannelGraphType : NodeGraphType<NotificationChannel>
{
    public NotificationChannelGraphType() : base(c => c.Id)
    {
        Description = "Where incident notifications go: Slack, Microsoft Teams, e-mail, PagerDuty or one of the workspace's webhooks.";
        Field(c => c.Name);
        Field<NonNullGraphType<EnumerationGraphType<NotificationChannelKind>>>("kind").Resolve(c => c.Source.Kind);
        Field(c => c.Target).Description("Where it sends, secrets masked (e.g. https://hooks.slack.com/…/••••).");
        Field<IdGraphType>("webhookId").Description("The webhook a WEBHOOK channel delivers through.")
            .Resolve(c => c.Source.WebhookId is { } id ? GlobalId.Encode("Webhook", id) : null);
        Field(c => c.Enabled);
        Field<NonNullGraphType<EnumerationGraphType<ChannelHealth>>>("health")
            .Description("UNHEALTHY after several failed attempts in a row (Dqp:Notifications:UnhealthyAfter); HEALTHY again on the next success.")
            .Resolve(c => c.Source.Healthy ? ChannelHealth.Healthy : ChannelHealth.Unhealthy);
        Field(c => c.ConsecutiveFailures);
        Field(c => c.UnhealthySince, nullable: true);
        Field(c => c.LastDeliveredAt, nullable: true);
        Field(c => c.LastError, nullable: true);
        Field(c => c.CreatedAt);
        Field(c => c.UpdatedAt);
    }
}
