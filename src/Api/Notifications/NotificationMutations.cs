using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Notifications;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Notifications;

public static class NotificationMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<NotificationChannelGraphType>>("createNotificationChannel")
            .Argument<NonNullGraphType<CreateNotificationChannelInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<NotificationChannelCommands>().CreateAsync(input.Value<NotificationChannelKind>("kind"), ChannelChanges(input), c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<NotificationChannelGraphType>>("updateNotificationChannel")
            .Argument<NonNullGraphType<UpdateNotificationChannelInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var id = input.Value<string>("id")!;
                return await c.Service<NotificationChannelCommands>().UpdateAsync(MutationSupport.IdOf(id, "NotificationChannel"), id, ChannelChanges(input), c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<IdGraphType>>("deleteNotificationChannel")
            .Description("Deletes the channel with its delivery log, and takes it out of every rule.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<NotificationChannelCommands>().DeleteAsync(MutationSupport.IdOf(id, "NotificationChannel"), c.CancellationToken)
                    ? id : throw new NotFoundException("NotificationChannel", id);
            });

        mutation.Field<NonNullGraphType<NotificationDeliveryGraphType>>("testNotificationChannel")
            .Description("Sends a test message to the channel now (PagerDuty: an info-severity trigger, resolved right after) and answers the logged attempt. At most one test per channel every 10 seconds (RATE_LIMITED, with extensions.retryAfterSeconds).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<NotificationChannelCommands>().TestAsync(MutationSupport.IdOf(id, "NotificationChannel"), id, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<NotificationRuleGraphType>>("createNotificationRule")
            .Argument<NonNullGraphType<CreateNotificationRuleInputType>>("input")
            .ResolveAsync(async c => await c.Service<NotificationRuleCommands>().CreateAsync(
                RuleChanges(c.GetArgument<Dictionary<string, object?>>("input")), c.CancellationToken));

        mutation.Field<NonNullGraphType<NotificationRuleGraphType>>("updateNotificationRule")
            .Description("Changes the rule; `position` moves it in the evaluation order (the others renumber).")
            .Argument<NonNullGraphType<UpdateNotificationRuleInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var id = input.Value<string>("id")!;
                return await c.Service<NotificationRuleCommands>().UpdateAsync(MutationSupport.IdOf(id, "NotificationRule"), id, RuleChanges(input), c.CancellationToken);
            });

        MutationSupport.RegisterDelete(mutation, "deleteNotificationRule", "NotificationRule", d => d.NotificationRules);
    }

    private static NotificationChannelCommands.Changes ChannelChanges(IDictionary<string, object?> input) => new(
        input.Has("name") ? input.Value<string>("name") ?? "" : null,
        input.Has("enabled") ? input.Value<bool>("enabled") : null,
        input.Value<string>("url"),
        input.Value<string>("routingKey"),
        input.Value<string>("webhookId") is { } webhook ? MutationSupport.IdOf(webhook, "Webhook", "webhookId") : null,
        input.TryGetValue("email", out var email) && email is IDictionary<string, object?> e ? Email(e) : null);

    private static EmailSettings Email(IDictionary<string, object?> e) => new()
    {
        Host = e.Value<string>("host") ?? "",
        Port = e.Has("port") && e["port"] is not null ? e.Value<int>("port") : 587,
        Security = e.Has("security") && e["security"] is not null ? e.Value<SmtpSecurity>("security") : SmtpSecurity.StartTls,
        User = e.Value<string>("user"),
        Password = e.Value<string>("password"),
        From = e.Value<string>("from") ?? "",
        To = e.Strings("to"),
    };

    private static NotificationRuleCommands.Changes RuleChanges(IDictionary<string, object?> input) => new(
        input.Has("name") ? input.Value<string>("name") ?? "" : null,
        input.Has("enabled") ? input.Value<bool>("enabled") : null,
        input.Has("events") ? Events(input) : null,
        input.Has("minSeverity"),
        input.Has("minSeverity") && input["minSeverity"] is not null ? input.Value<CheckSeverity>("minSeverity") : null,
        input.Has("connectionIds") ? input.Strings("connectionIds").Select(id => MutationSupport.IdOf(id, "Connection", "connectionIds")).ToArray() : null,
        input.Has("tables") ? input.Strings("tables") : null,
        input.Has("tags") ? input.Strings("tags") : null,
        input.Has("checkTypes") ? input.Strings("checkTypes") : null,
        input.Has("channelIds") ? input.Strings("channelIds").Select(id => MutationSupport.IdOf(id, "NotificationChannel", "channelIds")).ToArray() : null,
        input.Has("stopHere") ? input.Value<bool>("stopHere") : null,
        input.Has("position") && input["position"] is not null ? input.Value<int>("position") : null);

    private static IncidentChangeKind[] Events(IDictionary<string, object?> input) =>
        input["events"] is System.Collections.IEnumerable items ? items.Cast<object>().Select(i => (IncidentChangeKind)i).ToArray() : [];
}
