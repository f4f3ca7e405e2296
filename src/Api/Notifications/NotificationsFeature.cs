using DqPlatform.Api.Schema;
using DqPlatform.Domain.Notifications;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Notifications;

/// <summary>Notifications: channels, routing rules and the delivery log; their lists, node types and mutations.</summary>
public static class NotificationsFeature
{
    public static IServiceCollection AddNotificationsFeature(this IServiceCollection services)
    {
        services.AddScoped<NotificationChannelCommands>();
        services.AddScoped<NotificationRuleCommands>();
        services.AddScoped<NotificationLoaders>();
        services.AddSingleton(NotificationLists.Channels);
        services.AddSingleton(NotificationLists.Rules);
        services.AddSingleton(NotificationLists.Deliveries);
        services.AddSingleton(NodeType.ByUuid("NotificationChannel",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().NotificationChannels, ids, ct), (NotificationChannel c) => c.Id));
        services.AddSingleton(NodeType.ByUuid("NotificationRule",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().NotificationRules, ids, ct), (NotificationRule r) => r.Id));
        services.AddSingleton(NodeType.ByUuid("NotificationDelivery",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().NotificationDeliveries, ids, ct), (NotificationDelivery d) => d.Id));
        return services;
    }

    public static void Register(QueryType query)
    {
        query.ListField<object?, NotificationChannelGraphType, NotificationChannel>("notificationChannels", c => c.Data().NotificationChannels);
        query.ListField<object?, NotificationRuleGraphType, NotificationRule>("notificationRules", c => c.Data().NotificationRules)
            .Description("Routing rules, in evaluation order unless `order` says otherwise.");
        query.ListField<object?, NotificationDeliveryGraphType, NotificationDelivery>("notificationDeliveries", c => c.Data().NotificationDeliveries)
            .Description("The delivery log: every attempt, newest first.");
    }

    public static void Register(MutationType mutation) => NotificationMutations.Register(mutation);
}
